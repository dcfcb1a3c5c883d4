#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suites: Debian's postgresql package, a data folder under a
# temporary directory, listening on 127.0.0.1 only (and a socket in that folder), trust authentication for
# one role `cbp` that may create databases. PostgreSQL refuses to run as root, so as root the cluster runs
# as the package's `postgres` user.
#
#   eval "$(bash test/pg/cluster.sh start [port])"   # exports CBP_TEST_DATABASE and CBP_PG_DIR
#   bash test/pg/cluster.sh stop "$CBP_PG_DIR"
set -euo pipefail

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] && command -v pg_ctl >/dev/null; then d=$(dirname "$(command -v pg_ctl)"); fi
  [ -n "$d" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
  echo "$d"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    port=${2:-55432}
    bin=$(bindir)
    dir=$(mktemp -d /tmp/cbp-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # A test cluster: durability traded for speed (a crash loses the cluster, which is thrown away anyway).
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create role cbp login createdb password 'cbp'" >/dev/null
    echo "export CBP_PG_DIR=$dir"
    echo "export CBP_TEST_DATABASE=postgresql://cbp:cbp@127.0.0.1:$port/postgres"
    echo "export PATH=$bin:\$PATH"
    ;;
  stop)
    dir=${2:?usage: cluster.sh stop DIR}
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: cluster.sh start [port] | stop DIR" >&2
    exit 2
    ;;
esac
