import * as assert from 'node:assert/strict';
import { computeLoss } from '../../../src/core';
import { close, keras, rounded } from './helpers';

// The frameworks' own published examples (see ../shared/docs/bce-semantics.md).
describe('published examples', () => {
  const multiLabel = { yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]] };

  it('Keras BinaryCrossentropy docstring, from_logits=True: 0.865', () => {
    const r = computeLoss({ yTrue: [0, 1, 0, 0], yPred: [-18.6, 0.51, 2.94, -12.8] }, { ...keras, fromLogits: true });
    assert.equal(rounded(r.loss, 3), 0.865);
    assert.equal(r.fromLogits, true);
  });

  it('the same logits under auto are detected as logits and say so', () => {
    const r = computeLoss({ yTrue: [0, 1, 0, 0], yPred: [-18.6, 0.51, 2.94, -12.8] }, keras);
    assert.equal(r.fromLogits, true);
    assert.equal(r.logitsDetected, true);
    assert.equal(rounded(r.loss, 3), 0.865);
  });

  it('Keras probabilities (batch × labels): 0.815', () => {
    const r = computeLoss(multiLabel, keras);
    assert.equal(rounded(r.loss, 3), 0.815);
    assert.equal(r.fromLogits, false);
    assert.equal(r.n, 2);
    assert.equal(r.labels, 2);
  });

  it('Keras with sample_weight [1, 0]: 0.458 (zero weight still counts in the divisor)', () => {
    assert.equal(rounded(computeLoss({ ...multiLabel, sampleWeight: [1, 0] }, keras).loss, 3), 0.458);
  });

  it('Keras reduction "sum": 1.630', () => {
    assert.equal(rounded(computeLoss(multiLabel, { ...keras, reduction: 'sum' }).loss, 3), 1.63);
  });

  it('Keras reduction "none": [0.916, 0.714]', () => {
    const loss = computeLoss(multiLabel, { ...keras, reduction: 'none' }).loss as number[];
    assert.deepEqual(loss.map((v) => Number(v.toFixed(3))), [0.916, 0.714]);
  });

  it('Keras mean_with_sample_weight divides by the sum of weights', () => {
    const r = computeLoss({ ...multiLabel, sampleWeight: [1, 0] }, { ...keras, reduction: 'mean_with_sample_weight' });
    close(r.loss, -Math.log(0.4), 1e-14);
  });

  it('sklearn log_loss(["spam","ham","ham","spam"], …): 0.21616', () => {
    const r = computeLoss(
      { yTrue: ['spam', 'ham', 'ham', 'spam'], yPred: [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]] },
      { ...keras, semantics: 'sklearn' },
    );
    assert.equal(rounded(r.loss, 5), 0.21616);
  });

  it('torch mean over all elements equals Keras mean of row means; torch none is elementwise', () => {
    const t = computeLoss(multiLabel, { ...keras, semantics: 'torch' });
    close(t.loss, computeLoss(multiLabel, keras).loss as number, 1e-15);
    const none = computeLoss(multiLabel, { ...keras, semantics: 'torch', reduction: 'none' }).loss as number[][];
    assert.equal(none.length, 2);
    assert.equal(none[0].length, 2);
    close(none[1][0], -Math.log(0.6), 1e-15);
  });

  it('float32 stays within a few float32 ulps of the float64 value away from the clip', () => {
    const r64 = computeLoss(multiLabel, keras).loss as number;
    const r32 = computeLoss(multiLabel, { ...keras, dtype: 'float32' }).loss as number;
    assert.equal(r32, Math.fround(r32));
    close(r32, r64, 4 * 2 ** -23);
  });
});
