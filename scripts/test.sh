#!/usr/bin/env bash
# The test command. `npm test`: sets up what the tests need (the Pulumi CLI, Chromium), builds,
# type-checks, then runs every suite, one file at a time: the full run CI uses.
# `npm run test:fast` (this script with --fast): builds, type-checks, then runs the unit, policy,
# emulator, integration and contract suites, which need neither the Pulumi CLI nor Chromium: the
# inner loop. Extra arguments go to jest in both.
# On a fresh clone: `npm test` (scripts/setup.sh brings a Node.js >= 22 and node_modules first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
FAST_SUITES=(test/unit test/policy test/emulator test/integration test/contract)
if [[ "${1:-}" == "--fast" ]]; then
  shift
  npm run --silent build
  npm run --silent typecheck
  npx jest "${FAST_SUITES[@]}" "$@"
  exit
fi
# Found once here and handed to every test file (each would otherwise run the installer again).
PULUMI_CLI_DIR="$(./scripts/install-pulumi.sh | tail -n 1)"
CHROMIUM_PATH="$(./scripts/install-chromium.sh | tail -n 1)"
export PULUMI_CLI_DIR CHROMIUM_PATH
npm run --silent build
npm run --silent typecheck
npx jest --runInBand "$@"
