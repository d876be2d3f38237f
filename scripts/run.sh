#!/usr/bin/env bash
# Sets everything up, builds the graph from the sample articles into the embedded store and starts the explorer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build data/samples
exec .venv/bin/kg app "$@"
