#!/usr/bin/env bash
# Creates .venv-tf with the reference Python TF (tensorflow-cpu 2.21.0 + tensorboard), used to make
# fixtures and golden files and by the interop suite. Idempotent; prints the venv's python path.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv="${TF1_NODE_PY_VENV:-$here/.venv-tf}"
if ! "$venv/bin/python" -c 'import tensorflow, tensorboard' >/dev/null 2>&1; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --retries 0 --timeout 5 tensorflow-cpu==2.21.0 'tensorboard==2.21.*' >&2
fi
echo "$venv/bin/python"
