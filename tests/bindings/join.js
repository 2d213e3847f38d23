#!/usr/bin/env node
// Loads the dockersec extension into better-sqlite3 (Node) and runs a join
// over docker and host tables; prints one JSON object per row.
//
// usage: NODE_PATH=<node_modules> node join.js EXTENSION CONTAINER_NAME
'use strict';
const Database = require('better-sqlite3');

const JOIN = `
SELECT c.name, c.state, p.pid, p.name AS process, p.uid, v.version AS engine_version
FROM docker_containers AS c
JOIN processes AS p ON p.container_id = c.id
CROSS JOIN docker_version AS v
WHERE c.name = ?
ORDER BY p.pid`;

const [extension, name] = process.argv.slice(2);
const db = new Database(':memory:');
db.loadExtension(extension);
try {
  for (const row of db.prepare(JOIN).iterate(name)) console.log(JSON.stringify(row));
} catch (e) {
  // an engine error is an SQL error, never zero rows
  console.error(`${e.code}: ${e.message}`);
  process.exitCode = 3;
}
db.close();
