#!/usr/bin/env bash
# Print the directory holding the PostgreSQL 15 server binaries.
set -euo pipefail
for dir in "${DIWI_PG_BIN:-}" /usr/lib/postgresql/15/bin; do
  [[ -n "$dir" && -x "$dir/postgres" ]] && { echo "$dir"; exit 0; }
done
exit 1
