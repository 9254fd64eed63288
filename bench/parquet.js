#!/usr/bin/env node
// `npm run bench -- --parquet`: writes bench/data/ref-1e7.parquet with DuckDB's defaults if it is
// missing (10^7 rows: y_true TINYINT, y_pred DOUBLE from random(); snappy, row groups of 122,880
// rows), then times the CLI on it against DuckDB's own SQL mean (duckdb-mean.js, all cores) in the
// same run (one thread, and row groups split over --workers N threads), each a fresh process: wall time (median of the runs), peak RSS, the ratio, and the two
// losses (they must agree within 1e-12 relative).
'use strict';
const { buildDist, measure } = require('./measure');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dataDir = path.join(__dirname, 'data');
const ROWS = 10_000_000;
const TOLERANCE = 1e-12;

const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function ensureParquet(rows, name) {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dataDir, { recursive: true });
  process.stdout.write(`… generating ${path.relative(root, file)} (${rows} rows, DuckDB's defaults)\n`);
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run('SELECT setseed(0.42)');
  await c.run(`COPY (SELECT (random() < 0.3)::TINYINT AS y_true, random() AS y_pred FROM range(${rows})) TO '${file}' (FORMAT parquet)`);
  c.closeSync();
  return file;
}

/** `runs` runs of a command: the median and best wall time, the largest peak RSS (MiB), the last stdout. */
function repeat(label, cmd, args, runs) {
  const walls = [];
  let rss;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const r = measure(cmd, args);
    if (r.rssKiB !== undefined) rss = Math.max(rss ?? 0, r.rssKiB / 1024);
    walls.push(r.wall);
    stdout = r.stdout;
    process.stdout.write(`… ${label}: run ${i + 1}/${runs}: ${fmt(r.wall, 3)} s${r.rssKiB !== undefined ? `, ${fmt(r.rssKiB / 1024, 0)} MiB` : ''}\n`);
  }
  return { wall: median(walls), best: Math.min(...walls), rss, stdout };
}

async function main(runs) {
  buildDist();
  const file = await ensureParquet(ROWS, 'ref-1e7.parquet');
  const small = path.relative(root, await ensureParquet(ROWS / 10, 'ref-1e6.parquet'));
  const rel = path.relative(root, file);
  const ours = repeat('bce-lens', process.execPath, [path.join(root, 'dist', 'cli.js'), rel], runs);
  const threads = String(os.availableParallelism());
  const many = repeat(`bce-lens --workers ${threads}`, process.execPath, [path.join(root, 'dist', 'cli.js'), rel, '--workers', threads], runs);
  const duck = repeat('DuckDB SQL mean', process.execPath, [path.join(__dirname, 'duckdb-mean.js'), rel], runs);
  // DuckDB's own start (loading the native module) is in its time as ours is in ours: both are fresh processes.
  const start = repeat('DuckDB start only', process.execPath, ['-e', "require('@duckdb/node-api').DuckDBInstance.create(':memory:').then(d=>d.connect())"], runs);
  // Memory as the file grows: one row group at a time, so 10× the rows should not move the peak much.
  const tenth = repeat('bce-lens on 1e6 rows', process.execPath, [path.join(root, 'dist', 'cli.js'), small], 1);
  const a = Number(ours.stdout.trim());
  const a1 = Number(many.stdout.trim());
  const b = Number(duck.stdout.trim());
  const diff = Math.max(Math.abs(a - b), Math.abs(a1 - b)) / Math.abs(b);
  const line = (cells) => cells.map((c, i) => String(c).padEnd([40, 20, 10, 10, 8][i])).join('  ');
  console.log('');
  console.log(`Parquet bench: ${rel}, ${ROWS} rows, ${fmt(fs.statSync(file).size / 1e6, 1)} MB; Node ${process.version}, ${os.availableParallelism()} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(line(['', `wall s (median of ${runs})`, 'best s', 'peak MiB', 'ratio']));
  console.log(line(['bce-lens FILE.parquet (one thread)', fmt(ours.wall, 3), fmt(ours.best, 3), fmt(ours.rss, 0), '1.00×']));
  console.log(line([`bce-lens --workers ${threads} (row groups split)`, fmt(many.wall, 3), fmt(many.best, 3), fmt(many.rss, 0), `${fmt(many.wall / ours.wall, 2)}×`]));
  console.log(line(['DuckDB 1.5 SQL avg (all cores)', fmt(duck.wall, 3), fmt(duck.best, 3), fmt(duck.rss, 0), `${fmt(duck.wall / ours.wall, 2)}×`]));
  console.log(line(['  of which DuckDB start (node + module)', fmt(start.wall, 3), fmt(start.best, 3), fmt(start.rss, 0), '']));
  console.log(`peak RSS of bce-lens (one thread): ${fmt(tenth.rss, 0)} MiB on 1e6 rows, ${fmt(ours.rss, 0)} MiB on 1e7 rows`);
  console.log(`bce-lens / DuckDB wall: ${fmt(ours.wall / duck.wall, 2)}× (medians); without DuckDB's start: ${fmt(ours.wall / Math.max(1e-3, duck.wall - start.wall), 2)}× its query`);
  console.log(`check: bce-lens ${a} (workers ${threads}: ${a1}), DuckDB ${b}, largest relative difference ${diff.toExponential(2)} (tolerance ${TOLERANCE}): ${diff <= TOLERANCE ? 'ok' : 'NOT ok'}`);
  process.exitCode = diff <= TOLERANCE ? 0 : 1;
}

module.exports = { main };
if (require.main === module) main(Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3);
