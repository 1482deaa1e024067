# Met Before: migrate, then serve. Bare, it is a trial (SQLite in /data, sign-in mails in
# its log). For production set METBEFORE_ENVIRONMENT=production with METBEFORE_DATABASE_URL,
# METBEFORE_BASE_URL, METBEFORE_SECRET_KEY and METBEFORE_SMTP_URL (it refuses to start
# without them); see deploy/compose.yaml for the whole production shape.

# From npm, as for `make run`: the scanner's decoder (barcode-detector + zxing-wasm),
# served by the app so that phones never fetch it from a CDN, and the badge sheets' Noto
# fonts (@fontsource), of which the app reads the regular and bold WOFF files only, and
# the regular ones only of Chinese, Japanese and Korean (events/fonts.py).
FROM node:20-slim AS vendor
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev \
    && find node_modules/@fontsource -type f -name '*.woff*' \
        ! -name '*-400-normal.woff' ! -name '*-700-normal.woff' -delete \
    && find node_modules/@fontsource/noto-sans-sc node_modules/@fontsource/noto-sans-jp \
        node_modules/@fontsource/noto-sans-kr -name '*-700-normal.woff' -delete

# The Python dependencies in a virtual environment, built where the app will live (/app),
# then stripped of the installers, of test folders and of the native libraries' symbols
# (uvloop alone carries 10 MB of them): the image only runs it.
FROM python:3.11-slim AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY backend ./backend
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-compile -e . \
    && /opt/venv/bin/python -m pip uninstall -y pip setuptools wheel \
    && find /opt/venv -depth \( -name tests -o -name __pycache__ \) -type d -exec rm -rf {} + \
    && find /opt/venv -name '*.so*' -type f -exec strip --strip-unneeded {} +

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    METBEFORE_HOST=0.0.0.0 \
    METBEFORE_PORT=8000 \
    METBEFORE_DATA_DIR=/data

WORKDIR /app
COPY --from=python /opt/venv /opt/venv
COPY pyproject.toml alembic.ini ./
COPY backend ./backend
COPY migrations ./migrations
COPY frontend ./frontend
COPY --from=vendor /app/node_modules ./node_modules
RUN useradd --system --uid 10001 --home /app metbefore \
    && mkdir -p /data && chown 10001 /data

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health')"]
CMD ["metbefore", "serve"]
