#!/usr/bin/env bash
# Sets everything up (venv, Chromium, Neo4j engine) and runs the whole test suite; Neo4j and the browser are started by it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
