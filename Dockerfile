# syntax=docker/dockerfile:1
# Multi-stage: build a wheel with the build tools, run it in a slim image as a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY emulator ./emulator
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# Noto Sans CJK: progress cards draw Chinese with it (README, "Progress cards").
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 studybot \
    && mkdir -p /data && chown studybot:studybot /data
COPY --from=build /wheels /wheels
# --compile (pip's default, kept explicit): the bytecode is in the image, so no start-up
# compiles the code (bench row 9 measures start-up the same way)
RUN pip install --no-cache-dir --compile /wheels/*.whl && rm -rf /wheels
COPY roadmaps /app/roadmaps
ENV STUDYBOT_DB=/data/studybot.db \
    STUDYBOT_ROADMAPS=/app/roadmaps \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
USER studybot
WORKDIR /home/studybot
# The token comes from DISCORD_TOKEN or a secret file named by DISCORD_TOKEN_FILE,
# e.g. --secret id=discord_token / -e DISCORD_TOKEN_FILE=/run/secrets/discord_token.
ENTRYPOINT ["studybot"]
CMD ["run"]
