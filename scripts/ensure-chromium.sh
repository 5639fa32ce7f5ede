#!/usr/bin/env bash
# The browser tests drive Debian's chromium. Install it (chromium, from Debian's packages) when missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The browser tests need Chromium at /usr/bin/chromium; install it with your system's package manager." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Installing chromium needs root: run 'apt-get install -y chromium' as root, then make test again." >&2
    exit 1
  fi
fi
echo "Installing Debian's chromium for the browser tests..."
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null
