/**
 * The radix order of the exact metrics (issue 15: the comparator sort of 10^6 indices took seconds)
 * is the comparator's stable descending order, ties in index order, −0 tied with 0: so the
 * cumulative sums binaryMetrics walks are the same, bit for bit.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { descendingOrder } from '../../../src/core/descendingOrder';

const byComparator = (p: ArrayLike<number>) => Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);

/** Probabilities with many ties (few distinct values), exact 0 and 1, −0, and subnormals. */
const probability = fc.oneof(
  fc.constantFrom(0, -0, 1, 0.5, 5e-324, 1 - 2 ** -53, 0.1, 0.7),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
);

describe('core: descendingOrder', () => {
  it('equals the stable comparator order on probabilities, long enough for the radix sort', () => {
    fc.assert(
      fc.property(fc.array(probability, { minLength: 2048, maxLength: 6000 }), (values) => {
        assert.deepEqual([...descendingOrder(Float64Array.from(values))], byComparator(values));
      }),
      { numRuns: 25, seed: 15 },
    );
  });

  it('the same order read in place (a Float64Array without −0, also a view at an offset), from a plain array, and when all are equal', () => {
    fc.assert(
      fc.property(fc.array(probability.map((x) => x + 0), { minLength: 2048, maxLength: 5000 }), fc.integer({ min: 0, max: 7 }), (values, offset) => {
        const expected = byComparator(values);
        const buffer = new Float64Array(values.length + offset);
        buffer.set(values, offset);
        assert.deepEqual([...descendingOrder(buffer.subarray(offset))], expected);
        assert.deepEqual([...descendingOrder(values)], expected);
        assert.deepEqual([...buffer.subarray(offset)], values, 'the input is left as it was');
      }),
      { numRuns: 25, seed: 16 },
    );
    const same = new Float64Array(3000).fill(0.25);
    assert.deepEqual([...descendingOrder(same)], byComparator(same));
  });

  it('falls back to the comparator for short inputs and values outside [0, 1] or NaN', () => {
    const short = [0.3, 0.3, 1, 0, -0, 0.5];
    assert.deepEqual([...descendingOrder(short)], byComparator(short));
    const outside = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 101) / 50 - 0.5);
    assert.deepEqual([...descendingOrder(outside)], byComparator(outside));
  });
});
