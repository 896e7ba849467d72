#!/usr/bin/env bash
# Writes the SDK of the twilio-serverless provider plugin in one language, from the schema
# `npm run build` wrote (dist/plugin/twilio-serverless/dist/plugin/schema.json):
#
#   scripts/gen-sdk.sh <nodejs|python|go> <out dir>
#
# With a Pulumi install that has the language's host, `pulumi package gen-sdk <schema> --language
# <lang> --out <dir>` does the same. Here the CLI's hosts for Node.js, Python, Go and .NET cannot be
# built (the Go module proxy refuses their modules: README "Other languages"), so scripts/sdkgen
# calls Pulumi's generators (github.com/pulumi/pulumi/pkg/v3/codegen, the CLI's version) itself.
# It is built once into the CLI's cache (scripts/install-pulumi.sh's), which needs Go the first time.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: scripts/gen-sdk.sh <nodejs|python|go> <out dir>" >&2
  exit 2
fi
language="$1" out="$2"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
schema="$repo_root/dist/plugin/twilio-serverless/dist/plugin/schema.json"
src="$repo_root/scripts/sdkgen"
bin_dir="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-twilio-serverless/pulumi-cli}/sdkgen"
# Our source: a change to it must rebuild it, so the binary's name says its content.
tool="$bin_dir/sdkgen-$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"

if [ ! -f "$schema" ]; then
  echo "gen-sdk: $schema is missing: run npm run build first" >&2
  exit 1
fi
if [ ! -x "$tool" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "gen-sdk: the SDK generator is not built yet, and building it needs Go (https://go.dev/dl/)" >&2
    exit 1
  fi
  echo "gen-sdk: building scripts/sdkgen (first time only: 1-5 minutes)" >&2
  mkdir -p "$bin_dir"
  (cd "$src" && GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" -o "$tool.tmp" . >&2)
  mv "$tool.tmp" "$tool"
fi
rm -rf "$out"
"$tool" "$schema" "$language" "$out"
