#!/usr/bin/env bash
# Sets up everything the project needs on a fresh machine: a Python 3.12+ venv in .venv with the `kg` command;
# with --test also Chromium (Debian package) for the browser tests and the pinned Neo4j engine for the store tests.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in "${KG_PYTHON:-}" /root/.pyenv/versions/3.12.*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 \
                   "$(command -v python3.13 || true)" "$(command -v python3.12 || true)" "$(command -v python3 || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  python=$(find_python) || { echo "error: Python 3.12 or newer is needed (hazm 0.12); set KG_PYTHON to one" >&2; exit 1; }
  echo "setup: creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  if ! command -v chromium >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
    else sudo apt-get update -q >/dev/null && sudo apt-get install -y -q chromium >/dev/null; fi
  fi
  .venv/bin/kg neo4j fetch
else
  .venv/bin/python -m pip install -q -e .
fi
echo "setup: ready ($(.venv/bin/python --version), .venv/bin/kg)"
