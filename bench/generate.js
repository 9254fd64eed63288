// Writes the benchmark's reference CSV: a header `y_true,y_pred`, then rows of a 0/1 label and a
// probability written as Python's repr writes a float (shortest round-trip digits, mostly 16–17
// significant; scientific notation below 1e-4). Labels are drawn with the probability itself,
// so the predictions are calibrated (loss ≈ 0.5). Deterministic: a fixed-seed PRNG.
'use strict';
const fs = require('node:fs');

/** xorshift128+ giving doubles in [0, 1) with 53 random bits. */
function rng(seed) {
  let s0 = seed >>> 0 || 1;
  let s1 = 0x9e3779b9;
  let s2 = 0x7f4a7c15;
  let s3 = 0x2545f491;
  const next32 = () => {
    // xoshiro128** (32-bit state words)
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  for (let i = 0; i < 16; i++) next32();
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/** A float as Python's repr prints it. */
function pyRepr(x) {
  if (x !== 0 && Math.abs(x) < 1e-4) {
    const [m, e] = x.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? s + '.0' : s;
}

/** Writes `rows` rows to `file` (synchronously, in 4 MiB pieces). */
function generate(file, rows, seed = 42) {
  const random = rng(seed);
  const fd = fs.openSync(file + '.tmp', 'w');
  try {
    fs.writeSync(fd, 'y_true,y_pred\n');
    const PIECE = 100000;
    for (let done = 0; done < rows; done += PIECE) {
      const n = Math.min(PIECE, rows - done);
      let text = '';
      for (let i = 0; i < n; i++) {
        const p = random();
        const y = random() < p ? '1,' : '0,';
        text += y + pyRepr(p) + '\n';
      }
      fs.writeSync(fd, text);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(file + '.tmp', file);
}

module.exports = { generate, pyRepr };

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  const t = Date.now();
  generate(file, Number(rows));
  console.log(`${file}: ${rows} rows, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
