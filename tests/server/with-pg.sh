#!/bin/bash
# with-pg.sh: runs "$@" against a throw-away PostgreSQL 15 cluster and exports
# DD_PG_CONNINFO (a unix socket in /tmp/dd-pg.XXXXXX, removed on exit; .ci/run
# also cleans up leftovers). As root, initdb/pg_ctl run as the postgres user.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
dir=$(mktemp -d /tmp/dd-pg.XXXXXX)   # under /tmp: postgres must be able to reach it
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; as_pg=(runuser -u postgres --); fi
# run from inside $dir, else postgres warns 'could not change directory to <cwd>'
# when the cwd is unreadable to it (a checkout under /root); "$@" keeps the cwd
# meson gave it (the build dir: meson passes the test binary as a relative path).
pg() { (cd "$dir" && "${as_pg[@]}" "$PGBIN/$1" "${@:2}"); }
cleanup() {
  pg pg_ctl -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
pg initdb -D "$dir/data" -U dd --auth=trust --no-sync -E UTF8 --no-locale \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
port=$(shuf -i 20000-60000 -n 1)   # only names the socket file; no TCP listener
pg pg_ctl -D "$dir/data" -l "$dir/pg.log" -w -t 60 \
  -o "-k $dir -c listen_addresses='' -p $port -c fsync=off" start >/dev/null \
  || { cat "$dir/pg.log"; exit 1; }
export DD_PG_CONNINFO="host=$dir port=$port user=dd dbname=postgres"
# Under `meson test --setup valgrind` valgrind runs this script, not the test:
# run the test program under memcheck with the same options as the setup
# (not exec: the EXIT trap must still stop the cluster).
if [[ "${LD_PRELOAD:-}" == *vgpreload* ]]; then
  unset LD_PRELOAD
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  valgrind --tool=memcheck --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-origins=yes \
    --suppressions="$here/../valgrind.supp" "$@"
else
  "$@"
fi
