# syntax=docker/dockerfile:1
# Build: install with the lockfile, build the dashboard. Run: production deps only, non-root.
FROM oven/bun:1.4.5-debian AS build
WORKDIR /app
COPY package.json bun.lock bunfig.toml ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build

FROM oven/bun:1.4.5-debian AS deps
WORKDIR /app
COPY package.json bun.lock bunfig.toml ./
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.4.5-debian
WORKDIR /app
# The code stays root's (read-only to the server); the one writable path, DATA_DIR, is the
# bun user's: recordings there when RECORDINGS_URL is file:///app/data/recordings (one
# machine; mount a volume at /app/data). With object storage nothing is written locally.
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 DATA_DIR=/app/data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/client/dist ./client/dist
COPY package.json bunfig.toml tsconfig.json ./
COPY server ./server
COPY db ./db
RUN mkdir -p /app/data && chown bun:bun /app/data
USER bun
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD bun -e "fetch('http://127.0.0.1:8080/health').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"
CMD ["bun", "server/main.ts"]
