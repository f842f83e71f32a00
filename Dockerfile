# The `eci` image: CLI and worker. Dependencies come pinned from requirements-runtime.lock.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system eci && useradd --system --gid eci --home-dir /home/eci --create-home eci \
    && mkdir -p /data && chown eci:eci /data

# WeasyPrint (the summary report's PDF) lays text out with Pango; DejaVu gives it Cyrillic glyphs.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements-runtime.lock ./
RUN pip install --no-deps -r requirements-runtime.lock

COPY pyproject.toml README.md ./
COPY domain ./domain
COPY store ./store
COPY workflows ./workflows
COPY activities ./activities
COPY notifications ./notifications
COPY tui ./tui
COPY reports ./reports
COPY eci ./eci
RUN pip install --no-deps . && python -c "import eci.cli.main"

USER eci
ENV ECI_DATA_DIR=/data
VOLUME ["/data"]
ENTRYPOINT ["eci"]
CMD ["worker"]
