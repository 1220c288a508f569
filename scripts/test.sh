#!/usr/bin/env bash
# The README's second command: the whole test suite. On PGlite by default; against a
# PostgreSQL server when DATABASE_URL is set (each test file makes its own database there).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-bun.sh
bun run build >/dev/null
# bun reads no per-test timeout from bunfig.toml: give tests that start servers and
# browsers room on a loaded two-core CI machine here.
exec bun test --timeout 30000 "$@"
