#!/usr/bin/env bash
# A private PostgreSQL 15 cluster in a folder of its own, for tests, benches
# and `make run-cluster`. Nothing here touches the system's cluster.
#
#   pg_cluster.sh start DIR [PORT]  initdb (first time) and start; prints the URL
#                                   postgresql://vb:vb@127.0.0.1:PORT/vocalbridge
#                                   and writes it to DIR/url. PORT 0/absent: a free one.
#   pg_cluster.sh stop DIR          fast shutdown (idempotent)
#   pg_cluster.sh createdb DIR NAME a fresh empty database owned by vb; prints its URL
#
# initdb and pg_ctl refuse to run as root, so they run as the `postgres` user
# (DIR is handed to it). Clients connect over TCP on 127.0.0.1 with the
# password role `vb` (peer authentication would refuse root on the socket).
# VB_PG_THROWAWAY=1 at the first start turns fsync off (test clusters only:
# their data does not outlive the run). DIR and its parents must be
# reachable by the `postgres` user.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "pg_cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,12p' "$0"; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"

case "$cmd" in
start)
  port=${3:-0}
  [ "$port" = 0 ] && port=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      { echo "pg_cluster: the postgres user cannot write $dir (a parent folder is closed to it)" >&2; exit 1; }
  fi
  # A cluster left running by an interrupted run: stop it, then start on the new port.
  if [ -f "$data/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    pwfile="$dir/.pw"
    echo "postgres-local" >"$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
    as_postgres "$PGBIN/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 128MB
fsync = on
synchronous_commit = on
EOF
    if [ "${VB_PG_THROWAWAY:-0}" = 1 ]; then
      printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$data/postgresql.conf"
    fi
  fi
  # The port may differ between starts (tests take a free one each run).
  as_postgres "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 -o "-p $port" start >/dev/null ||
    { tail -20 "$dir/server.log" >&2; exit 1; }
  as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -qAt -v ON_ERROR_STOP=1 postgres <<'EOF' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vb') THEN
    CREATE ROLE vb LOGIN CREATEDB PASSWORD 'vb';
  END IF;
END $$;
EOF
  if ! as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -qAt postgres \
      -c "SELECT 1 FROM pg_database WHERE datname = 'vocalbridge'" | grep -q 1; then
    as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -q postgres -c "CREATE DATABASE vocalbridge OWNER vb" >/dev/null
  fi
  echo "$port" >"$dir/port"
  echo "postgresql://vb:vb@127.0.0.1:$port/vocalbridge" | tee "$dir/url"
  ;;
stop)
  if [ -f "$data/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  ;;
createdb)
  name=${3:?database name}
  port=$(cat "$dir/port")
  as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -q postgres -c "CREATE DATABASE \"$name\" OWNER vb" >/dev/null
  echo "postgresql://vb:vb@127.0.0.1:$port/$name"
  ;;
*)
  sed -n '2,12p' "$0"
  exit 2
  ;;
esac
