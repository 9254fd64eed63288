/** Each finding fires on data that shows its cause, and stays quiet on data that does not. */
import * as assert from 'node:assert/strict';
import { computeLoss, diagnose, findings, inputMetrics, ranksBackwards, resolvedOf, type FindingCode, type LossInput, type LossOptions } from '../../../src/core';

const keras: LossOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };
const healthy: LossInput = { yTrue: [[1], [0], [1], [1], [0], [0], [1], [0]], yPred: [[0.9], [0.2], [0.8], [0.6], [0.3], [0.45], [0.7], [0.1]] };

function codes(input: LossInput, options: LossOptions = keras): FindingCode[] {
  const r = computeLoss(input, options);
  let metrics;
  try {
    metrics = inputMetrics(input, resolvedOf(r));
  } catch {
    metrics = undefined;
  }
  return findings(input, options, r, metrics).map((f) => f.code);
}

function fires(code: FindingCode, input: LossInput, options: LossOptions = keras): void {
  assert.ok(codes(input, options).includes(code), `${code} did not fire: ${codes(input, options).join(', ')}`);
}

describe('core: findings', () => {
  it('a healthy classifier in (n, 1) arrays has none', () => assert.deepEqual(codes(healthy), []));

  it('sigmoid-twice: every probability in [σ(0), σ(1)], with the loss once the extra sigmoid is undone', () => {
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const twice = { yTrue: healthy.yTrue, yPred: (healthy.yPred as number[][]).map(([p]) => [s(p)]) };
    fires('sigmoid-twice', twice);
    const r = computeLoss(twice, keras);
    const f = findings(twice, keras, r).find((x) => x.code === 'sigmoid-twice');
    // Undoing σ gives back the healthy probabilities, so their loss.
    assert.ok(Math.abs((f?.evidence.lossWithoutSecondSigmoid as number) - (computeLoss(healthy, keras).loss as number)) < 1e-12);
  });

  it('probabilities-as-logits: from_logits forced on values all in [0, 1]', () => {
    fires('probabilities-as-logits', healthy, { ...keras, fromLogits: true });
    assert.ok(!codes({ ...healthy, yPred: [[3], [-2], [1], [0.5], [-1], [-0.2], [2], [-4]] }, { ...keras, fromLogits: true }).includes('probabilities-as-logits'));
  });

  it('logits-as-probabilities: from_logits forced off on values outside [0, 1], with their loss as logits', () => {
    const logits = { yTrue: healthy.yTrue, yPred: [[3], [-2], [1], [0.5], [-1], [-0.2], [2], [-4]] };
    const off = { ...keras, fromLogits: false as const };
    const r = computeLoss(logits, off);
    const f = findings(logits, off, r).find((x) => x.code === 'logits-as-probabilities');
    assert.ok(Math.abs((f?.evidence.lossAsLogits as number) - (computeLoss(logits, { ...keras, fromLogits: true }).loss as number)) < 1e-12);
    assert.ok(!codes(healthy, off).includes('logits-as-probabilities'));
    assert.ok(!codes(logits).includes('logits-as-probabilities'), 'auto already reads them as logits');
  });

  it('labels-inverted: ROC AUC below 0.5, with the loss of the flipped labels', () => {
    const inverted = { yTrue: (healthy.yTrue as number[][]).map(([y]) => [1 - y]), yPred: healthy.yPred };
    fires('labels-inverted', inverted);
  });

  it('labels-inverted only when ROC AUC is clearly below 0.5: 2 standard errors under it, or at most 0.25', () => {
    // 50 positives and 50 negatives: the standard error of a ranking unrelated to the labels is about 0.058.
    const m = (rocAuc: number, n = 100) => ({ rocAuc, n, baseRate: 0.5 });
    assert.equal(ranksBackwards(m(0.4999)), false, 'an unrelated ranking just under 0.5');
    assert.equal(ranksBackwards(m(0.4)), false, 'under 2 standard errors');
    assert.equal(ranksBackwards(m(0.38)), true, 'over 2 standard errors');
    assert.equal(ranksBackwards(m(0.49, 1e6)), true, 'a large sample: 0.01 under is many standard errors');
    assert.equal(ranksBackwards(m(0.25, 4)), true, 'a few samples ranked mostly backwards');
    assert.equal(ranksBackwards(m(0.3, 4)), false, 'a few samples: 0.3 is within chance');
    assert.equal(ranksBackwards({ rocAuc: 0.1, n: 4, baseRate: 1 }), true);
    assert.equal(ranksBackwards({ rocAuc: undefined, n: 4, baseRate: 0.5 }), false);
  });

  it('constant-predictor and stuck-at-ln2', () => {
    const constant = { yTrue: healthy.yTrue, yPred: Array.from(healthy.yTrue, () => [0.5]) };
    fires('constant-predictor', constant);
    fires('stuck-at-ln2', constant);
  });

  it('leakage: AUC 1 with a loss near 0', () => {
    fires('leakage', { yTrue: healthy.yTrue, yPred: (healthy.yTrue as number[][]).map(([y]) => [y ? 1 - 1e-6 : 1e-6]) });
  });

  it('imbalance: under 10 % positives, with the balancing pos_weight', () => {
    const y = Array.from({ length: 40 }, (_, i) => [i < 2 ? 1 : 0]);
    const p = y.map(([v], i) => [v ? 0.6 : 0.05 + i / 1000]);
    const r = computeLoss({ yTrue: y, yPred: p }, keras);
    const m = inputMetrics({ yTrue: y, yPred: p }, resolvedOf(r));
    const f = findings({ yTrue: y, yPred: p }, keras, r, m).find((x) => x.code === 'imbalance');
    assert.equal(f?.evidence.posWeight, 19);
    // The loss under it: BCEWithLogitsLoss(pos_weight=19) on the logits, as the torch framework computes it.
    const logits = { yTrue: y, yPred: p.map(([v]) => [Math.log(v / (1 - v))]) };
    const torch: LossOptions = { ...keras, semantics: 'torch', fromLogits: true };
    const rt = computeLoss(logits, torch);
    const ft = findings(logits, torch, rt, inputMetrics(logits, resolvedOf(rt))).find((x) => x.code === 'imbalance');
    const expected = computeLoss(logits, { ...torch, posWeight: [ft?.evidence.posWeight as number] }).loss as number;
    assert.ok(Math.abs((ft?.evidence.lossWithPosWeight as number) - expected) < 1e-12 * expected);
    assert.ok(!codes(healthy).includes('imbalance'));
  });

  it('clip-dominated: most of the loss from predictions at the clip', () => {
    fires('clip-dominated', { yTrue: [[1], [0], [1], [0]], yPred: [[0], [0.1], [0.9], [0.2]] });
  });

  it('broadcast-trap: 1-D arrays, with what Keras gives on (n,) against (n, 1)', () => {
    const oneD = { yTrue: [1, 0, 1, 0], yPred: [0.9, 0.1, 0.8, 0.3] };
    fires('broadcast-trap', oneD);
    const r = computeLoss(oneD, keras);
    const f = findings(oneD, keras, r).find((x) => x.code === 'broadcast-trap');
    // Keras: mean over the 4 × 4 matrix of ℓ(y_j, p_i), clipped at 1e-7.
    let sum = 0;
    for (const p of oneD.yPred) for (const y of oneD.yTrue) sum += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    assert.ok(Math.abs((f?.evidence.broadcastLoss as number) - sum / 16) < 1e-12);
  });

  it('sklearn-version: eps 1e-15 before 1.2 gives another number at the clip', () => {
    fires('sklearn-version', { yTrue: [1, 0, 1], yPred: [0, 0.2, 0.9] }, { ...keras, semantics: 'sklearn' });
    assert.ok(!codes({ yTrue: [1, 0, 1], yPred: [0.7, 0.2, 0.9] }, { ...keras, semantics: 'sklearn' }).includes('sklearn-version'));
  });

  it('diagnoses arrays as large as the panel diagnoses (no spread of 400,000 predictions into one call)', () => {
    const n = 400_000;
    const yTrue = Array.from({ length: n }, (_, i) => i % 2);
    const yPred = Array.from({ length: n }, (_, i) => (i % 2 ? 0.6 : 0.4) + ((i % 1000) - 500) * 1e-4);
    const input = { yTrue, yPred };
    const d = diagnose(input, keras, computeLoss(input, keras));
    assert.equal(d.metrics?.[0].n, n);
    assert.ok((d.metrics?.[0].rocAuc ?? 0) > 0.5);
  });
});
