# DIWI application image: the web app with pygeoapi inside it, and the job worker.
FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin postgresql-client \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY webapp webapp
COPY plugins plugins
COPY ingest ingest
COPY manage manage
COPY sql sql
COPY styles styles
COPY pygeoapi-config.yml ./
RUN pip install --no-cache-dir .
ENV DIWI_VAR_DIR=/var/lib/diwi
RUN useradd --system --home /var/lib/diwi diwi && mkdir -p /var/lib/diwi && chown diwi /var/lib/diwi
USER diwi
EXPOSE 8000
CMD ["python", "-m", "manage", "serve"]
