"""The API's request and response models (pydantic v2), one module per group of routes.

They are the published contract (/openapi.json): database rows never leave the API
unconverted, and every field a client may send is bounded, so bad input fails validation
with one clear message instead of reaching a service.
"""
