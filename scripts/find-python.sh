#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain and fail.
set -euo pipefail
want_minor=12
candidates=()
[[ -n "${DIWI_PYTHON:-}" ]] && candidates+=("$DIWI_PYTHON")
for name in python3.12 python3.13 python3; do
  command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
done
if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root)"
  for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -V); do
    candidates+=("$dir/bin/python")
  done
fi
for dir in $(ls -d "$HOME"/.pyenv/versions/3.1[2-9]* /root/.pyenv/versions/3.1[2-9]* 2>/dev/null | sort -V); do
  candidates+=("$dir/bin/python")
done
for py in "${candidates[@]}"; do
  [[ -x "$py" ]] || continue
  if "$py" -c "import sys, venv; sys.exit(0 if sys.version_info >= (3, $want_minor) else 1)" 2>/dev/null; then
    echo "$py"
    exit 0
  fi
done
cat >&2 <<MSG
DIWI needs Python 3.12 or newer (pygeoapi 0.22+ requires it; on 3.11 pip silently
installs pygeoapi 0.21 with the wrong CQL2 parser). None was found on PATH or under
pyenv. Install one (e.g. 'pyenv install 3.12' or 'apt-get install python3.12-venv'),
or point DIWI_PYTHON at an interpreter.
MSG
exit 1
