#!/usr/bin/env bash
# The test command (`npm test`): sets up what the tests need, then runs them all.
# On a fresh clone: `npm ci && npm test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Found once here and handed to every test file (each would otherwise run the installer again).
PULUMI_CLI_DIR="$(./scripts/install-pulumi.sh | tail -n 1)"
CHROMIUM_PATH="$(./scripts/install-chromium.sh | tail -n 1)"
export PULUMI_CLI_DIR CHROMIUM_PATH
npm run --silent build
npm run --silent typecheck
npx jest --runInBand "$@"
