#!/usr/bin/env node
// `npm run bench -- --selection`: times the selection parser (what "Compute Loss of Selection" runs on
// the editor's text) on Python arrays of 10^5 to 10^7 elements (1.7 to 170 MB) and on whole Markdown
// documents of as many elements in three arrays (prose, code, repr's 17-digit doubles), beside
// JSON.parse of the same numbers in the same run, and prints MB/s, the memory the result holds and the peak the
// parse adds, each as a multiple of the text. Then, on the same texts: what the panel computes after
// the parse of the arrays (the loss, every framework of the comparison, the diagnosis up to 10^6
// elements), and the
// CLI end to end (`bce-lens FILE.py`, wall time and peak RSS) beside a Node process that reads and
// JSON.parses the JSON twin. The parser is bundled by esbuild as the extension bundles it (loading
// the TypeScript through tsx instead slows every call between modules). Durations live here, never
// in a test: the machines are shared, so a test that asserts one fails on a loaded machine.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { runScript } = require('./measure');

const dataDir = path.join(__dirname, 'data');
// In out/ (git-ignored, not linted), beside nothing the extension ships.
const bundle = path.join(__dirname, '..', 'out', 'bench', 'selection-parser.js');
const SIZES = [100_000, 1_000_000, 10_000_000];
const root = path.join(__dirname, '..');

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function pythonArrays(n) {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const probs = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000 + 1e-7);
  return {
    text: `y_true = np.array([${labels.join(', ')}])\ny_pred = np.array([${probs.join(', ')}], dtype=np.float32)`,
    json: `{"y_true": [${labels.join(', ')}], "y_pred": [${probs.join(', ')}]}`,
  };
}

/**
 * A whole Markdown document (what "Compute Loss of Selection" reads when nothing is selected) of
 * n elements in three arrays: prose with non-ASCII text, then a fenced Python block with imports,
 * comments, a function, y_true, y_pred as repr writes random doubles (17 significant digits, some
 * with an exponent) and sample_weight; its JSON twin holds the same numbers.
 */
function markdownDocument(n) {
  const third = Math.round(n / 3);
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const labels = Array.from({ length: third }, () => (random() < 0.4 ? 1 : 0));
  const probs = labels.map((y) => {
    const r = random();
    return String(y ? 1 - r * r * 0.9 : r ** 3 + 1e-9 * random());
  });
  const weights = Array.from({ length: third }, (_, i) => [0.5, 1.0, 2.0, 1.5][i % 4]);
  const prose = '# Calibration report — validation fold 3 ✓\n\nThe loss below differs from the one Keras printed (≈ 0.41); the arrays are copied from the notebook.\n\n';
  const code = [
    '```python',
    'import numpy as np',
    'from sklearn.metrics import log_loss  # scikit-learn 1.2',
    '',
    'def check(y_true, y_pred, sample_weight=None):',
    '    """Compare with Keras: «from_logits=False»."""',
    '    return log_loss(y_true, y_pred, sample_weight=sample_weight)',
    '',
    `y_true = np.array([${labels.join(', ')}])`,
    `y_pred = np.array([${probs.join(',\n    ')}])`,
    `sample_weight = [${weights.join(', ')}]`,
    'print(check(y_true, y_pred, sample_weight))',
    '```',
  ].join('\n');
  return {
    text: `${prose}${code}\n\nThe weights follow the sampling plan (§ 2.1).\n`,
    json: `{"y_true": [${labels.join(', ')}], "y_pred": [${probs.join(', ')}], "sample_weight": [${weights.join(', ')}]}`,
  };
}

/** What each size is made as: two arrays as a selection of them, or a whole document. */
const CASES = [
  { name: 'arrays', ext: 'py', make: pythonArrays, panel: true },
  { name: 'document', ext: 'md', make: markdownDocument, panel: false },
];

/** The parser, the core and the view model's comparison as one CommonJS file, as the extension and the CLI bundle them. */
function buildParser() {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  require('esbuild').buildSync({
    stdin: {
      contents: [
        "export { parseSelection } from './src/inputs/text';",
        "export { computeLoss, computeLossOnly, diagnose, DIAGNOSIS_MAX_ELEMENTS } from './src/core';",
        "export { runComparison } from './src/host/viewModel';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'warning',
  });
}

/**
 * What SelectionSession.compute does after the parse (src/host/selectionSession.ts): the loss, the
 * comparison (every framework, each computed once, its loss only), and the diagnosis up to its limit.
 */
function panelComputation(lib, input) {
  const chosen = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };
  const result = lib.computeLoss(input, chosen);
  const tryCompute = (o) => {
    try {
      return lib.computeLossOnly(input, o);
    } catch (e) {
      return e;
    }
  };
  lib.runComparison(chosen, result, false, tryCompute);
  if (result.n * result.labels <= lib.DIAGNOSIS_MAX_ELEMENTS) lib.diagnose(input, chosen, result);
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
  const text = fs.readFileSync(file, 'utf8');
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
  const { buildDist, measure } = require('./measure');
  buildDist();
  buildParser();
  const lib = require(bundle);
  const { parseSelection } = lib;
  const machineLoad = () => require('node:os').loadavg()[0].toFixed(1);
  console.log(`load average at the start: ${machineLoad()} on ${require('node:os').cpus().length} CPUs\n`);
  const endToEnd = [];
  const x = (bytes, mb) => (bytes === undefined ? '—' : `${(bytes / 1e6 / mb).toFixed(1)}×`);
  console.log('"first": the one parse of a fresh process (what a command meets); "warm": the median of the');
  console.log('runs after a first one. "held" is what the result keeps, "peak" how far the resident memory');
  console.log('rose during the first parse ("<" when it stayed under the level reading the text had reached,');
  console.log('which is shown), both as multiples of the text. Ratios: parseSelection / JSON.parse.\n');
  console.log('                           parseSelection                             JSON.parse of the same numbers');
  console.log('case      elements  MB     first s  MB/s  warm s   MB/s  held  peak    first s  MB/s  warm s   MB/s  held  peak    first  warm');
  for (const kind of CASES) for (const n of SIZES) {
    let { text, json } = kind.make(n);
    const mb = text.length / 1e6;
    const jsonMB = json.length / 1e6;
    const textFile = path.join(dataDir, `selection-${kind.name}-${n}.${kind.ext}`);
    const jsonFile = path.join(dataDir, `selection-${kind.name}-${n}.json`);
    fs.writeFileSync(textFile, text);
    fs.writeFileSync(jsonFile, json);
    // 10^7 elements: one timed run after the first (each holds about 170 MB of text).
    const sizeRuns = n >= 10_000_000 ? 1 : runs;
    const ours = time(() => parseSelection([{ text, line: 0, column: 0 }]), sizeRuns);
    const peer = time(() => JSON.parse(json), sizeRuns);
    const input = parseSelection([{ text, line: 0, column: 0 }]);
    const panel = kind.panel ? time(() => panelComputation(lib, input), sizeRuns) : undefined;
    text = json = undefined;
    const ourMemory = memoryOf('parse', textFile);
    const peerMemory = memoryOf('json', jsonFile);
    const peak = (m, size) => (m.peak === undefined ? `<${x(m.under, size)}` : x(m.peak, size));
    const columns = (first, warm, memory, size) =>
      `${first.toFixed(3).padEnd(8)} ${(size / first).toFixed(0).padEnd(5)} ${warm.toFixed(3).padEnd(8)} ${(size / warm).toFixed(0).padEnd(5)} ` +
      `${x(memory.held, size).padEnd(5)} ${peak(memory, size).padEnd(7)} `;
    console.log(
      `${kind.name.padEnd(9)} ${String(n).padEnd(9)} ${mb.toFixed(2).padEnd(6)} ${columns(ourMemory.cold, ours, ourMemory, mb)}${columns(peerMemory.cold, peer, peerMemory, jsonMB)}` +
        `${(ourMemory.cold / peerMemory.cold).toFixed(2)}× ${(ours / peer).toFixed(2)}×`,
    );
    const cli = measure(process.execPath, ['dist/cli.js', textFile]);
    const jsonProcess = measure(process.execPath, ['-e', 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))', jsonFile]);
    endToEnd.push({ kind: kind.name, n, mb, jsonMB, panel, cli, jsonProcess });
  }
  const mib = (kib) => (kib === undefined ? '—' : (kib / 1024).toFixed(0));
  const perText = (kib, size) => (kib === undefined ? '—' : `${((kib * 1024) / 1e6 / size).toFixed(1)}×`);
  console.log('\nAfter the parse, in the same process: the loss, the comparison of every framework and the');
  console.log('diagnosis (up to 10^6 elements), as the panel computes them ("panel s"). End to end, in fresh');
  console.log('processes: `bce-lens FILE.py` (parse and loss), beside `node -e JSON.parse(readFileSync(FILE.json))`;');
  console.log('peak RSS from /usr/bin/time, also as a multiple of the text.\n');
  console.log('case      elements  MB      panel s  CLI s    MB/s  peak MiB  ×text   JSON.parse process s  peak MiB  ×text   CLI/JSON');
  for (const e of endToEnd) {
    console.log(
      `${e.kind.padEnd(9)} ${String(e.n).padEnd(9)} ${e.mb.toFixed(2).padEnd(7)} ${(e.panel === undefined ? '—' : e.panel.toFixed(3)).padEnd(8)} ${e.cli.wall.toFixed(3).padEnd(8)} ${(e.mb / e.cli.wall).toFixed(0).padEnd(5)} ` +
        `${mib(e.cli.rssKiB).padEnd(9)} ${perText(e.cli.rssKiB, e.mb).padEnd(7)} ${e.jsonProcess.wall.toFixed(3).padEnd(21)} ${mib(e.jsonProcess.rssKiB).padEnd(9)} ` +
        `${perText(e.jsonProcess.rssKiB, e.jsonMB).padEnd(7)} ${(e.cli.wall / e.jsonProcess.wall).toFixed(2)}×`,
    );
  }
  console.log(`\nload average at the end: ${machineLoad()}`);
}

module.exports = { main, pythonArrays, markdownDocument };
runScript(module, { main, child, runs: 3 });
