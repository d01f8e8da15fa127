#!/bin/bash
# pouchdb-yardstick.sh [--server] ARGS...: runs pouchdb-yardstick.js (or,
# with --server, pouchdb-server-yardstick.js) with PouchDB and
# pouchdb-server, which npm installs from package.json into tests/bench/node
# of the build directory on the first run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${G_TEST_BUILDDIR:-$PWD}/bench/node
script=pouchdb-yardstick.js
if [ "${1:-}" = --server ]; then script=pouchdb-server-yardstick.js; shift; fi
if [ ! -d "$dir/node_modules/pouchdb-server" ]; then
  mkdir -p "$dir"
  cp "$here/package.json" "$dir/"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
NODE_PATH="$dir/node_modules" exec node "$here/$script" "$@"
