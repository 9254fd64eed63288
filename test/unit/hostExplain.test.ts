import * as assert from 'node:assert/strict';
import {
  computeLoss,
  explainElement,
  explainReduction,
  explainSklearnColumns,
  formatTerm,
  makeElementLoss,
  resolvedOf,
  sampleLosses,
  type LossInput,
  type LossOptions,
  type ResolvedOptions,
} from '../../src/core';

const o = (over: Partial<ResolvedOptions> = {}): ResolvedOptions => ({ semantics: 'keras', fromLogits: false, labelSmoothing: 0, reduction: 'sum_over_batch_size', dtype: 'float64', ...over });

describe('host: explain terms', () => {
  it('each term is exactly the element loss, and its logs rebuild it', () => {
    const all = [o(), o({ semantics: 'tf-keras2' }), o({ semantics: 'torch', reduction: 'mean' }), o({ semantics: 'sklearn', reduction: 'mean' }), o({ fromLogits: true }), o({ labelSmoothing: 0.3 }), o({ dtype: 'float32' })];
    for (const opts of all) {
      const f = makeElementLoss(opts);
      const inputs = opts.fromLogits ? [-30, -2, 0, 0.5, 4, 40] : [0, 1e-9, 0.2, 0.5, 0.9, 1];
      for (const y of opts.semantics === 'sklearn' ? [0, 1] : [0, 1, 0.3]) {
        for (const v of inputs) {
          const e = explainElement(opts, y, v);
          assert.equal(e.loss, f(y, v, 1));
          const rebuilt = -(e.yUsed * e.logP + (1 - e.yUsed) * e.log1mP);
          assert.ok(Math.abs(rebuilt - e.loss) <= 1e-6 * Math.max(1, e.loss), `${opts.semantics} ${opts.dtype} y=${y} v=${v}: ${rebuilt} vs ${e.loss}`);
        }
      }
    }
  });

  it('says how ŷ came about: clip, σ, renormalised, clamp', () => {
    assert.equal(explainElement(o(), 1, 0).yhatHow, 'clip');
    assert.equal(explainElement(o(), 1, 0.5).yhatHow, undefined);
    assert.equal(explainElement(o({ fromLogits: true }), 1, 2).yhatHow, 'sigmoid');
    assert.equal(explainElement(o({ semantics: 'torch', reduction: 'mean' }), 1, 0).logHow, 'clamp');
    assert.equal(explainElement(o({ semantics: 'tf-keras2' }), 1, 0.3).logHow, 'eps');
    assert.equal(explainSklearnColumns(o({ semantics: 'sklearn', reduction: 'mean' }), 1, 0.3, 0.6).yhatHow, 'renormalised');
  });

  it('formats the term with the numbers: symbolic, evaluated, result', () => {
    assert.equal(formatTerm(explainElement(o(), 1, 0.4)), '−[1·log 0.4 + 0·log 0.6] = −[1·(−0.9163) + 0·(−0.5108)] = 0.9163');
    assert.match(formatTerm(explainElement(o(), 1, 1)), /log \(1 − 1e−7\)/);
    assert.match(formatTerm(explainElement(o({ fromLogits: true }), 0, 2.94)), /log σ\(2\.94\)/);
    assert.match(formatTerm(explainElement(o({ semantics: 'tf-keras2' }), 1, 0.4)), /log\(0\.4 \+ 1e−7\)/);
    assert.match(formatTerm(explainElement(o({ semantics: 'torch', reduction: 'mean' }), 1, 0)), /max\(log 0, −100\)/);
  });

  it('explains the reduction in numbers', () => {
    assert.equal(explainReduction(o(), [{ loss: 0.9163, weight: 1 }, { loss: 0.7136, weight: 0 }], 1, 0.458), '(1·0.9163 + 0·0.7136) / 2 = 0.458');
    assert.equal(explainReduction(o({ reduction: 'sum' }), [{ loss: 1, weight: 1 }, { loss: 2, weight: 1 }], 1, 3), '1 + 2 = 3');
    assert.match(explainReduction(o({ semantics: 'sklearn', reduction: 'mean' }), [{ loss: 1, weight: 2 }, { loss: 2, weight: 1 }], 1, 4 / 3), /\/ 3 \(Σw\)/);
    assert.match(explainReduction(o({ semantics: 'torch', reduction: 'mean' }), [{ loss: 1, weight: 1 }], 2, 1), /\(2\) \/ 2 \(elements\)/);
    assert.match(explainReduction(o(), Array.from({ length: 20 }, () => ({ loss: 1, weight: 1 })), 1, 1), /… \(8 more\)/);
  });
});

describe('host: per-sample losses of small inputs', () => {
  const cases: [string, LossInput, LossOptions][] = [
    ['keras multi-label weighted', { yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]], sampleWeight: [1, 0] }, { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }],
    ['keras float32 smoothing', { yTrue: [1, 0, 1], yPred: [0.9, 0.3, 0] }, { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0.1, dtype: 'float32' }],
    ['torch logits multi-label', { yTrue: [[1, 0, 1]], yPred: [[2, -1, 0.5]] }, { semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float32', posWeight: [2] }],
    ['sklearn class names 2 columns', { yTrue: ['spam', 'ham', 'ham', 'spam'], yPred: [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]] }, { semantics: 'sklearn', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }],
    ['booleans', { yTrue: [true, false], yPred: [0.7, 0.2] }, { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }],
  ];
  for (const [name, input, options] of cases) {
    it(`agrees with computeLoss' statistics: ${name}`, () => {
      const r = computeLoss(input, options);
      const rows = sampleLosses(input, resolvedOf(r));
      assert.equal(rows.length, r.n);
      const losses = rows.map((s) => s.loss);
      assert.equal(Math.min(...losses), r.stats.minSampleLoss);
      assert.equal(Math.max(...losses), r.stats.maxSampleLoss);
      for (const w of r.stats.worst) assert.equal(rows[w.index].loss, w.loss, `sample ${w.index}`);
      assert.deepEqual(rows[0].yTrue, Array.isArray(input.yTrue[0]) ? input.yTrue[0] : [input.yTrue[0]]);
    });
  }

  it('scikit-learn maps class names to 0/1 (sorted: ham < spam)', () => {
    const input = { yTrue: ['spam', 'ham'], yPred: [0.9, 0.2] };
    const r = computeLoss(input, { semantics: 'sklearn', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' });
    const rows = sampleLosses(input, resolvedOf(r));
    assert.deepEqual(rows.map((s) => s.y), [[1], [0]]);
  });
});
