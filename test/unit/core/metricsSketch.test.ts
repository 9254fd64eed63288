/**
 * The sketch's table is filled by bucket (MetricsSketch.binRows) to walk its memory upwards; the
 * result must be the bits a row-by-row update gives. The reference below is that update, the
 * sketch's loop before the bucketing, kept here as the oracle.
 */
import * as assert from 'node:assert/strict';
import { MetricsSketch, stateBuffers, StreamMetrics } from '../../../src/core';
import { CompensatedSum } from '../../../src/core/compensatedSum';
import { CALIBRATION_BINS, uniformEdges } from '../../../src/core/metrics';

/** 2^200: the test's weights times this are integers, summed exactly as BigInts. */
const SCALE = 2 ** 200;

/**
 * The row-by-row update: table slots neg, pos, value (−1 mixed)[, count]; calibration Σ w·p, Σ w·y,
 * Σ w. A weighted bin 's sums are the exact sums rounded once (the sketch sums them exactly, so that
 * the order does not matter), here from BigInts.
 */
function referenceTable(batches: Batch[], bins: number, weighted: boolean): { table: Float64Array; calibration: Float64Array; sums: number[] } {
  // Reliability sums: plain within blocks of 4096 rows, the blocks' sums compensated.
  const block = new Float64Array(3 * CALIBRATION_BINS);
  const compensated = Array.from(block, () => new CompensatedSum());
  let blockRows = 0;
  const endBlock = () => {
    block.forEach((x, b) => compensated[b].add(x));
    block.fill(0);
    blockRows = 0;
  };
  const S = weighted ? 4 : 3;
  const T = new Float64Array((bins + 1) * S);
  const exact = new Map<number, bigint>();
  const cal = new Float64Array(3 * CALIBRATION_BINS);
  const edges = uniformEdges();
  const sums: number[] = [];
  for (const { y, p, w } of batches) {
    let weightSum = 0;
    let brier = 0;
    for (let i = 0; i < y.length; i++) {
      const yi = y[i];
      const pi = Math.min(1, Math.max(0, p[i]));
      const wi = w ? w[i] : 1;
      const at = ((pi * bins) | 0) * S;
      const empty = S > 3 ? T[at + 3] === 0 : T[at] + T[at + 1] === 0;
      if (empty) T[at + 2] = pi;
      else if (T[at + 2] !== pi) T[at + 2] = -1;
      T[at + (yi === 1 ? 1 : 0)] += wi;
      if (weighted) {
        const scaled = wi * SCALE;
        assert.ok(Number.isInteger(scaled), 'a test weight with bits below 2^-200');
        const slot = at + (yi === 1 ? 1 : 0);
        exact.set(slot, (exact.get(slot) ?? 0n) + BigInt(scaled));
      }
      if (S > 3) T[at + 3]++;
      let b = 0;
      while (b < CALIBRATION_BINS - 1 && pi > edges[b + 1]) b++;
      block[3 * b] += wi * pi;
      block[3 * b + 1] += wi * yi;
      block[3 * b + 2] += wi;
      if (++blockRows === 4096) endBlock();
      weightSum += wi;
      brier += wi * (yi - pi) * (yi - pi);
    }
    sums.push(weightSum, brier);
  }
  if (blockRows > 0) endBlock();
  compensated.forEach((c, b) => (cal[b] = c.value));
  // Number(bigint) rounds to nearest (ties to even); dividing by 2^200 is exact.
  for (const [slot, sum] of exact) T[slot] = Number(sum) / SCALE;
  return { table: T, calibration: cal, sums };
}

interface Batch {
  y: Float64Array;
  p: Float64Array;
  w: Float64Array | null;
}

/** Seeded batches: continuous predictions, ties, the ends, bin and calibration edges, out of [0, 1]. */
function batches(seed: number, sizes: number[], bins: number, weighted: boolean): Batch[] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const special = [0, 1, 0.5, 0.1, 0.2, 0.30000000000000004, 0.7, 1 / bins, 3 / bins, 1 - 1 / bins, -0.25, 1.5, 0.25];
  return sizes.map((n) => {
    const y = new Float64Array(n);
    const p = new Float64Array(n);
    const w = weighted ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      const r = next();
      p[i] = r < 0.2 ? special[Math.floor(next() * special.length)] : r < 0.4 ? Math.round(next() * 20) / 20 : next() * next() + next() * 2 ** -30;
      y[i] = next() < Math.min(1, Math.max(0, p[i])) ? 1 : 0;
      // Weights with all 53 bits, so that sums in another order would round differently.
      if (w) w[i] = next() < 0.1 ? 0 : (next() + next() * 2 ** -32) * 3;
    }
    return { y, p, w };
  });
}

/** A part's reliability sums as numbers. */
function calibrationOfPart(sums: { sum: number; compensation: number }[]): Float64Array {
  return Float64Array.from(sums, (c) => c.sum + c.compensation);
}

/** The sketch's table in the reference's slots (its weighted sums' second numbers left out). */
function referenceSlots(table: Float64Array, weighted: boolean): Float64Array {
  if (!weighted) return table;
  const out = new Float64Array((table.length / 6) * 4);
  for (let k = 0; k < table.length / 6; k++) out.set(table.subarray(6 * k, 6 * k + 4), 4 * k);
  return out;
}

function sameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: ${actual[i]} is not ${expected[i]}`);
  }
}

describe('MetricsSketch: the table filled by bucket', () => {
  for (const weighted of [false, true]) {
    for (const bins of [1 << 20, 1 << 14, 1000]) {
      it(`equals the row-by-row update bit for bit (${weighted ? 'weighted' : 'unweighted'}, ${bins} bins)`, () => {
        // Batches smaller, equal and larger than a block (32768 rows), and an empty one.
        const input = batches(bins + (weighted ? 1 : 0), [1, 5000, 32768, 0, 70001, 3], bins, weighted);
        const sketch = new MetricsSketch(bins, weighted);
        for (const [k, b] of input.entries()) {
          // pushRaw checks and clips; push takes [0, 1] as given: both go through the same table pass.
          if (k % 2 === 0) assert.equal(sketch.pushRaw(b.y, b.p, b.y.length, b.w), undefined);
          else sketch.push(b.y, b.p.map((v) => Math.min(1, Math.max(0, v))), b.y.length, b.w);
        }
        const expected = referenceTable(input, bins, weighted);
        const state = sketch.toState();
        sameBits(referenceSlots(state.table, weighted), expected.table, 'table');
        assert.equal(state.inexactAdds, 0);
        assert.equal(state.parts.length, 1, 'one part');
        sameBits(calibrationOfPart(state.parts[0].calibration), expected.calibration, 'calibration');
      });
    }
  }

  it('bins the rows before a bad one, and says where it stopped', () => {
    const [b] = batches(7, [40000], 1 << 20, false);
    const y = b.y.slice();
    y[35000] = 0.5;
    const sketch = new MetricsSketch(1 << 20, false);
    assert.match(sketch.pushRaw(y, b.p, y.length, null) ?? '', /labels 0 or 1.*got 0\.5/);
    const expected = referenceTable([{ y: y.subarray(0, 35000), p: b.p.subarray(0, 35000), w: null }], 1 << 20, false);
    sameBits(sketch.toState().table, expected.table, 'table');
    sameBits(calibrationOfPart(sketch.toState().parts[0].calibration), expected.calibration, 'calibration');
  });
});

describe('stateBuffers: a thread hands its metrics over', () => {
  for (const exactLimit of [100, 10000]) {
    it(`moves every array of the state, which gives the same metrics (${exactLimit === 100 ? 'sketched' : 'exact'})`, () => {
      const [b] = batches(3, [1000], 1 << 10, true);
      const m = new StreamMetrics({ labels: 1, fromLogits: false, twoColumns: false, weighted: true, exactLimit, sketchBins: 1 << 10 });
      m.push(b.y, b.p.map((v) => Math.min(1, Math.max(0, v))), 1000, b.w);
      const expected = StreamMetrics.fromState(structuredClone(m.toState())).finish([0.5]);
      const state = m.toState();
      const buffers = stateBuffers(state);
      assert.equal(buffers.length, exactLimit === 100 ? 1 : 3, 'the table, or the kept y, p and w');
      const moved = structuredClone(state, { transfer: buffers });
      assert.ok(buffers.every((x) => x.byteLength === 0), 'moved, not copied');
      assert.deepEqual(StreamMetrics.fromState(moved).finish([0.5]), expected);
    });
  }
});
