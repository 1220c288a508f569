# Sourced by the start and test scripts: makes sure Bun (pinned) is on PATH, installing
# it from the npm registry when missing, then installs the locked dependencies.
BUN_VERSION=1.4.5
if ! command -v bun >/dev/null 2>&1; then
  echo "Bun not found: installing bun@${BUN_VERSION} with npm" >&2
  npm install --global "bun@${BUN_VERSION}" >&2
  export PATH="$(npm prefix --global)/bin:$PATH"
fi
bun install --frozen-lockfile >&2
