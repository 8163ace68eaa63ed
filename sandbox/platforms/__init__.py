"""One module per replicated platform: an APIRouter that answers in that platform's real format.

A module holds the routes of one platform's search API and, where the platform has them, its
human-facing job pages. Shared rendering lives in `sandbox.render`, URL shapes in `sandbox.links`.
"""
