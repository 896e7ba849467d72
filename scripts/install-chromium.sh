#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser test (playwright-core drives it; no browser
# download). Prints its path.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
sudo=""
[ "$(id -u)" = "0" ] || sudo="sudo"
if command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: installing Debian's chromium package" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
  echo /usr/bin/chromium
  exit 0
fi
echo "install-chromium: no Chromium found and no apt-get; install Chromium and set CHROMIUM_PATH" >&2
exit 1
