import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { BceAccumulator, useWasmKernels } from '../../../src/core';
import { attachedKernel } from '../../../src/core/hardLabelKernel';
import { WasmPairScanner } from '../../../src/inputs/files/pairScanner';
import { keras, source, torch } from './filesHelpers';

const encoder = new TextEncoder();
/**
 * The rows the WebAssembly scanner takes: "0.", then at most 20 digits, at most 18 of them after the
 * leading zeros it skips (up to 8); every other row is left to the JavaScript reader.
 */
function isPairRow(text: string): boolean {
  const m = /^[01],0\.(0*)(\d*)\r?$/.exec(text);
  if (m === null) return false;
  const digits = m[1].length + m[2].length;
  return digits <= 20 && digits - Math.min(m[1].length, 8) <= 18;
}

/** Every row of `text` through the scanner (a row it stops at is stepped over, as the reader would after reading it). */
function scanAll(text: string, cap = 4096): { line: number; y: number; p: number }[] {
  const scanner = WasmPairScanner.create(cap);
  assert.ok(scanner, 'WebAssembly runs in Node');
  const b = encoder.encode(text);
  const rows: { line: number; y: number; p: number }[] = [];
  let pos = 0;
  let line = 1;
  while (pos < b.length) {
    pos = scanner.scan(b, pos, b.length, 44, cap, line, 0);
    for (let r = 0; r < scanner.rows; r++) rows.push({ line: scanner.line[r], y: scanner.y[r], p: scanner.p[r] });
    line += scanner.rows;
    if (pos < b.length && scanner.rows < cap) {
      pos = b.indexOf(10, pos) + 1;
      line++;
    }
  }
  return rows;
}

describe('data files: the WebAssembly pair scanner', () => {
  it('takes exactly the rows "0|1,0.ddd…" and gives parseFloat’s doubles and their lines', () => {
    const digits = fc.stringMatching(/^[0-9]{0,21}$/);
    const zeros = fc.stringMatching(/^0{0,10}$/);
    const row = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom('0', '1'), zeros, digits).map(([y, z, d]) => `${y},0.${z}${d}`) },
      // Python's repr of probabilities, the common file.
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom('0', '1'), fc.double({ min: 0, max: 1, noNaN: true })).map(([y, p]) => `${y},${p}`) },
      { weight: 1, arbitrary: fc.constantFrom('', '1,1.0', '0,-0.5', '1,5e-3', '1,00.25', '0, 0.5', '2,0.5', '1;0.5', '0,0.5x', '0,.5', '0,0.', '1,0', 'y_true,y_pred', '"1",0.5') },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.constantFrom('\n', '\r\n')), { maxLength: 80 }), fc.integer({ min: 1, max: 100 }), (rows, cap) => {
        const text = rows.map(([r, eol]) => r + eol).join('');
        const expected = rows
          .map(([r, eol], i) => ({ text: r + eol.slice(0, -1), line: i + 1 }))
          .filter((r) => isPairRow(r.text))
          .map((r) => ({ line: r.line, y: Number(r.text[0]), p: parseFloat(r.text.slice(2)) }));
        const got = scanAll(text, cap);
        assert.deepEqual(got, expected);
        for (const r of got) assert.ok(Object.is(r.p, expected.find((e) => e.line === r.line)?.p));
      }),
      { numRuns: 600, seed: 29 },
    );
  });

  it('rounds the hardest cases as parseFloat does: near-midpoints written with 16–20 digits, leading zeros too', () => {
    const texts: string[] = [];
    let s = 12345;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 40000; i++) {
      // Half of them below 0.01 (two leading zeros and up to 18 digits after them: 20 in all).
      const x = i < 20000 ? next() : next() * 0.01;
      const bits = new BigUint64Array(new Float64Array([x]).buffer);
      bits[0] += 1n;
      const mid = x / 2 + new Float64Array(bits.buffer)[0] / 2;
      const written = mid.toFixed(i < 20000 ? 16 + (i % 3) : 18 + (i % 3));
      texts.push(`${i % 2},${written}`);
    }
    const got = scanAll(texts.join('\n') + '\n');
    assert.equal(got.length, texts.length);
    got.forEach((r, i) => assert.ok(Object.is(r.p, parseFloat(texts[i].slice(2))), texts[i]));
  });

  it('SIMD digits: every digit count 0–22 with 0–20 leading zeros, LF or CRLF, any bytes before the row, bit for bit as parseFloat', () => {
    // The kernel classifies 32 bytes after "y,0." and reads the last 16 digits back from the row's end
    // (bytes before the row are loaded and masked): every length, the 16/17 and 18–20 boundaries,
    // and rows that fall back to the JavaScript reader (over 20 digits, over 18 after the zeros).
    let seed = 2024;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const cases: string[] = [];
    for (let digits = 0; digits <= 22; digits++)
      for (let zeros = 0; zeros <= Math.min(digits, 20); zeros++)
        for (let rep = 0; rep < 3; rep++) {
          let d = '0'.repeat(zeros);
          // The first digit after the zeros is not a zero (else they would be more zeros), the others random.
          for (let i = zeros; i < digits; i++) d += String(i === zeros ? 1 + (next() % 9) : next() % 10);
          cases.push(`${next() & 1},0.${d}`);
        }
    // Each case alone, after a random prefix row (what precedes a row is read and must not matter), and all together.
    const junk = ['', '0,0.5\n', 'y_true,y_pred\n', '9'.repeat(40) + '\n', '\n'];
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.constantFrom(...junk), fc.constantFrom('\n', '\r\n'), (row, before, eol) => {
        const got = scanAll(before + row + eol).filter((r) => r.line === (before === '' ? 1 : 2));
        if (!isPairRow(row)) return assert.deepEqual(got, []);
        assert.equal(got.length, 1, row);
        assert.ok(Object.is(got[0].p, parseFloat(row.slice(2))), row);
        assert.equal(got[0].y, Number(row[0]));
      }),
      { numRuns: 3000, seed: 31 },
    );
    const text = cases.map((r, i) => r + (i % 2 ? '\r\n' : '\n')).join('');
    const expected = cases.map((t, i) => ({ t, line: i + 1 })).filter((r) => isPairRow(r.t));
    const got = scanAll(text);
    assert.equal(got.length, expected.length);
    got.forEach((r, k) => {
      assert.equal(r.line, expected[k].line);
      assert.ok(Object.is(r.p, parseFloat(expected[k].t.slice(2))), expected[k].t);
    });
  });

  it('SIMD digits: a file cut into chunks anywhere, mid-row too, gives the JavaScript reader’s results', async () => {
    let seed = 77;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const lines = ['y_true,y_pred'];
    for (let i = 0; i < 3000; i++) {
      const digits = 1 + (i % 20);
      const zeros = next() % 3 === 0 ? next() % Math.min(digits, 9) : 0;
      let d = '0'.repeat(zeros);
      for (let j = zeros; j < digits; j++) d += String(next() % 10);
      lines.push(`${next() & 1},0.${d}${i % 7 === 3 ? '\r' : ''}`);
    }
    const bytes = encoder.encode(lines.join('\n') + '\n');
    const run = async (wasm: boolean, chunk: number): Promise<FileLossResult> => {
      useWasmKernels(wasm);
      try {
        return await computeFileLoss(source(bytes, 'digits.csv', chunk), { variants: [keras, torch], format: 'csv' });
      } finally {
        useWasmKernels(true);
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 7, max: 70000 }), async (chunk) => {
        const reference = await run(false, chunk);
        assert.equal(reference.rows, 3000);
        assert.deepEqual(await run(true, chunk), reference);
      }),
      { numRuns: 12, seed: 5, examples: [[7], [21], [22], [23], [64], [4093]] },
    );
  });

  it('reads inputs longer than its window (256 KiB) without losing or repeating a row', () => {
    const lines: string[] = [];
    let s = 7;
    for (let i = 0; i < 40000; i++) {
      s = (s * 48271) % 2147483647;
      lines.push(i % 997 === 0 ? '1,1.0' : `${s & 1},${s / 2147483647}`);
    }
    const got = scanAll(lines.join('\n') + '\n', 4096);
    const expected = lines.map((t, i) => ({ t, line: i + 1 })).filter((r) => isPairRow(r.t));
    assert.equal(got.length, expected.length);
    got.forEach((r, k) => {
      assert.equal(r.line, expected[k].line);
      assert.ok(Object.is(r.p, parseFloat(expected[k].t.slice(2))));
    });
  });

  it('is off when the kernels are turned off, and a released scanner serves the next reader', () => {
    useWasmKernels(false);
    try {
      assert.equal(WasmPairScanner.create(4096), undefined);
    } finally {
      useWasmKernels(true);
    }
    const first = WasmPairScanner.create(4096);
    assert.ok(first);
    first.release();
    assert.equal(WasmPairScanner.create(4096), first);
    assert.notEqual(WasmPairScanner.create(4096), first, 'a scanner in use is not handed out twice');
  });

  it('carries the core’s hard-label loop: its arrays are summed in place, to the same bits', () => {
    const scanner = WasmPairScanner.create(4096);
    assert.ok(scanner);
    const text = Array.from({ length: 3000 }, (_, i) => `${i % 3 === 0 ? 1 : 0},${0.25 + ((i * 7919) % 10007) / 20014}`).join('\n') + '\n';
    const b = encoder.encode(text);
    assert.equal(scanner.scan(b, 0, b.length, 44, 4096, 1, 0), b.length);
    assert.equal(scanner.rows, 3000);
    const y = scanner.y.subarray(0, 3000);
    const p = scanner.p.subarray(0, 3000);
    assert.ok(attachedKernel(y, p), 'the scanner’s memory has a kernel attached');
    const sum = (wasm: boolean) => {
      useWasmKernels(wasm);
      try {
        const acc = new BceAccumulator({ options: { ...torch, fromLogits: false, reduction: 'mean' }, labels: 1 });
        acc.pushMany(y, p, 3000, null, scanner.line.subarray(0, 3000));
        return acc.toState();
      } finally {
        useWasmKernels(true);
      }
    };
    assert.deepEqual(sum(true), sum(false));
  });

  it('gives the same file results as the JavaScript scanner, for any chunk size', async () => {
    const lines = ['y_true,y_pred'];
    let s = 99;
    for (let i = 0; i < 30000; i++) {
      s = (s * 48271) % 2147483647;
      const p = s / 2147483647;
      lines.push(i % 1234 === 5 ? '' : i % 2345 === 7 ? `1,${p.toExponential()}` : i % 3456 === 9 ? `0,${p.toFixed(3)}\r` : `${s & 1},${p}`);
    }
    const bytes = encoder.encode(lines.join('\n') + '\n');
    const run = async (wasm: boolean, chunk: number): Promise<FileLossResult> => {
      useWasmKernels(wasm);
      try {
        return await computeFileLoss(source(bytes, 'pairs.csv', chunk), { variants: [keras, torch], format: 'csv' });
      } finally {
        useWasmKernels(true);
      }
    };
    // The same chunks give the same batches, so the very same sums.
    for (const chunk of [bytes.length, 65536, 4093]) {
      const reference = await run(false, chunk);
      assert.equal(reference.rows, 30000 - 25);
      assert.deepEqual(await run(true, chunk), reference);
    }
  });
});
