#!/usr/bin/env bash
# System packages the test suite needs beyond pip: Debian's Chromium (browser tests, driven by the
# playwright Python package; never `playwright install`) and wrk (the HTTP load benchmark).
# Installs only what is missing; needs apt-get and root (or sudo). Set NEWSGRAPH_SKIP_SYSTEM_DEPS=1 to skip
# (the browser tests then skip with a reason).
set -euo pipefail
if [ "${NEWSGRAPH_SKIP_SYSTEM_DEPS:-0}" = "1" ]; then
  echo "install-system-deps: skipped (NEWSGRAPH_SKIP_SYSTEM_DEPS=1)"
  exit 0
fi
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-system-deps: chromium and wrk present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get here; install ${missing[*]} yourself (or set NEWSGRAPH_SKIP_SYSTEM_DEPS=1)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-system-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
