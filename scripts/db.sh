#!/usr/bin/env bash
# Manage DIWI's project-local PostgreSQL/PostGIS cluster: init | start | stop | status | psql | url.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PORT="${DIWI_DB_PORT:-55432}"
PG_BIN="$(scripts/pg-bin.sh)" || { echo "PostgreSQL 15 server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }
RUN_DIR="$ROOT/var/run"
DATA="$ROOT/var/pg"
LOG="$ROOT/var/log/postgresql.log"

as_pg() {  # run a server binary as the cluster owner (postgres refuses to run as root)
  if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dirs() {
  mkdir -p "$RUN_DIR" "$ROOT/var/log"
  if [[ "$(id -u)" -eq 0 ]]; then
    if ! runuser -u postgres -- test -x "$ROOT/var"; then
      # the checkout is not reachable for the postgres user (e.g. under /root): keep the data elsewhere
      local alt="/var/tmp/diwi-pg-$(echo "$ROOT" | md5sum | cut -c1-12)"
      mkdir -p "$alt/data" "$alt/run"
      [[ -L "$DATA" || -e "$DATA" ]] || ln -s "$alt/data" "$DATA"
      rm -rf "$RUN_DIR"; ln -sfn "$alt/run" "$RUN_DIR"
      chown -R postgres: "$alt"
    fi
    mkdir -p "$DATA"
    chown postgres: "$DATA" "$RUN_DIR" "$ROOT/var/log"
    touch "$LOG"; chown postgres: "$LOG"
  fi
}

is_running() { as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

cmd_init() {
  prepare_dirs
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  echo "Creating PostgreSQL cluster in var/pg (port $PORT)"
  as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$DATA/postgresql.conf" <<CONF
# DIWI local cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$RUN_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
work_mem = 32MB
max_connections = 200
jit = off
CONF
}

cmd_start() {
  cmd_init
  if is_running; then return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "Port $PORT is taken by another server; set DIWI_DB_PORT to a free port" >&2; exit 1
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null
  echo "PostgreSQL running on 127.0.0.1:$PORT (data var/pg, log var/log/postgresql.log)"
}

cmd_stop() { if is_running; then as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; echo "PostgreSQL stopped"; fi; }
cmd_status() { if is_running; then echo "running on port $PORT"; else echo "stopped"; exit 3; fi; }
cmd_psql() { psql -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

case "${1:-}" in
  init) cmd_init ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  psql) shift; cmd_psql "$@" ;;
  *) echo "usage: scripts/db.sh init|start|stop|status|psql" >&2; exit 2 ;;
esac
