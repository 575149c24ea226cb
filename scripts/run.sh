#!/usr/bin/env bash
# Set up and run the app on SQLite with the bundled banks loaded: http://127.0.0.1:5000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
for slug in $(.venv/bin/python -c "from question_bank import bundled_slugs; print(*bundled_slugs())"); do
  .venv/bin/quizapp bank validate "$slug"
done
exec .venv/bin/quizapp serve "$@"
