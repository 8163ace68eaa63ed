"""Celery: the app, its queues and tasks. An entry point, like api/ and cli/.

With no AJOB_REDIS_URL the same task functions run in-process; a worker is only
needed to scale out."""
