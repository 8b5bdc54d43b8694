#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on a free loopback port under a temp dir,
# as the postgres user. Prints the connection URL. Stop it with: pg-cluster.sh stop <dir>
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin

if [ "${1:-}" = stop ]; then
  dir=$2
  su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

dir=$(mktemp -d /tmp/onegrid-pg.XXXXXX)
chown postgres:postgres "$dir"
chmod 755 "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
su postgres -s /bin/bash -c "$PGBIN/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1
su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D '$dir/data' -l '$dir/log.txt' -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" -w start" >/dev/null
echo "$dir postgres://postgres@127.0.0.1:$port/postgres"
