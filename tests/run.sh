#!/usr/bin/env bash
# The test command of the README, set-up included: installs what the suite needs that cargo does
# not (Debian's Chromium for the real-browser test, playwright-core to drive it, `script` for the
# progress-bar test's pseudo-terminal), then runs every test. `.ci/run` runs this same script.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# util-linux `script` gives the progress-bar test a pseudo-terminal (bsdutils is essential in
# Debian, but a slim image may lack it).
if ! command -v script >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bsdutils >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm install --prefix tests/browser --no-audit --no-fund --silent
fi

cargo --version
chromium --version
cargo test --locked 2>&1
