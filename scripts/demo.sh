#!/usr/bin/env bash
# `npm run demo`: sets up what it needs (Node.js, node_modules: scripts/setup.sh), builds, then runs
# the demo (scripts/demo.ts) with the arguments given after `npm run demo --`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
npm run --silent build
exec node dist/scripts/demo.js "$@"
