#!/usr/bin/env bash
# README's first command: install okrsite into .venv (see venv.sh) and build the demo site into _site/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="$(bash scripts/venv.sh)"
"$PYTHON" -m pip install --quiet --disable-pip-version-check -e .
"$PYTHON" -m okrsite build
echo "okrsite is installed in .venv: run it as .venv/bin/okrsite, or after \`source .venv/bin/activate\` as okrsite"
