#!/usr/bin/env bash
# What the suite needs from Debian's packages, installed when missing: chromium (the browser tests
# drive it) and gettext (a test extracts every message of the code to check the catalogue is whole).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The suite needs ${missing[*]}; install them with your system's package manager." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Installing ${missing[*]} needs root: run 'apt-get install -y ${missing[*]}' as root, then make test again." >&2
    exit 1
  fi
fi
echo "Installing Debian's ${missing[*]} for the suite..."
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium >/dev/null && command -v xgettext >/dev/null
