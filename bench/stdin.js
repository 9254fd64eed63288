#!/usr/bin/env node
// `npm run bench -- --stdin [--gb N]`: a CSV of N GiB (default 5) generated on the fly is piped into
// `bce-lens - --format csv` (standard input, read once as it comes) and, as the peer, N/100 GiB of
// the same rows in the same run: the peak RSS of both (from /usr/bin/time -v) and their ratio (flat
// memory: close to 1), the wall time per GiB, and the loss, which must equal the small run's within
// 1e-12 relative (the rows are one block of 50,000 repeated, so the mean does not move).
// `node bench/stdin.js --generate GIB` is the generator: the CSV on its standard output.
'use strict';
const { spawnSync } = require('node:child_process');
const { buildDist } = require('./measure');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const TOLERANCE = 1e-12;
const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));

/** One block of rows, then the block again and again until `gib` GiB are written, keeping to the pipe's pace. */
function generate(gib) {
  let s = 42;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  let block = '';
  for (let i = 0; i < 50000; i++) {
    const p = r();
    block += `${r() < p ? 1 : 0},${p}\n`;
  }
  const bytes = Buffer.from(block);
  const total = gib * 2 ** 30;
  let written = 0;
  process.stdout.write('y_true,y_pred\n');
  const go = () => {
    while (written < total) {
      written += bytes.length;
      if (!process.stdout.write(bytes)) return void process.stdout.once('drain', go);
    }
  };
  go();
}

/** The generator piped into the CLI; the CLI's peak RSS and the wall time of the whole pipe. */
function piped(gib) {
  const cli = path.join(root, 'dist', 'cli.js');
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time -v ' : '';
  const cmd = `"${process.execPath}" "${__filename}" --generate ${gib} | ${timeBin}"${process.execPath}" "${cli}" - --format csv --json`;
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', cmd], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${gib} GiB on stdin failed (${r.status}): ${r.stderr.slice(-800)}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const out = JSON.parse(r.stdout);
  process.stdout.write(`… ${gib} GiB on stdin: ${fmt(wall, 1)} s${m ? `, ${fmt(Number(m[1]) / 1024, 0)} MiB` : ''}, n = ${out.n}\n`);
  return { wall, rss: m ? Number(m[1]) / 1024 : undefined, loss: out.loss, n: out.n };
}

function main(gib) {
  process.stdout.write('… building dist/ (node esbuild.js --production)\n');
  buildDist();
  const small = piped(gib / 100);
  const big = piped(gib);
  const diff = Math.abs(big.loss - small.loss) / Math.abs(small.loss);
  console.log('');
  console.log(`stdin bench: ${gib} GiB of CSV (${big.n} rows) piped into bce-lens - --format csv; Node ${process.version}`);
  console.log(`peak RSS: ${fmt(big.rss, 0)} MiB for ${gib} GiB, ${fmt(small.rss, 0)} MiB for ${gib / 100} GiB: ratio ${fmt(big.rss / small.rss, 2)}×`);
  console.log(`wall: ${fmt(big.wall / gib, 1)} s per GiB (${fmt(big.wall, 1)} s), ${fmt(small.wall / (gib / 100), 1)} s per GiB for the small run (its start-up included)`);
  console.log(`loss ${big.loss} vs ${small.loss}: relative difference ${diff.toExponential(2)} (${diff <= TOLERANCE ? 'ok' : 'MISMATCH'})`);
  if (!(diff <= TOLERANCE)) process.exitCode = 1;
}

const argv = process.argv.slice(2);
if (argv[0] === '--generate') generate(Number(argv[1]));
else if (require.main === module) main(Number(argv[argv.indexOf('--gb') + 1]) || 5);

module.exports = { main };
