#!/usr/bin/env bash
# Makes a working Pulumi CLI available and prints the directory that holds it
# (`pulumi`, `pulumi-language-nodejs`, `pulumi-resource-pulumi-nodejs`) as the last line on stdout.
#
# 1. `pulumi` already on PATH (a normal install): use it.
# 2. Otherwise build the pinned CLI and Node.js language host from the Go module proxy into a
#    cache outside the repo (keyed by version), once; later runs find the cache in seconds.
# 3. Otherwise fail with one message saying how to install Pulumi.
#
# Why a wrapper module: `go install pkg@version` refuses modules with replace directives, and the
# language host has no version tags (needs a pseudo-version). See README "The Pulumi CLI".
set -euo pipefail

PULUMI_VERSION="v3.259.0"
# pulumi-language-nodejs is its own untagged module: the pseudo-version of the pkg/v3.259.0 tag commit.
LANGUAGE_HOST_VERSION="v3.0.0-20260820084410-a05d88f24d05"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-twilio-serverless/pulumi-cli}"
bin_dir="$cache_root/$PULUMI_VERSION/bin"
log() { printf 'install-pulumi: %s\n' "$*" >&2; }

# The dynamic-provider shim ships inside @pulumi/pulumi; the engine finds it next to `pulumi`.
install_shim() {
  local shim="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -f "$shim" ]; then
    log "node_modules/@pulumi/pulumi is missing: run 'npm ci' first, then this script again."
    exit 1
  fi
  install -m 0755 "$shim" "$1/pulumi-resource-pulumi-nodejs"
}

if [ "${PULUMI_FORCE_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  existing="$(dirname "$(command -v pulumi)")"
  if [ "$existing" != "$bin_dir" ]; then
    log "using the Pulumi CLI on PATH: $existing/pulumi ($(pulumi version 2>/dev/null || echo 'version unknown'))"
    echo "$existing"
    exit 0
  fi
fi

if [ -x "$bin_dir/pulumi" ] && [ -x "$bin_dir/pulumi-language-nodejs" ] \
   && [ "$("$bin_dir/pulumi" version 2>/dev/null)" = "$PULUMI_VERSION" ]; then
  install_shim "$bin_dir"
  log "using the cached Pulumi CLI $PULUMI_VERSION in $bin_dir"
  echo "$bin_dir"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
install-pulumi: no Pulumi CLI found and no Go toolchain to build one.
Install Pulumi (https://www.pulumi.com/docs/install/, e.g. 'curl -fsSL https://get.pulumi.com | sh')
and put 'pulumi' on PATH, or install Go >= 1.25 so this script can build $PULUMI_VERSION from source.
MSG
  exit 1
fi

src_dir="$cache_root/$PULUMI_VERSION/src"
mkdir -p "$src_dir" "$bin_dir"
log "building the Pulumi CLI $PULUMI_VERSION with $(go version) into $bin_dir (first time only; 10-20 minutes)"
cat > "$src_dir/go.mod" <<GOMOD
module local/pulumi-cli

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 $LANGUAGE_HOST_VERSION
)

tool (
	github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
	github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
)
GOMOD

export GOTOOLCHAIN=local GOFLAGS=-mod=mod
cd "$src_dir"
go mod tidy >&2
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
# Build into a temporary name and rename, so an interrupted build never looks like a cached one.
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$bin_dir/pulumi-language-nodejs.tmp" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >&2
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
  -o "$bin_dir/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$bin_dir/pulumi-language-nodejs.tmp" "$bin_dir/pulumi-language-nodejs"
mv "$bin_dir/pulumi.tmp" "$bin_dir/pulumi"
install_shim "$bin_dir"
log "built: $("$bin_dir/pulumi" version)"
echo "$bin_dir"
