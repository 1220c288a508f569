#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the dashboard and starts
# the server (API + dashboard) on http://localhost:3000. With no DATABASE_URL it uses the
# embedded database under ./data; in development it creates demo data on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-bun.sh
bun run build
exec bun server/main.ts
