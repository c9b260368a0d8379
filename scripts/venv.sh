#!/usr/bin/env bash
# Makes (once) the project's virtual environment .venv and prints its Python. Debian and Ubuntu's
# system Python refuses `pip install` outside one (PEP 668), and needs the python3-venv package to
# make one: it is installed first when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    PYTHON="$(command -v python3 || command -v python)"
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "okrsite needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
        exit 1
    fi
    if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
        rm -rf .venv
        echo "installing Debian's python3-venv to make .venv" >&2
        if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq
        VERSION="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "python$VERSION-venv" >/dev/null \
            || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
        "$PYTHON" -m venv .venv
    fi
fi
echo "$PWD/.venv/bin/python"
