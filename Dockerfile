# One image for web, worker and beat (docker-compose.yml chooses the command).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY Makefile ./
RUN mkdir -p static && apt-get update -qq && apt-get install -y -qq make >/dev/null \
    && touch node_modules/.installed && make static/vendor/.built

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
WORKDIR /app
RUN useradd --create-home --uid 1000 portal
COPY pyproject.toml README.md ./
COPY csa_portal csa_portal
COPY roles roles
COPY applicants applicants
COPY assessments assessments
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /build/static/vendor static/vendor
# collectstatic needs a key to import settings; this one never reaches a running container.
RUN SECRET_KEY=build-only-key-build-only-key-build-only-key-build-only \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media && chown -R portal /data
USER portal
EXPOSE 8000
# gunicorn.conf.py binds 0.0.0.0:8000 and redacts sign-in tokens from gunicorn's own logs.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "csa_portal.wsgi:application"]
