#!/usr/bin/env bash
# Set up and run the app on SQLite with the bundled bank loaded: http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/quizapp bank validate lumbar-l1-l2
.venv/bin/quizapp bank stats lumbar-l1-l2
exec .venv/bin/quizapp serve "$@"
