# One image for the api, worker and beat services: the app, its locked dependencies and Chromium's
# headless shell (a container has no screen for a person's window).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    AJOB_ENV=production \
    AJOB_DATA_DIR=/data

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium-headless-shell fonts-liberation curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir uv \
 && uv pip install --system --no-cache -r requirements.lock
COPY . .
RUN uv pip install --system --no-cache --no-deps . \
 && useradd --create-home --uid 1000 ajob \
 && mkdir -p /data && chown ajob /data
USER ajob

EXPOSE 8000
CMD ["ajob", "serve", "--host", "0.0.0.0", "--port", "8000"]
