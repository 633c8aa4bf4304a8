#!/usr/bin/env bash
# `npm run test:interop`: checks files written here with Python TF 2.21 and TensorBoard, and the
# other way round. Sets up its own venv (.venv-tf) first.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF1_NODE_PYTHON="$(scripts/setup-python-env.sh)"
exec node node_modules/jest/bin/jest.js --config jest.interop.config.js "$@"
