import * as assert from 'node:assert/strict';
import { WorstSamples } from '../../../src/core/worstSamples';
import { classesFrom, computeLoss, makeElementLoss, type LossOptions, type ResolvedOptions, type Semantics } from '../../../src/core';
import { close, keras } from './helpers';

const resolved = (semantics: Semantics, extra: Partial<ResolvedOptions> = {}): ResolvedOptions => ({
  semantics,
  fromLogits: false,
  labelSmoothing: 0,
  reduction: 'sum',
  dtype: 'float64',
  ...extra,
});

describe('edge cases per preset (hand-computed)', () => {
  it('p = 0 with y = 1: 16.118 (Keras) vs 15.425 (tf.keras 2) vs 100 (torch) vs 36.04 (sklearn)', () => {
    close(makeElementLoss(resolved('keras'))(1, 0, 1), -Math.log(1e-7), 1e-15);
    close(makeElementLoss(resolved('tf-keras2'))(1, 0, 1), -Math.log(2e-7), 1e-12);
    assert.equal(makeElementLoss(resolved('torch'))(1, 0, 1), 100);
    close(makeElementLoss(resolved('sklearn'))(1, 0, 1), -Math.log(2.220446049250313e-16), 1e-15);
    assert.equal(Number((-Math.log(1e-7)).toFixed(3)), 16.118);
    assert.equal(Number((-Math.log(2e-7)).toFixed(3)), 15.425);
    assert.equal(Number((-Math.log(2.220446049250313e-16)).toFixed(2)), 36.04);
  });

  it('p = 1 with y = 1: tiny but not zero in Keras, zero in tf.keras 2 and torch', () => {
    close(makeElementLoss(resolved('keras'))(1, 1, 1), -Math.log(1 - 1e-7), 1e-9);
    assert.ok(Math.abs(makeElementLoss(resolved('tf-keras2'))(1, 1, 1)) < 1e-15);
    assert.ok(makeElementLoss(resolved('torch'))(1, 1, 1) === 0);
  });

  it('p = 1 with y = 0 mirrors p = 0 with y = 1', () => {
    close(makeElementLoss(resolved('keras'))(0, 1, 1), -Math.log(1e-7), 1e-8);
    assert.equal(makeElementLoss(resolved('torch'))(0, 1, 1), 100);
  });

  it('float32 Keras clips at fround(1e-7) and 1 − that in float32', () => {
    const f32 = makeElementLoss(resolved('keras', { dtype: 'float32' }));
    assert.equal(f32(1, 0, 1), Math.fround(-Math.fround(Math.log(Math.fround(1e-7)))));
    const hi = Math.fround(1 - Math.fround(1e-7));
    assert.equal(f32(0, 1, 1), Math.fround(-Math.fround(Math.log(Math.fround(1 - hi)))));
  });

  for (const semantics of ['keras', 'tf-keras2', 'torch'] as const) {
    it(`${semantics}: logits ±1e4 are finite and exact`, () => {
      for (const dtype of ['float64', 'float32'] as const) {
        const l = makeElementLoss(resolved(semantics, { fromLogits: true, dtype }));
        assert.equal(l(1, 1e4, 1), 0);
        assert.equal(l(0, -1e4, 1), 0);
        assert.equal(l(0, 1e4, 1), 1e4);
        assert.equal(l(1, -1e4, 1), 1e4);
        assert.equal(l(0.5, 1e4, 1), 5000);
      }
    });
  }

  it('torch pos_weight multiplies the positive term only', () => {
    const l = makeElementLoss(resolved('torch', { fromLogits: true, posWeight: [3] }));
    close(l(1, 0.3, 3), 3 * Math.log1p(Math.exp(-0.3)), 1e-14);
    close(l(0, 0.3, 3), Math.log1p(Math.exp(0.3)), 1e-14);
    const r = computeLoss({ yTrue: [[1, 0]], yPred: [[0.3, 0.3]] }, { ...keras, semantics: 'torch', fromLogits: true, posWeight: [3, 1], reduction: 'sum' });
    close(r.loss, 3 * Math.log1p(Math.exp(-0.3)) + Math.log1p(Math.exp(0.3)), 1e-14);
  });

  it('Keras label smoothing moves labels toward 0.5 before the loss', () => {
    const r = computeLoss({ yTrue: [1], yPred: [0.9] }, { ...keras, labelSmoothing: 0.2 });
    close(r.loss, -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)), 1e-14);
    const logits = computeLoss({ yTrue: [0], yPred: [2] }, { ...keras, fromLogits: true, labelSmoothing: 1 });
    close(logits.loss, 2 - 0.5 * 2 + Math.log1p(Math.exp(-2)), 1e-14);
  });

  it('zero weights: Keras divides by N, sklearn by the weight sum, torch by the element count', () => {
    const input = { yTrue: [1, 0, 1], yPred: [0.8, 0.3, 0.1], sampleWeight: [1, 0, 0] };
    const first = -Math.log(0.8);
    close(computeLoss(input, keras).loss, first / 3, 1e-14);
    close(computeLoss(input, { ...keras, semantics: 'sklearn' }).loss, first, 1e-14);
    close(computeLoss(input, { ...keras, semantics: 'torch' }).loss, first / 3, 1e-14);
    assert.throws(() => computeLoss({ ...input, sampleWeight: [0, 0, 0] }, { ...keras, semantics: 'sklearn' }), /sum to zero/);
    assert.equal(computeLoss({ ...input, sampleWeight: [0, 0, 0] }, { ...keras, reduction: 'mean_with_sample_weight' }).loss, 0);
  });

  it('reads (n,) and (n, 1) the same way', () => {
    const a = computeLoss({ yTrue: [1, 0], yPred: [[0.7], [0.2]] }, keras);
    const b = computeLoss({ yTrue: [1, 0], yPred: [0.7, 0.2] }, keras);
    assert.equal(a.loss, b.loss);
  });

  it('predictions outside [0, 1] with from_logits false are clipped as Keras does, with a warning', () => {
    const r = computeLoss({ yTrue: [1, 0], yPred: [1.5, 0.2] }, { ...keras, fromLogits: false });
    assert.match(r.warnings.join(), /1 prediction\(s\) outside \[0, 1\] were clipped as Keras 3 does \(first at y_pred\[0\]\)/);
  });

  it('statistics: class counts, per-class means, worst samples with positions, per-label losses', () => {
    const r = computeLoss({ yTrue: [[1, 0], [0, 0], [1, 1]], yPred: [[0.9, 0.2], [0.1, 0.6], [0.3, 0.99]] }, keras);
    assert.equal(r.stats.positives, 3);
    assert.equal(r.stats.negatives, 3);
    assert.equal(r.stats.worst[0].index, 2);
    assert.deepEqual(r.stats.worst[0].yPred, [0.3, 0.99]);
    close(r.stats.perLabel?.[0] ?? NaN, (-Math.log(0.9) - Math.log(0.9) - Math.log(0.3)) / 3, 1e-14);
    close(r.stats.meanLossPositive, (-Math.log(0.9) - Math.log(0.3) - Math.log(0.99)) / 3, 1e-14);
    assert.equal(r.stats.histogram.positive.reduce((a, b) => a + b), 3);
    // Label smoothing is named only when it is used (issue 14, item 7).
    assert.match(r.description, /^Keras 3 · probabilities · mean over batch · float64$/);
  });

  it('names label smoothing in the description only when it is not 0 (issue 14, item 7)', () => {
    const input = { yTrue: [1, 0], yPred: [0.9, 0.2] };
    assert.equal(computeLoss(input, keras).description, 'Keras 3 · probabilities · mean over batch · float64');
    assert.equal(computeLoss(input, { ...keras, labelSmoothing: 0.1 }).description, 'Keras 3 · probabilities · label smoothing 0.1 · mean over batch · float64');
    assert.doesNotMatch(computeLoss(input, { ...keras, semantics: 'torch' }).description, /smoothing/);
  });

  it('warns when from_logits is forced true on predictions that all lie in [0, 1] (issue 14, item 7)', () => {
    const warned = (r: { warnings: string[] }) => r.warnings.some((w) => /^from_logits is true but every prediction lies in \[0, 1\]/.test(w));
    const probs = { yTrue: [1, 0, 1], yPred: [0.9, 0.2, 0.6] };
    assert.ok(warned(computeLoss(probs, { ...keras, fromLogits: true })));
    assert.ok(warned(computeLoss({ yTrue: [[1, 0]], yPred: [[0, 1]] }, { ...keras, semantics: 'torch', fromLogits: true })), 'the ends included');
    assert.ok(!warned(computeLoss(probs, keras)), 'auto: probabilities, no warning');
    assert.ok(!warned(computeLoss(probs, { ...keras, fromLogits: false })));
    assert.ok(!warned(computeLoss({ yTrue: [1, 0], yPred: [0.9, -0.2] }, { ...keras, fromLogits: true })), 'a logit outside [0, 1]');
    assert.ok(!warned(computeLoss({ yTrue: [1, 0], yPred: [2.5, 0.2] }, keras)), 'auto detected logits');
  });
});

describe('errors name the place and what was expected', () => {
  const check = (input: Parameters<typeof computeLoss>[0], options: LossOptions, pattern: RegExp) =>
    assert.throws(() => computeLoss(input, options), (e: Error) => e.name === 'BceError' && pattern.test(e.message));

  it('shape mismatch names both shapes', () => {
    check({ yTrue: [0, 1, 1], yPred: [0.5, 0.5] }, keras, /y_true has shape \(3,\) but y_pred has shape \(2,\)/);
    check({ yTrue: [[0, 1]], yPred: [[0.5, 0.5, 0.1]] }, keras, /\(1, 2\) but y_pred has shape \(1, 3\)/);
  });
  it('empty input', () => check({ yTrue: [], yPred: [] }, keras, /no samples/));
  it('NaN and Infinity with their position', () => {
    check({ yTrue: [0, 1], yPred: [0.5, NaN] }, keras, /^y_pred\[1\]: expected a finite prediction, got NaN/);
    check({ yTrue: [[0, Infinity]], yPred: [[0.5, 0.5]] }, keras, /^y_true\[0\]\[1\]: expected a finite label/);
  });
  it('labels outside [0, 1] with their position', () => check({ yTrue: [0, 2], yPred: [0.5, 0.5] }, keras, /^y_true\[1\]: expected a label in \[0, 1\], got 2/));
  it("sklearn's single-class case", () => check({ yTrue: [1, 1], yPred: [0.5, 0.5] }, { ...keras, semantics: 'sklearn' }, /only one label/));
  it('sklearn refuses soft labels as continuous targets', () => check({ yTrue: [0, 0.7], yPred: [0.5, 0.5] }, { ...keras, semantics: 'sklearn' }, /continuous/));
  it('sklearn refuses logits', () => check({ yTrue: [0, 1], yPred: [-3, 2] }, { ...keras, semantics: 'sklearn' }, /takes probabilities/));
  it('torch BCELoss refuses probabilities outside [0, 1]', () => check({ yTrue: [0, 1], yPred: [0.2, 1.5] }, { ...keras, semantics: 'torch', fromLogits: false }, /^y_pred\[1\]: PyTorch BCELoss needs probabilities/));
  it('options that the framework does not have', () => {
    check({ yTrue: [0, 1], yPred: [0.2, 0.5] }, { ...keras, semantics: 'torch', labelSmoothing: 0.1 }, /no label smoothing/);
    check({ yTrue: [0, 1], yPred: [0.2, 0.5] }, { ...keras, reduction: 'mean_with_sample_weight', semantics: 'tf-keras2' }, /not one of tf.keras 2's/);
    check({ yTrue: [0, 1], yPred: [0.2, 0.5] }, { ...keras, posWeight: [2] }, /pos_weight is an option of PyTorch/);
    check({ yTrue: [[0, 1]], yPred: [[-1, 2]] }, { ...keras, semantics: 'torch', posWeight: [2, 3, 4] }, /pos_weight has 3 entries but each sample has 2 labels/);
  });
  it('ragged rows and bad weights', () => {
    check({ yTrue: [[0, 1], [1]], yPred: [[0.5, 0.5], [0.5, 0.5]] }, keras, /^y_true\[1\]: ragged array/);
    check({ yTrue: [0, 1], yPred: [0.5, 0.5], sampleWeight: [1, Infinity] }, keras, /^sample_weight\[1\]: expected a finite sample weight/);
    check({ yTrue: [0, 1], yPred: [0.5, 0.5], sampleWeight: [1] }, keras, /sample_weight has shape \(1,\)/);
  });
  it('negative sample weights are computed as the frameworks do, with a warning naming the first', () => {
    // Keras 3 / torch: Σw·ℓ / N; scikit-learn and Keras mean_with_sample_weight: Σw·ℓ / Σw (issue 12's values).
    const input = { yTrue: [1, 0, 1, 0], yPred: [0.8, 0.3, 0.4, 0.1], sampleWeight: [1, -1, 2, -0.5] };
    const r = computeLoss(input, keras);
    assert.ok(Math.abs((r.loss as number) - 0.4115924533237185) < 1e-15, String(r.loss));
    assert.ok(r.warnings.some((w) => /2 negative sample weight\(s\).*first at sample_weight\[1\]/.test(w)), r.warnings.join('; '));
    const s = computeLoss(input, { ...keras, semantics: 'sklearn' });
    assert.ok(Math.abs((s.loss as number) - 1.097579875529916) < 1e-14, String(s.loss));
    const m = computeLoss(input, { ...keras, reduction: 'mean_with_sample_weight' });
    assert.ok(Math.abs((m.loss as number) - 1.097579875529916) < 1e-14, String(m.loss));
  });
  it("scikit-learn's labels argument as written: two classes, numbers as numbers", () => {
    assert.deepEqual(classesFrom(['0', ' 1 ']), [0, 1]);
    assert.deepEqual(classesFrom(['ham', 'spam']), ['ham', 'spam']);
    assert.deepEqual(classesFrom([0, 1]), [0, 1]);
    for (const bad of [[], ['0'], ['0', '1', '2'], ['0', ''], '0,1', [0, null]]) assert.equal(classesFrom(bad), undefined, JSON.stringify(bad));
  });
  it('string labels outside sklearn', () => check({ yTrue: ['a', 'b'], yPred: [0.5, 0.5] }, keras, /string classes are only understood by --semantics sklearn/));
});

describe('worst samples', () => {
  it('keeps none when k is 0, and the k largest otherwise', () => {
    const none = new WorstSamples(0);
    assert.equal(none.wouldKeep(5), false);
    none.push({ index: 0, loss: 5, yTrue: [1], yPred: [0], weight: 1 });
    assert.deepEqual(none.sorted(), []);
    const two = new WorstSamples(2);
    [3, 1, 4, 1, 5].forEach((loss, index) => two.push({ index, loss, yTrue: [1], yPred: [0], weight: 1 }));
    assert.deepEqual(two.sorted().map((s) => s.loss), [5, 4]);
  });
});
