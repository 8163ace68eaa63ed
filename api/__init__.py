"""The HTTP API (FastAPI): routes, request/response schemas, dependencies.

An entry point: it calls the services and graphs below it and holds no domain logic.
"""
