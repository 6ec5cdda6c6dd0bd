#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback and print its admin URL.
# Installs Debian's postgresql if the machine has none. Usage: scripts/start_postgres.sh DIR [PORT]
set -euo pipefail
dir=${1:?data directory}
port=${2:-55432}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(pg_bin)
id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$dir"
chown postgres "$dir" 2>/dev/null || true
if [ ! -f "$dir/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
fi
as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
