#!/bin/bash
# pouchdb-yardstick.sh N: runs pouchdb-yardstick.js with PouchDB, which npm
# installs from package.json into tests/bench/node of the build directory on
# the first run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${G_TEST_BUILDDIR:-$PWD}/bench/node
if [ ! -d "$dir/node_modules/pouchdb-core" ]; then
  mkdir -p "$dir"
  cp "$here/package.json" "$dir/"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
NODE_PATH="$dir/node_modules" exec node "$here/pouchdb-yardstick.js" "$@"
