#!/usr/bin/env bash
# The test command (`npm test`): sets up what the tests need, then runs them all.
# On a fresh clone: `npm ci && npm test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-pulumi.sh >/dev/null
./scripts/install-chromium.sh >/dev/null
npm run --silent build
npm run --silent typecheck
npx jest --runInBand "$@"
