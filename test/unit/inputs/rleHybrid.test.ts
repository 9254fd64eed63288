/**
 * The RLE/bit-packed hybrid decoder (src/inputs/files/rleHybrid.ts) against hyparquet's on random
 * runs: bit-packed and repeated, every width (1 has its own unrolled path), last groups cut short;
 * and the count of values other than the expected one (the nulls among definition levels).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readHybrid } from '../../../src/inputs/files/rleHybrid';

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** Runs of values of `width` bits: each bit-packed (groups of 8, low bits first) or one repeated value. */
function encode(runs: { packed: boolean; values: number[] }[], width: number): Uint8Array {
  const out: number[] = [];
  for (const run of runs) {
    if (run.packed) {
      const groups = Math.ceil(run.values.length / 8);
      varint(groups * 2 + 1, out);
      const bits = new Uint8Array(groups * width);
      run.values.forEach((v, i) => {
        for (let b = 0; b < width; b++) if ((v >>> b) & 1) bits[(i * width + b) >> 3] |= 1 << ((i * width + b) & 7);
      });
      out.push(...bits);
    } else {
      varint(run.values.length * 2, out);
      for (let i = 0; i < (width + 7) >> 3; i++) out.push((run.values[0] >>> (8 * i)) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

const runsOf = (width: number) =>
  fc.array(
    fc.oneof(
      fc.array(fc.nat({ max: 2 ** width - 1 }), { minLength: 1, maxLength: 300 }).map((values) => ({ packed: true, values })),
      fc.tuple(fc.nat({ max: 2 ** width - 1 }), fc.integer({ min: 1, max: 300 })).map(([v, k]) => ({ packed: false, values: new Array<number>(k).fill(v) })),
    ),
    { minLength: 1, maxLength: 12 },
  ).map((runs) =>
    // Only the last bit-packed run may end inside a group of 8: others hold whole groups.
    runs.map((r, i) => (r.packed && i < runs.length - 1 ? { packed: true, values: [...r.values, ...new Array<number>((8 - (r.values.length % 8)) % 8).fill(r.values[0])] } : r)),
  );

describe('the RLE/bit-packed hybrid', () => {
  it('decodes as hyparquet does and counts the values other than the expected one (property, widths 1–24)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }).chain((width) => fc.tuple(fc.constant(width), runsOf(width), fc.nat({ max: 2 }))),
        ([width, runs, expected]) => {
          const bytes = encode(runs, width);
          // The last bit-packed run's padding values are not asked for: n stops at the values written.
          const values = runs.flatMap((r) => r.values);
          const ours = new Int32Array(values.length);
          const differ = readHybrid({ view: new DataView(bytes.buffer), offset: 0 }, width, ours, bytes.length, expected);
          const theirs = new Int32Array(values.length);
          readRleBitPackedHybrid({ view: new DataView(bytes.buffer), offset: 0 }, width, theirs, bytes.length);
          assert.deepEqual([...ours], values);
          assert.deepEqual(ours, theirs);
          assert.equal(differ, values.filter((v) => v !== expected).length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('width 1 into bytes (definition levels) with a last group of 5 values; a run past its page throws', () => {
    const values = Array.from({ length: 8 * 1000 + 5 }, (_, i) => (i * 7919) % 3 === 0 ? 0 : 1);
    const bytes = encode([{ packed: true, values }], 1);
    const out = new Uint8Array(values.length);
    const nulls = readHybrid({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 }, 1, out, bytes.length, 1);
    assert.deepEqual([...out], values);
    assert.equal(nulls, values.filter((v) => v !== 1).length);
    assert.throws(() => readHybrid({ view: new DataView(bytes.buffer, 0, bytes.length - 2), offset: 0 }, 1, new Uint8Array(values.length), bytes.length - 2), /runs past its page/);
  });
});
