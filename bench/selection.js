#!/usr/bin/env node
// `npm run bench -- --selection`: times the selection parser (what "Compute Loss of Selection" runs on
// the editor's text) on Python arrays of 10^4 to 10^6 elements, beside JSON.parse of the same numbers
// in the same run, and prints MB/s and the heap it held. Durations live here, never in a test: the
// machines are shared, so a test that asserts one fails on a loaded machine.
'use strict';
require('tsx/cjs');
const { parseSelection } = require('../src/inputs/text/parseSelection');

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function pythonArrays(n) {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const probs = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000 + 1e-7);
  return {
    text: `y_true = np.array([${labels.join(', ')}])\ny_pred = np.array([${probs.join(', ')}], dtype=np.float32)`,
    json: `{"y_true": [${labels.join(', ')}], "y_pred": [${probs.join(', ')}]}`,
  };
}

function time(fn, runs) {
  const walls = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    walls.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(walls);
}

function main(runs) {
  console.log('elements  MB     parseSelection s  MB/s    JSON.parse s  MB/s    ratio');
  for (const n of [10_000, 100_000, 1_000_000]) {
    const { text, json } = pythonArrays(n);
    const mb = text.length / 1e6;
    const ours = time(() => parseSelection([{ text, line: 0, column: 0 }]), runs);
    const peer = time(() => JSON.parse(json), runs);
    console.log(
      `${String(n).padEnd(9)} ${mb.toFixed(2).padEnd(6)} ${ours.toFixed(3).padEnd(17)} ${(mb / ours).toFixed(0).padEnd(7)} ` +
        `${peer.toFixed(3).padEnd(13)} ${(mb / peer).toFixed(0).padEnd(7)} ${(ours / peer).toFixed(1)}×`,
    );
  }
}

module.exports = { main };
if (require.main === module) main(Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3);
