#!/usr/bin/env bash
# Makes a working Pulumi CLI available and prints the directory that holds it (`pulumi`,
# `pulumi-language-nodejs`, `pulumi-language-yaml`, `pulumi-resource-pulumi-nodejs`) as the last
# line on stdout.
#
# 1. `pulumi` already on PATH (a normal install): use it.
# 2. Otherwise build the pinned CLI from the Go module proxy into a cache outside the repo, keyed by
#    version (PULUMI_CLI_CACHE, default ~/.cache/pulumi-twilio-serverless/pulumi-cli); later runs find
#    the cache and take seconds. PULUMI_FORCE_BUILD=1 ignores a `pulumi` on PATH.
# 3. Otherwise fail with one message saying how to install Pulumi.
#
# Why the build looks like this (README "The Pulumi CLI"):
# - `go install pkg@version` refuses modules with replace directives, so a throwaway wrapper module
#   requires github.com/pulumi/pulumi/pkg/v3 and builds its cmd/pulumi.
# - The Node.js language host is its own untagged module since v3.69 and the proxy refuses its
#   pseudo-versions, so we build the newest host it serves (inside sdk/v3 v3.68.0) and put
#   scripts/language-host in front of it: it forwards every call and adds RunPlugin, which the
#   engine (v3.259 and later) uses to start Node.js policy packs.
# - The YAML language host (for YAML programs using the twilio-serverless provider plugin) is
#   github.com/pulumi/pulumi-yaml's cmd/pulumi-language-yaml, built the same way, with the Pulumi
#   modules its release requires. A `pulumi` on PATH is expected to come with its own.
set -euo pipefail

PULUMI_VERSION="v3.276.0"
INNER_HOST_SDK_VERSION="v3.68.0"
YAML_HOST_VERSION="v1.25.0"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-twilio-serverless/pulumi-cli}"
cache_dir="$cache_root/$PULUMI_VERSION"
bin_dir="$cache_dir/bin"
host_src="$repo_root/scripts/language-host"
log() { printf 'install-pulumi: %s\n' "$*" >&2; }

# The dynamic-provider shim ships inside @pulumi/pulumi; the engine finds it next to `pulumi`.
install_shim() {
  local shim="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -f "$shim" ]; then
    log "node_modules/@pulumi/pulumi is missing: run 'npm ci' first, then this script again."
    exit 1
  fi
  install -m 0755 "$shim" "$bin_dir/pulumi-resource-pulumi-nodejs"
}

if [ "${PULUMI_FORCE_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  existing="$(dirname "$(command -v pulumi)")"
  if [ "$existing" != "$bin_dir" ]; then
    log "using the Pulumi CLI on PATH: $existing/pulumi ($(pulumi version 2>/dev/null || echo 'version unknown'))"
    echo "$existing"
    exit 0
  fi
fi

# The wrapper is our source: a change to it must rebuild it, so its stamp names its content.
host_stamp="$bin_dir/.language-host-$(cat "$host_src/go.mod" "$host_src/go.sum" "$host_src/main.go" | sha256sum | cut -c1-16)"
# Asked once (each call starts the CLI); empty when there is no cached CLI.
cached_version="$("$bin_dir/pulumi" version 2>/dev/null || true)"
yaml_stamp="$bin_dir/.language-yaml-$YAML_HOST_VERSION"
cache_complete() {
  [ "$cached_version" = "$PULUMI_VERSION" ] \
    && [ -x "$bin_dir/pulumi-language-nodejs-inner" ] && [ -x "$bin_dir/pulumi-language-nodejs" ] \
    && [ -f "$host_stamp" ] && [ -x "$bin_dir/pulumi-language-yaml" ] && [ -f "$yaml_stamp" ]
}

if ! cache_complete && ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
install-pulumi: no Pulumi CLI on PATH and no Go toolchain to build one.
Install Pulumi (https://www.pulumi.com/docs/iac/download-install/, for example
'curl -fsSL https://get.pulumi.com | sh') and put 'pulumi' on PATH, or install Go >= 1.25 so that
this script can build Pulumi $PULUMI_VERSION from the Go module proxy.
MSG
  exit 1
fi

export GOTOOLCHAIN=local GOFLAGS=-mod=mod
mkdir -p "$bin_dir"
if ! cache_complete; then
  # One build at a time: a second run (another test job, another worktree) waits for the first and
  # then finds its cache, instead of racing it for the same temporary files.
  exec 9>"$cache_dir/.build.lock"
  flock 9
  cached_version="$("$bin_dir/pulumi" version 2>/dev/null || true)"
fi
ldflags() { echo "-s -w -X ${2:-github.com/pulumi/pulumi/sdk/v3/go/common/version}.Version=$1"; }

# Builds one main package of a module into $bin_dir/$name from a throwaway wrapper module
# (`version_package`: where the binary keeps its version, default the Pulumi SDK's).
build_from_module() {
  local name="$1" module="$2" version="$3" package="$4" cli_version="$5" version_package="${6:-}"
  local src="$cache_dir/src/$name"
  mkdir -p "$src"
  printf 'module local/%s\n\ngo 1.25.11\n\nrequire %s %s\n\ntool %s\n' \
    "$name" "$module" "$version" "$package" > "$src/go.mod"
  (cd "$src" && go mod tidy >&2 && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "$(ldflags "$cli_version" "$version_package")" -o "$bin_dir/$name.tmp" "$package" >&2)
  # Rename last, so an interrupted build never looks like a cached one.
  mv "$bin_dir/$name.tmp" "$bin_dir/$name"
}

if [ "$cached_version" != "$PULUMI_VERSION" ]; then
  log "building the Pulumi CLI $PULUMI_VERSION with $(go version) (first time only: 3-20 minutes)"
  build_from_module pulumi github.com/pulumi/pulumi/pkg/v3 "$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PULUMI_VERSION"
  cached_version="$("$bin_dir/pulumi" version)"
fi

if [ ! -x "$bin_dir/pulumi-language-nodejs-inner" ]; then
  log "building Pulumi's Node.js language host from github.com/pulumi/pulumi/sdk/v3@$INNER_HOST_SDK_VERSION"
  build_from_module pulumi-language-nodejs-inner github.com/pulumi/pulumi/sdk/v3 "$INNER_HOST_SDK_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$INNER_HOST_SDK_VERSION"
fi

if [ ! -f "$host_stamp" ] || [ ! -x "$bin_dir/pulumi-language-nodejs" ]; then
  log "building the language host wrapper from scripts/language-host"
  (cd "$host_src" && GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" \
    -o "$bin_dir/pulumi-language-nodejs.tmp" . >&2)
  mv "$bin_dir/pulumi-language-nodejs.tmp" "$bin_dir/pulumi-language-nodejs"
  rm -f "$bin_dir"/.language-host-* && touch "$host_stamp"
fi

if [ ! -f "$yaml_stamp" ] || [ ! -x "$bin_dir/pulumi-language-yaml" ]; then
  log "building the YAML language host from github.com/pulumi/pulumi-yaml@$YAML_HOST_VERSION (first time only: 2-10 minutes)"
  build_from_module pulumi-language-yaml github.com/pulumi/pulumi-yaml "$YAML_HOST_VERSION" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$YAML_HOST_VERSION" github.com/pulumi/pulumi-yaml/pkg/version
  rm -f "$bin_dir"/.language-yaml-* && touch "$yaml_stamp"
fi

install_shim
log "Pulumi CLI $cached_version ready in $bin_dir"
echo "$bin_dir"
