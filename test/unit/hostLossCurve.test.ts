import * as assert from 'node:assert/strict';
import { describeCurve, logit, lossCurve, lossGuard, makeElementLoss, probabilityGrid, sigmoid, type ResolvedOptions } from '../../src/core';

const o = (over: Partial<ResolvedOptions> = {}): ResolvedOptions => ({ semantics: 'keras', fromLogits: false, labelSmoothing: 0, reduction: 'sum_over_batch_size', dtype: 'float64', ...over });

describe('host: loss curve points', () => {
  it('every point is the element loss of the semantics', () => {
    for (const opts of [o(), o({ semantics: 'tf-keras2' }), o({ semantics: 'torch', reduction: 'mean' }), o({ semantics: 'sklearn', reduction: 'mean' }), o({ fromLogits: true }), o({ labelSmoothing: 0.2 })]) {
      const c = lossCurve(opts, { points: 50 });
      const f = makeElementLoss(opts);
      c.x.forEach((x, i) => {
        assert.equal(c.positive[i], f(1, x, 1));
        assert.equal(c.negative[i], f(0, x, 1));
      });
    }
  });

  it('Keras: flat at 16.12 below the clip at 1e-7 (the plateau), 0 … up to 1e-7 at ŷ = 1', () => {
    const c = lossCurve(o());
    const below = c.x.map((x, i) => [x, c.positive[i]] as const).filter(([x]) => x <= 1e-7);
    assert.ok(below.length >= 5, 'the grid reaches below the clip');
    for (const [, l] of below) assert.equal(l, c.guard.maxLoss);
    assert.ok(Math.abs(c.guard.maxLoss - 16.118095) < 1e-6);
    assert.equal(c.guard.kind, 'clip');
    assert.ok(c.x.includes(1e-7) && c.x.includes(1 - 1e-7), 'the clip points are on the grid');
  });

  it('PyTorch: no plateau in range, 100 at ŷ = 0', () => {
    const t = o({ semantics: 'torch', reduction: 'mean' });
    const c = lossCurve(t);
    assert.equal(c.positive[0], 100);
    assert.equal(c.x[0], 0);
    assert.ok(c.positive[1] < 100 && c.positive[1] > 16.2, 'keeps rising past the Keras plateau');
    assert.equal(lossGuard(t).kind, 'clamp');
  });

  it('label smoothing moves the minimum to 1 − s/2 and keeps the plain curve for comparison', () => {
    const c = lossCurve(o({ labelSmoothing: 0.2 }));
    assert.deepEqual(c.targets, { positive: 0.9, negative: 0.1 });
    const min = c.x[c.positive.indexOf(Math.min(...c.positive))];
    assert.ok(Math.abs(min - 0.9) < 1e-9, `minimum at ${min}`);
    assert.ok(Math.min(...c.positive) > 0.3);
    assert.ok(c.unsmoothed);
    assert.ok(Math.abs(c.guard.maxLoss - makeElementLoss(o({ labelSmoothing: 0.2 }))(1, 0, 1)) < 1e-12, 'the plateau is the smoothed one');
  });

  it('logits: against the logit, linear for large |x|, symmetric', () => {
    const c = lossCurve(o({ fromLogits: true }), { logitRange: [-30, 30], points: 60 });
    assert.equal(c.axis, 'logit');
    assert.equal(c.x[0], -30);
    assert.ok(Math.abs(c.positive[0] - 30) < 1e-9);
    assert.ok(Math.abs(c.negative[c.x.length - 1] - 30) < 1e-9);
    assert.equal(lossGuard(o({ fromLogits: true })).kind, 'stable');
  });

  it('the probability grid is sorted, unique, in [0, 1] and dense near the edges', () => {
    const g = probabilityGrid(o(), 200);
    for (let i = 1; i < g.length; i++) assert.ok(g[i] > g[i - 1]);
    assert.equal(g[0], 0);
    assert.equal(g[g.length - 1], 1);
    assert.ok(g.filter((p) => p < 1e-6).length > 20);
  });

  it('sigmoid and logit are inverse and do not overflow', () => {
    for (const t of [-800, -30, -1, 0, 2, 30, 800]) assert.ok(Number.isFinite(sigmoid(t)));
    for (const p of [1e-9, 0.3, 0.5, 0.999]) assert.ok(Math.abs(sigmoid(logit(p)) - p) < 1e-12);
  });

  it('says the guard and the smoothing in words', () => {
    assert.match(describeCurve(o()), /Keras 3 clips ŷ to \[1e-7, 1 − 1e-7\]: at most 16\.12 per element/);
    assert.match(describeCurve(o({ semantics: 'torch', reduction: 'mean' })), /clamps each log at −100/);
    assert.match(describeCurve(o({ labelSmoothing: 0.1 })), /targets to 0\.95 and 0\.05/);
    assert.match(describeCurve(o({ semantics: 'sklearn', reduction: 'mean' })), /2\.2e-16/);
  });
});
