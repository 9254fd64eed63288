#!/usr/bin/env node
// `npm run bench -- --engine [--rows N]`: writes a Parquet glob of 10 files (N rows in all, default
// 10^8; y_true TINYINT, y_pred DOUBLE from random()) into a temporary directory with DuckDB's COPY,
// then times in the same run, each a fresh process: `bce-lens --engine duckdb GLOB` (the generated
// query: Keras 3's exact clip, the accumulator's whole state), DuckDB's hand-written SQL mean of
// the same glob (duckdb-mean.js, the peer), and the 10 files queried one by one with their partial
// states merged by BCE Lens (engine-merge.ts). The three losses must agree within 1e-12 relative.
'use strict';
const { buildDist, measure } = require('./measure');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const FILES = 10;
const TOLERANCE = 1e-12;
const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

async function generate(dir, rows) {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run('SELECT setseed(0.42)');
  const per = Math.ceil(rows / FILES);
  for (let k = 0; k < FILES; k++) {
    const from = k * per;
    const to = Math.min(rows, from + per);
    await c.run(`COPY (SELECT (random() < 0.3)::TINYINT AS y_true, random() AS y_pred FROM range(${from}, ${to})) TO '${path.join(dir, `part-${k}.parquet`)}' (FORMAT parquet)`);
  }
  c.closeSync();
}

function timed(label, cmd, args) {
  const r = measure(cmd, args);
  process.stdout.write(`… ${label}: ${fmt(r.wall, 2)} s\n`);
  return { wall: r.wall, rss: r.rssKiB !== undefined ? r.rssKiB / 1024 : undefined, stdout: r.stdout };
}

async function main() {
  const argv = process.argv.slice(2);
  const rows = Number(argv[argv.indexOf('--rows') + 1]) || 1e8;
  buildDist();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-engine-bench-'));
  try {
    const genStart = process.hrtime.bigint();
    await generate(dir, rows);
    const bytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    process.stdout.write(`… wrote ${FILES} files, ${rows} rows, ${fmt(bytes / 1e6, 0)} MB in ${fmt(Number(process.hrtime.bigint() - genStart) / 1e9, 1)} s\n`);
    const glob = path.join(dir, 'part-*.parquet');
    const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
    const ours = timed('bce-lens --engine duckdb GLOB', process.execPath, [path.join(root, 'dist', 'cli.js'), '--engine', 'duckdb', glob, '--timeout', '3600']);
    const peer = timed('DuckDB hand-written SQL mean', process.execPath, [path.join(__dirname, 'duckdb-mean.js'), glob]);
    const merge = timed('per-file queries + merge', process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'engine-merge.ts'), ...files]);
    const m = JSON.parse(merge.stdout);
    const a = Number(ours.stdout.trim());
    const b = Number(peer.stdout.trim());
    const diff = Math.max(Math.abs(a - b), Math.abs(m.loss - b)) / Math.abs(b);
    const line = (cells) => cells.map((c, i) => String(c).padEnd([46, 10, 10, 8][i])).join('  ');
    console.log('');
    console.log(`Engine bench: ${FILES} Parquet files, ${rows} rows, ${fmt(bytes / 1e6, 0)} MB; Node ${process.version}, ${os.availableParallelism()} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(line(['', 'wall s', 'peak MiB', 'ratio']));
    console.log(line(['DuckDB hand-written SQL mean (peer)', fmt(peer.wall), fmt(peer.rss, 0), '1.00×']));
    console.log(line(['bce-lens --engine duckdb GLOB', fmt(ours.wall), fmt(ours.rss, 0), `${fmt(ours.wall / peer.wall)}×`]));
    console.log(line([`${FILES} per-file queries + merge (one process)`, fmt(merge.wall), fmt(merge.rss, 0), `${fmt(merge.wall / peer.wall)}×`]));
    console.log(`  of which in DuckDB ${fmt(m.querySeconds)} s; merging the ${FILES} partial states ${fmt(m.mergeSeconds * 1000, 1)} ms`);
    console.log(`check: engine ${a}, merged ${m.loss} (n ${m.n}), peer ${b}; largest relative difference ${diff.toExponential(2)} (tolerance ${TOLERANCE}): ${diff <= TOLERANCE ? 'ok' : 'NOT ok'}`);
    process.exitCode = diff <= TOLERANCE ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { main };
if (require.main === module) main();
