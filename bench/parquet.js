#!/usr/bin/env node
// `npm run bench -- --parquet`: writes bench/data/ref-1e7.parquet with DuckDB's defaults if it is
// missing (10^7 rows: y_true TINYINT, y_pred DOUBLE from random(); snappy, row groups of 122,880
// rows), and from the same rows a zstd Parquet file (as polars writes by default) and two Feather v2
// files (Arrow IPC in record batches of 65,536 rows as pyarrow's write_feather: LZ4_FRAME, its
// default, and ZSTD). Then times, in the same run and each a fresh process: the CLI on each file,
// the CLI with row groups split over --workers N threads, DuckDB's own SQL mean on each Parquet
// file (duckdb-mean.js, all cores), and the naive readers: hyparquet's plain read of each Parquet
// file (hyparquet-mean.mjs, two columns one row group at a time) and flechette's of each Feather
// file (flechette-mean.mjs). Wall time (median of the runs), peak RSS, the ratio to DuckDB on the
// snappy file, and the losses (each must agree with DuckDB's within 1e-12 relative).
'use strict';
const { buildDist, measure } = require('./measure');
const { execFileSync } = require('node:child_process');
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

async function duckdb(fn) {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
  }
}

async function ensureParquet(rows, name) {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dataDir, { recursive: true });
  process.stdout.write(`… generating ${path.relative(root, file)} (${rows} rows, DuckDB's defaults)\n`);
  await duckdb(async (c) => {
    await c.run('SELECT setseed(0.42)');
    await c.run(`COPY (SELECT (random() < 0.3)::TINYINT AS y_true, random() AS y_pred FROM range(${rows})) TO '${file}' (FORMAT parquet)`);
  });
  return file;
}

/** The rows of `from` again as a zstd Parquet file (DuckDB, its other defaults kept). */
async function ensureZstd(from, name) {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return file;
  process.stdout.write(`… generating ${path.relative(root, file)} (the same rows, zstd)\n`);
  await duckdb((c) => c.run(`COPY (SELECT * FROM read_parquet('${from}')) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`));
  return file;
}

/** The rows of `from` as Feather v2 files (flechette; LZ4_FRAME by lz4js, ZSTD by the zstd command), batches of 65,536 rows as pyarrow writes. */
async function ensureFeather(from, names) {
  const files = { lz4: path.join(dataDir, names.lz4), zstd: path.join(dataDir, names.zstd) };
  if (fs.existsSync(files.lz4) && fs.existsSync(files.zstd)) return files;
  process.stdout.write(`… generating ${Object.values(files).map((f) => path.relative(root, f)).join(' and ')} (the same rows, Feather v2)\n`);
  const { y, p } = await duckdb(async (c) => {
    const columns = (await c.runAndReadAll(`SELECT y_true, y_pred FROM read_parquet('${from}')`)).getColumns();
    return { y: Int8Array.from(columns[0]), p: Float64Array.from(columns[1]) };
  });
  const { tableFromArrays, tableToIPC, int8, float64, setCompressionCodec, CompressionType } = await import('@uwdata/flechette');
  const lz4 = require('lz4js');
  setCompressionCodec(CompressionType.LZ4_FRAME, { encode: (b) => lz4.compress(b), decode: () => undefined });
  setCompressionCodec(CompressionType.ZSTD, { encode: (b) => new Uint8Array(execFileSync('zstd', ['-q', '-c', '-1'], { input: b, maxBuffer: 1 << 28 })), decode: () => undefined });
  const table = tableFromArrays({ y_true: y, y_pred: p }, { types: { y_true: int8(), y_pred: float64() }, maxBatchRows: 65536 });
  fs.writeFileSync(files.lz4, tableToIPC(table, { format: 'file', codec: CompressionType.LZ4_FRAME }));
  fs.writeFileSync(files.zstd, tableToIPC(table, { format: 'file', codec: CompressionType.ZSTD }));
  return files;
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
  const zstd = path.relative(root, await ensureZstd(file, 'ref-1e7-zstd.parquet'));
  const feather = await ensureFeather(file, { lz4: 'ref-1e7-lz4.feather', zstd: 'ref-1e7-zstd.feather' });
  const lz4f = path.relative(root, feather.lz4);
  const zstdf = path.relative(root, feather.zstd);
  const cli = path.join(root, 'dist', 'cli.js');
  const threads = String(os.availableParallelism());
  // Each row: what ran, on which file, and the DuckDB loss of that file's rows it must agree with.
  const rows = [
    { label: 'bce-lens snappy.parquet (one thread)', run: [process.execPath, [cli, rel]], file: rel },
    { label: `bce-lens snappy --workers ${threads} (row groups split)`, run: [process.execPath, [cli, rel, '--workers', threads]], file: rel },
    { label: 'DuckDB 1.5 SQL avg, snappy (all cores)', run: [process.execPath, [path.join(__dirname, 'duckdb-mean.js'), rel]], file: rel, peer: true },
    { label: 'hyparquet plain read, snappy', run: [process.execPath, [path.join(__dirname, 'hyparquet-mean.mjs'), rel]], file: rel },
    { label: 'bce-lens zstd.parquet (one thread)', run: [process.execPath, [cli, zstd]], file: zstd },
    { label: 'DuckDB 1.5 SQL avg, zstd (all cores)', run: [process.execPath, [path.join(__dirname, 'duckdb-mean.js'), zstd]], file: zstd },
    { label: 'hyparquet plain read, zstd', run: [process.execPath, [path.join(__dirname, 'hyparquet-mean.mjs'), zstd]], file: zstd },
    { label: 'bce-lens lz4.feather', run: [process.execPath, [cli, lz4f]], file: rel },
    { label: 'flechette plain read, lz4.feather', run: [process.execPath, [path.join(__dirname, 'flechette-mean.mjs'), lz4f]], file: rel },
    { label: 'bce-lens zstd.feather', run: [process.execPath, [cli, zstdf]], file: rel },
    { label: 'flechette plain read, zstd.feather', run: [process.execPath, [path.join(__dirname, 'flechette-mean.mjs'), zstdf]], file: rel },
  ];
  // Alternating: run k of every row, then run k + 1, so the machine's load falls on all of them alike.
  const walls = rows.map(() => []);
  const peaks = rows.map(() => undefined);
  const outs = rows.map(() => '');
  for (let k = 0; k < runs; k++) {
    rows.forEach((row, i) => {
      const r = measure(row.run[0], row.run[1]);
      walls[i].push(r.wall);
      if (r.rssKiB !== undefined) peaks[i] = Math.max(peaks[i] ?? 0, r.rssKiB / 1024);
      outs[i] = r.stdout;
      process.stdout.write(`… ${row.label}: run ${k + 1}/${runs}: ${fmt(r.wall, 3)} s${r.rssKiB !== undefined ? `, ${fmt(r.rssKiB / 1024, 0)} MiB` : ''}\n`);
    });
  }
  // DuckDB's own start (loading the native module) is in its time as ours is in ours: both are fresh processes.
  const start = repeat('DuckDB start only', process.execPath, ['-e', "require('@duckdb/node-api').DuckDBInstance.create(':memory:').then(d=>d.connect())"], runs);
  // Memory as the file grows: one row group at a time, so 10× the rows should not move the peak much.
  const tenth = repeat('bce-lens on 1e6 rows', process.execPath, [cli, small], 1);
  const peer = rows.findIndex((r) => r.peer);
  const duckOf = new Map(rows.map((r, i) => [r, i]).filter(([r]) => r.label.startsWith('DuckDB')).map(([r, i]) => [r.file, Number(outs[i].trim())]));
  const line = (cells) => cells.map((c, i) => String(c).padEnd([44, 20, 10, 10, 8, 12][i])).join('  ');
  console.log('');
  console.log(`Parquet and Feather bench: ${ROWS} rows (${rel} ${fmt(fs.statSync(file).size / 1e6, 1)} MB, ${zstd} ${fmt(fs.statSync(zstd).size / 1e6, 1)} MB, ${lz4f} ${fmt(fs.statSync(lz4f).size / 1e6, 1)} MB, ${zstdf} ${fmt(fs.statSync(zstdf).size / 1e6, 1)} MB); Node ${process.version}, ${os.availableParallelism()} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(line(['', `wall s (median of ${runs})`, 'best s', 'peak MiB', '÷ DuckDB', 'rel. diff']));
  let worst = 0;
  rows.forEach((row, i) => {
    const wall = median(walls[i]);
    const reference = duckOf.get(row.file);
    const diff = Math.abs(Number(outs[i].trim()) - reference) / Math.abs(reference);
    worst = Math.max(worst, diff);
    console.log(line([row.label, fmt(wall, 3), fmt(Math.min(...walls[i]), 3), fmt(peaks[i], 0), `${fmt(wall / median(walls[peer]), 2)}×`, diff.toExponential(1)]));
  });
  console.log(line(['  DuckDB start alone (node + module)', fmt(start.wall, 3), fmt(start.best, 3), fmt(start.rss, 0), '', '']));
  console.log(`peak RSS of bce-lens (one thread): ${fmt(tenth.rss, 0)} MiB on 1e6 rows, ${fmt(peaks[0], 0)} MiB on 1e7 rows`);
  console.log(`check: every loss against DuckDB's on the same rows, largest relative difference ${worst.toExponential(2)} (tolerance ${TOLERANCE}): ${worst <= TOLERANCE ? 'ok' : 'NOT ok'}`);
  process.exitCode = worst <= TOLERANCE ? 0 : 1;
}

module.exports = { main };
if (require.main === module) main(Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3);
