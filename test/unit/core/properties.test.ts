import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BceAccumulator, CompensatedSum, computeLoss, type ResolvedOptions, type Semantics } from '../../../src/core';
import { close, exactSum, keras } from './helpers';

const probability = fc.double({ min: 0, max: 1, noNaN: true });
const softLabel = fc.double({ min: 0, max: 1, noNaN: true });
const hardLabel = fc.constantFrom(0, 1);
const weight = fc.double({ min: 0, max: 10, noNaN: true });
const semantics = fc.constantFrom<Semantics>('keras', 'tf-keras2', 'torch');

describe('properties (fast-check)', () => {
  it('the loss is ≥ 0 for every preset, dtype and reduction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(softLabel, probability, weight), { minLength: 1, maxLength: 40 }),
        semantics,
        fc.constantFrom('float64' as const, 'float32' as const),
        fc.constantFrom('sum' as const, undefined),
        (rows, s, dtype, reduction) => {
          const r = computeLoss(
            { yTrue: rows.map((r) => r[0]), yPred: rows.map((r) => r[1]), sampleWeight: rows.map((r) => r[2]) },
            { ...keras, semantics: s, dtype, fromLogits: false, ...(reduction ? { reduction } : {}) },
          );
          assert.ok((r.loss as number) >= 0, `loss ${r.loss}`);
        },
      ),
    );
  });

  it('sklearn: the loss is ≥ 0 for hard labels of both classes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hardLabel, probability), { minLength: 1, maxLength: 40 }), (rows) => {
        const yTrue = [0, 1, ...rows.map((r) => r[0])];
        const yPred = [0.3, 0.6, ...rows.map((r) => r[1])];
        assert.ok((computeLoss({ yTrue, yPred }, { ...keras, semantics: 'sklearn' }).loss as number) >= 0);
      }),
    );
  });

  // tf.keras 2 adds eps inside every log of the probability branch, so it is left out by design.
  it('logits mode on x equals probability mode on sigmoid(x) where no clipping applies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(softLabel, fc.double({ min: -12, max: 12, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.constantFrom<Semantics>('keras', 'torch'),
        (rows, s) => {
          const yTrue = rows.map((r) => r[0]);
          const logits = computeLoss({ yTrue, yPred: rows.map((r) => r[1]) }, { ...keras, semantics: s, fromLogits: true });
          const probs = computeLoss({ yTrue, yPred: rows.map((r) => 1 / (1 + Math.exp(-r[1]))) }, { ...keras, semantics: s, fromLogits: false });
          close(logits.loss, probs.loss as number, 1e-9, 1e-12);
        },
      ),
    );
  });

  it('chunked and merged equals one pass within 1e-13 relative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(softLabel, fc.double({ min: -30, max: 30, noNaN: true }), weight), { minLength: 2, maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        semantics,
        (rows, cutSeeds, s) => {
          const options: ResolvedOptions = { semantics: s, fromLogits: true, labelSmoothing: 0, reduction: 'sum', dtype: 'float64' };
          const whole = new BceAccumulator({ options, labels: 1 });
          for (const [y, x, w] of rows) whole.pushOne(y, x, w);
          const cuts = [...new Set(cutSeeds.map((c) => c % rows.length))].sort((a, b) => a - b);
          const parts = [0, ...cuts, rows.length].slice(0, -1).map((start, k, starts) => {
            const acc = new BceAccumulator({ options, labels: 1 });
            const end = k + 1 < starts.length ? starts[k + 1] : rows.length;
            for (const [y, x, w] of rows.slice(start, end)) acc.pushOne(y, x, w);
            return acc;
          });
          const merged = parts[0];
          for (const p of parts.slice(1)) merged.merge(p);
          const a = whole.result();
          const b = merged.result();
          close(b.loss, a.loss as number, 1e-13, 1e-300);
          assert.equal(b.n, a.n);
          assert.deepEqual(b.stats.worst.map((w) => w.index), a.stats.worst.map((w) => w.index));
          assert.deepEqual(b.stats.histogram, a.stats.histogram);
        },
      ),
    );
  });

  it('permutation invariance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(softLabel, probability), { minLength: 1, maxLength: 60 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
        fc.constantFrom<Semantics>('keras', 'tf-keras2', 'torch'),
        ([rows, shuffled], s) => {
          const a = computeLoss({ yTrue: rows.map((r) => r[0]), yPred: rows.map((r) => r[1]) }, { ...keras, semantics: s, fromLogits: false });
          const b = computeLoss({ yTrue: shuffled.map((r) => r[0]), yPred: shuffled.map((r) => r[1]) }, { ...keras, semantics: s, fromLogits: false });
          close(b.loss, a.loss as number, 1e-13, 1e-300);
        },
      ),
    );
  });
});

describe('accurate sums', () => {
  it('the float64 mean of 1e7 terms is within 1e-12 relative of the exact value', function () {
    this.timeout(60000);
    const n = 1e7;
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const terms = new Float64Array(n);
    for (let i = 0; i < n; i++) terms[i] = -Math.log(next() * 0.999 + 0.0005) * (i % 3 === 0 ? 1e3 : 1e-3);
    const sum = new CompensatedSum();
    let naive = 0;
    for (let i = 0; i < n; i++) {
      sum.add(terms[i]);
      naive += terms[i];
    }
    const exact = exactSum(terms) / n;
    close(sum.value / n, exact, 1e-12);
    // The test can fail: naive summation of the same terms is measurably worse.
    assert.ok(Math.abs(naive / n - exact) > Math.abs(sum.value / n - exact));
  });

  it('the accumulator keeps 1e6 equal losses exact', () => {
    const options: ResolvedOptions = { semantics: 'keras', fromLogits: false, labelSmoothing: 0, reduction: 'sum_over_batch_size', dtype: 'float64' };
    const acc = new BceAccumulator({ options, labels: 1 });
    for (let i = 0; i < 1e6; i++) acc.pushOne(1, 0.1);
    assert.equal(acc.result().loss, -Math.log(0.1));
  });
});
