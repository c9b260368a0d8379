#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need, then runs pytest.
# README's second command and .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="$(bash scripts/venv.sh)"  # the same .venv as README's first command
"$PYTHON" -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ -d tests/browser ] && ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

"$PYTHON" -m pytest "$@"
