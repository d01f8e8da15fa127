// pouchdb-server-yardstick.js N BATCH: starts pouchdb-server (in memory) on
// a loopback port, writes N small docs into a local in-memory PouchDB
// (untimed) and replicates them into the server with batch_size BATCH over
// HTTP; prints the seconds the replication took.
//
// Copyright 2026 The Duty Desk authors
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const { spawn } = require('child_process');
const http = require('http');
const path = require('path');
const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));

function get (url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', reject);
  });
}

async function main () {
  const n = parseInt(process.argv[2], 10);
  const batch = parseInt(process.argv[3], 10);
  const port = 20000 + Math.floor(Math.random() * 40000);
  const bin = path.join(path.dirname(require.resolve('pouchdb-server/package.json')), 'bin', 'pouchdb-server');
  const server = spawn(process.execPath, [bin, '--in-memory', '--host', '127.0.0.1', '--port', String(port)],
    { stdio: 'ignore' });
  try {
    const base = 'http://127.0.0.1:' + port;
    for (let tries = 0; ; tries++) {
      try { if (await get(base + '/') === 200) break; } catch (e) { if (tries > 1200) throw e; }
      await new Promise((r) => setTimeout(r, 50));
    }
    const source = new PouchDB('source-' + Date.now(), { adapter: 'memory' });
    for (let i = 0; i < n; i += 500) {
      const docs = [];
      for (let j = i; j < Math.min(n, i + 500); j++)
        docs.push({ _id: 'incident-' + j, owner_unit: '520102', grade: 'II', status: 'open',
          summary: '观山湖区发生山体滑坡，现场有人被困 ' + j });
      await source.bulkDocs(docs);
    }
    const start = process.hrtime.bigint();
    const result = await source.replicate.to(base + '/bench', { batch_size: batch });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.docs_written !== n)
      throw new Error('replicated ' + result.docs_written + ' of ' + n);
    console.log(seconds.toFixed(3));
  } finally {
    server.kill();
  }
}

main().catch((e) => { console.error(e.message); process.exit(1); });
