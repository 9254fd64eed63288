/** The metrics' order of the scores by a radix sort: the comparison sort's, ties and all. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparatorOrder, descendingOrder } from '../../../src/core/descendingOrder';

const score = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(0, -0, 1, 0.5, 0.25, 1e-7, 1 - 1e-7, 5e-324, Number.MIN_VALUE, 2 ** -1022) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e300, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-0.5, NaN, Infinity) },
);

describe('descendingOrder', () => {
  it('equals the comparison sort: descending scores, ties in index order, −0 as 0 (and falls back for NaN or negatives)', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 300 }), (scores) => {
        assert.deepEqual(Array.from(descendingOrder(scores)), comparatorOrder(scores));
        assert.deepEqual(Array.from(descendingOrder(Float64Array.from(scores))), comparatorOrder(scores));
      }),
      { numRuns: 2000 },
    );
  });

  it('many ties over a large array (every digit pass moves elements)', () => {
    const scores = Float64Array.from({ length: 70_000 }, (_, i) => ((i * 7919) % 1000) / 1000 + (i % 3 === 0 ? 1e-9 * i : 0));
    assert.deepEqual(Array.from(descendingOrder(scores)), comparatorOrder(scores));
  });
});
