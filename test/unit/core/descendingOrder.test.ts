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

  it('falls back to the comparator for short inputs and values outside [0, 1] or NaN', () => {
    const short = [0.3, 0.3, 1, 0, -0, 0.5];
    assert.deepEqual([...descendingOrder(short)], byComparator(short));
    const outside = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 101) / 50 - 0.5);
    assert.deepEqual([...descendingOrder(outside)], byComparator(outside));
  });
});
