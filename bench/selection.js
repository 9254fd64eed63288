#!/usr/bin/env node
// `npm run bench -- --selection`: times the selection parser (what "Compute Loss of Selection" runs on
// the editor's text) on Python arrays of 10^4 to 10^6 elements, beside JSON.parse of the same numbers
// in the same run, and prints MB/s, the memory the result holds and the peak the parse adds, each as
// a multiple of the text. The parser is bundled by esbuild as the extension bundles it (loading the
// TypeScript through tsx instead slows every call between modules). Durations live here, never in a
// test: the machines are shared, so a test that asserts one fails on a loaded machine.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dataDir = path.join(__dirname, 'data');
// In out/ (git-ignored, not linted), beside nothing the extension ships.
const bundle = path.join(__dirname, '..', 'out', 'bench', 'selection-parser.js');
const SIZES = [10_000, 100_000, 1_000_000];

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function pythonArrays(n) {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const probs = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000 + 1e-7);
  return {
    text: `y_true = np.array([${labels.join(', ')}])\ny_pred = np.array([${probs.join(', ')}], dtype=np.float32)`,
    json: `{"y_true": [${labels.join(', ')}], "y_pred": [${probs.join(', ')}]}`,
  };
}

/** src/inputs/text as one CommonJS file, as the extension and the CLI bundle it. */
function buildParser() {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  require('esbuild').buildSync({
    entryPoints: [path.join(__dirname, '..', 'src', 'inputs', 'text', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
}

function time(fn, runs) {
  fn(); // a first run compiles; the median is of the runs after it
  const walls = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    walls.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(walls);
}

/** Heap and array buffers in use after a full collection. */
function used() {
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * In a fresh process (`--child what file`): reads the text, then parses it (`what` = parse) or
 * JSON.parses its JSON twin (`what` = json), and prints the bytes the result holds after a full
 * collection and how far the peak resident memory rose above the process's size just before.
 */
function child(what, file) {
  const text = fs.readFileSync(file, 'latin1');
  const parse = what === 'json' ? () => JSON.parse(text) : () => require(bundle).parseSelection([{ text, line: 0, column: 0 }]);
  if (what !== 'json') require(bundle);
  const before = used();
  const rssBefore = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  const t = process.hrtime.bigint();
  const result = parse();
  const cold = Number(process.hrtime.bigint() - t) / 1e9;
  const held = used() - before;
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  // maxRSS is a high-water mark: when the parse stays under the mark reading the file left, say so.
  const peak = maxAfter > maxBefore ? maxAfter - rssBefore : undefined;
  console.log(JSON.stringify({ cold, held, peak, under: maxBefore - rssBefore, n: result.length ?? result.yPred?.length }));
}

function memoryOf(what, file) {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', what, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function main(runs) {
  buildParser();
  const { parseSelection } = require(bundle);
  const x = (bytes, mb) => (bytes === undefined ? '—' : `${(bytes / 1e6 / mb).toFixed(1)}×`);
  console.log('"first": the one parse of a fresh process (what a command meets); "warm": the median of the');
  console.log('runs after a first one. "held" is what the result keeps, "peak" how far the resident memory');
  console.log('rose during the first parse ("<" when it stayed under the level reading the text had reached,');
  console.log('which is shown), both as multiples of the text. Ratios: parseSelection / JSON.parse.\n');
  console.log('                 parseSelection                             JSON.parse of the same numbers');
  console.log('elements  MB     first s  MB/s  warm s   MB/s  held  peak    first s  MB/s  warm s   MB/s  held  peak    first  warm');
  for (const n of SIZES) {
    const { text, json } = pythonArrays(n);
    const mb = text.length / 1e6;
    const textFile = path.join(dataDir, `selection-${n}.py`);
    const jsonFile = path.join(dataDir, `selection-${n}.json`);
    fs.writeFileSync(textFile, text);
    fs.writeFileSync(jsonFile, json);
    const ours = time(() => parseSelection([{ text, line: 0, column: 0 }]), runs);
    const peer = time(() => JSON.parse(json), runs);
    const ourMemory = memoryOf('parse', textFile);
    const peerMemory = memoryOf('json', jsonFile);
    const peak = (m, size) => (m.peak === undefined ? `<${x(m.under, size)}` : x(m.peak, size));
    const jsonMB = json.length / 1e6;
    const columns = (first, warm, memory, size) =>
      `${first.toFixed(3).padEnd(8)} ${(size / first).toFixed(0).padEnd(5)} ${warm.toFixed(3).padEnd(8)} ${(size / warm).toFixed(0).padEnd(5)} ` +
      `${x(memory.held, size).padEnd(5)} ${peak(memory, size).padEnd(7)} `;
    console.log(
      `${String(n).padEnd(9)} ${mb.toFixed(2).padEnd(6)} ${columns(ourMemory.cold, ours, ourMemory, mb)}${columns(peerMemory.cold, peer, peerMemory, jsonMB)}` +
        `${(ourMemory.cold / peerMemory.cold).toFixed(2)}× ${(ours / peer).toFixed(2)}×`,
    );
  }
}

module.exports = { main };
if (require.main === module) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) child(process.argv[at + 1], process.argv[at + 2]);
  else main(Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3);
}
