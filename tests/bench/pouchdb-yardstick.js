// pouchdb-yardstick.js N: writes N docs (in batches of 100, like the desks'
// pushes) into one in-memory PouchDB and replicates them into another;
// prints the docs replicated per second, the writes included.
//
// Copyright 2026 The Duty Desk authors
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-replication'));

async function main () {
  const n = parseInt(process.argv[2], 10);
  const run = Date.now();
  const source = new PouchDB('source-' + run, { adapter: 'memory' });
  const target = new PouchDB('target-' + run, { adapter: 'memory' });
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 100) {
    const docs = [];
    for (let j = i; j < Math.min(n, i + 100); j++)
      docs.push({ _id: 'staff-' + j, owner_unit: '520102', name: '值班员' + j, phone: '0851-' + j });
    await source.bulkDocs(docs);
  }
  const result = await source.replicate.to(target);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.docs_written !== n)
    throw new Error('replicated ' + result.docs_written + ' of ' + n);
  console.log((n / seconds).toFixed(1));
}

main().catch((e) => { console.error(e.message); process.exit(1); });
