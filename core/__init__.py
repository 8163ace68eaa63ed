"""Infrastructure shared by every layer: settings, logging, errors.

Nothing here knows about jobs, resumes or applications; domain logic lives in the
service packages above it.
"""
