import * as assert from 'node:assert/strict';
import {
  FRAMEWORK_LIST,
  compareSemantics,
  comparisonNote,
  comparisonVariants,
  computeLoss,
  differenceReasons,
  equivalentReduction,
  optionsKey,
  resolvedOf,
  sameWithin,
  type ComparisonFacts,
  type LossInput,
  type LossOptions,
  type ResolvedOptions,
} from '../../src/core';
import { runComparison } from '../../src/host/viewModel';

const keras: LossOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };
const facts = (over: Partial<ComparisonFacts> = {}): ComparisonFacts => ({ minPrediction: 0.2, maxPrediction: 0.8, n: 4, labels: 1, weighted: false, weightSum: 4, ...over });
const r = (o: Partial<ResolvedOptions>): ResolvedOptions => ({ semantics: 'keras', fromLogits: false, labelSmoothing: 0, reduction: 'sum_over_batch_size', dtype: 'float64', ...o });

function compare(input: LossInput, chosen: LossOptions) {
  const primary = computeLoss(input, chosen);
  const weighted = input.sampleWeight?.some((w) => w !== 1) ?? false;
  return runComparison(chosen, primary, weighted, (o) => {
    try {
      return computeLoss(input, o);
    } catch (e) {
      return e as Error;
    }
  });
}

describe('host: comparison variants', () => {
  it('has every semantics in the chosen dtype, then the chosen one in the other dtype', () => {
    const v = comparisonVariants(keras);
    assert.deepEqual(v.map((x) => x.title), [...FRAMEWORK_LIST.map((fw) => fw.title), 'Keras 3 · float32']);
    assert.deepEqual(v.map((x) => x.reference), v.map((_, i) => i === 0));
    assert.equal(v[v.length - 1].dtype, 'float32');
    // XGBoost's metric has one dtype of its own (float32 elements, a double mean): one row, whatever is asked.
    const asked32 = comparisonVariants({ ...keras, dtype: 'float32' });
    assert.equal(asked32.find((x) => x.semantics === 'xgboost')?.dtype, 'float64');
  });

  it('drops what a framework lacks: label smoothing outside Keras, pos_weight outside PyTorch', () => {
    const v = comparisonVariants({ ...keras, labelSmoothing: 0.2 });
    assert.equal(v.find((x) => x.semantics === 'tf-keras2')?.options.labelSmoothing, 0.2);
    assert.equal(v.find((x) => x.semantics === 'torch')?.options.labelSmoothing, 0);
    assert.equal(v.find((x) => x.semantics === 'sklearn')?.options.labelSmoothing, 0);
    const t = comparisonVariants({ semantics: 'torch', fromLogits: true, labelSmoothing: 0, dtype: 'float32', posWeight: [2] });
    assert.deepEqual(t.find((x) => x.semantics === 'torch')?.options.posWeight, [2]);
    assert.equal(t.find((x) => x.semantics === 'keras')?.options.posWeight, undefined);
  });

  it('marks scikit-learn unsupported on logits instead of computing', () => {
    const v = comparisonVariants({ ...keras, fromLogits: true });
    assert.match(v.find((x) => x.semantics === 'sklearn')?.unsupported ?? '', /probabilities, not logits/);
  });

  it('maps reductions to the same kind of number', () => {
    assert.equal(equivalentReduction('sum', 'keras', 'torch'), 'sum');
    assert.equal(equivalentReduction('sum_over_batch_size', 'keras', 'torch'), 'mean');
    assert.equal(equivalentReduction('none', 'keras', 'sklearn'), 'mean');
    assert.equal(equivalentReduction('mean_with_sample_weight', 'keras', 'keras'), 'mean_with_sample_weight');
    assert.equal(equivalentReduction('mean_with_sample_weight', 'keras', 'tf-keras2'), 'sum_over_batch_size');
    assert.match(comparisonNote({ ...keras, reduction: 'none' }) ?? '', /each framework's mean/);
    assert.equal(comparisonNote(keras), undefined);
  });

  it('keys equal options equally', () => {
    assert.equal(optionsKey(keras), optionsKey({ ...keras }));
    assert.notEqual(optionsKey(keras), optionsKey({ ...keras, dtype: 'float32' }));
    assert.notEqual(optionsKey(keras), optionsKey({ ...keras, reduction: 'sum_over_batch_size' }));
  });
});

describe('host: runComparison', () => {
  it('computes each other variant once and never the primary again, with or without the reduction named', () => {
    const input: LossInput = { yTrue: [0, 1, 1, 0], yPred: [0.2, 0.7, 0.9, 0.4] };
    for (const chosen of [keras, { ...keras, reduction: 'sum_over_batch_size' as const }, { ...keras, semantics: 'torch' as const }]) {
      const primary = computeLoss(input, chosen);
      const asked: string[] = [];
      const comparison = runComparison(chosen, primary, false, (o) => {
        asked.push(optionsKey(o));
        try {
          return computeLoss(input, o);
        } catch (e) {
          return e as Error;
        }
      });
      const primaryKey = optionsKey({ ...chosen, reduction: primary.reduction });
      assert.ok(!asked.includes(primaryKey), `${chosen.semantics}: the primary was computed again`);
      assert.equal(new Set(asked).size, asked.length);
      // The same table as computing every variant.
      assert.deepEqual(comparison, compare(input, chosen));
    }
  });
});

describe('host: comparison reasons', () => {
  it('clip at 1e-7 vs log clamp at −100 only when a prediction reaches 0 or 1', () => {
    const torch = r({ semantics: 'torch', reduction: 'mean' });
    assert.deepEqual(differenceReasons(r({}), torch, facts()), []);
    const reasons = differenceReasons(r({}), torch, facts({ minPrediction: 0 }));
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /log clamp at −100 instead of clip at 1e-7/);
    assert.match(reasons[0], /100\.00 instead of 16\.12/);
  });

  it('eps inside the log for tf.keras 2, always', () => {
    assert.match(differenceReasons(r({}), r({ semantics: 'tf-keras2' }), facts()).join(), /log\(ŷ \+ 1e-7\)/);
    assert.match(differenceReasons(r({ semantics: 'tf-keras2' }), r({}), facts()).join(), /no eps inside the log/);
  });

  it('float32, label smoothing, divisors and multi-label sums', () => {
    assert.match(differenceReasons(r({}), r({ dtype: 'float32' }), facts()).join(), /float32 rounds every step/);
    assert.match(differenceReasons(r({ labelSmoothing: 0.1 }), r({ semantics: 'torch', reduction: 'mean' }), facts()).join(), /PyTorch has no label smoothing/);
    const sk = differenceReasons(r({}), r({ semantics: 'sklearn', reduction: 'mean' }), facts({ weighted: true, weightSum: 1, n: 2 }));
    assert.match(sk.join(), /divides by the sum of weights \(Σw = 1\) instead of N = 2/);
    const sums = differenceReasons(r({ reduction: 'sum' }), r({ semantics: 'torch', reduction: 'sum' }), facts({ labels: 2 }));
    assert.match(sums.join(), /adds all 2 labels/);
  });

  it('the Keras docstring example: same number in PyTorch, sklearn refuses multi-label, float32 differs in the last digits', () => {
    const c = compare({ yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]] }, keras);
    const byTitle = Object.fromEntries(c.rows.map((row) => [row.title, row]));
    assert.equal(byTitle['Keras 3'].relation, 'reference');
    assert.ok(Math.abs((byTitle['Keras 3'].loss ?? 0) - 0.8149) < 1e-4);
    assert.equal(byTitle['PyTorch'].relation, 'same');
    assert.equal(byTitle['scikit-learn log_loss'].relation, 'error');
    assert.match(byTitle['scikit-learn log_loss'].reason ?? '', /multi-label/);
    assert.equal(byTitle['tf.keras 2'].relation, 'differs');
    assert.match(byTitle['tf.keras 2'].reason ?? '', /eps inside the log/);
    assert.equal(byTitle['Keras 3 · float32'].relation, 'differs');
    assert.match(byTitle['Keras 3 · float32'].reason ?? '', /float32/);
  });

  it('weights: Keras divides by N, scikit-learn by Σw (the 0.458 example)', () => {
    const c = compare({ yTrue: [1, 0], yPred: [0.4, 0.4], sampleWeight: [1, 0] }, keras);
    const sk = c.rows.find((row) => row.semantics === 'sklearn');
    assert.equal(sk?.relation, 'differs');
    assert.match(sk?.reason ?? '', /sum of weights/);
    assert.ok(Math.abs((sk?.loss ?? 0) - -Math.log(0.4)) < 1e-12);
  });

  it('probabilities at exactly 0 and 1: PyTorch costs 100 where Keras clips', () => {
    const c = compare({ yTrue: [1, 0], yPred: [0, 0.5] }, keras);
    const torch = c.rows.find((row) => row.semantics === 'torch');
    assert.ok(torch && torch.loss !== undefined && Math.abs(torch.loss - (100 + Math.log(2)) / 2) < 1e-12);
    assert.match(torch?.reason ?? '', /clamp at −100/);
  });

  it('logits: the stable formulas agree across Keras and PyTorch; scikit-learn is unsupported', () => {
    const c = compare({ yTrue: [0, 1, 0, 0], yPred: [-18.6, 0.51, 2.94, -12.8] }, keras);
    assert.equal(c.rows.find((row) => row.semantics === 'torch')?.relation, 'same');
    assert.equal(c.rows.find((row) => row.semantics === 'tf-keras2')?.relation, 'same');
    assert.equal(c.rows.find((row) => row.semantics === 'sklearn')?.relation, 'error');
  });

  it('sameWithin tolerates summation order, not real differences', () => {
    assert.ok(sameWithin(1, 1 + 2 ** -50, 'float64'));
    assert.ok(!sameWithin(1, 1 + 1e-12, 'float64'));
    assert.ok(sameWithin(1, 1 + 2 ** -23, 'float32'));
    assert.ok(!sameWithin(1, 1 + 1e-5, 'float32'));
  });

  it('a failed reference leaves the others without deltas', () => {
    const variants = comparisonVariants(keras);
    const outcomes = variants.map((v, i) => (i === 0 ? { ok: false as const, error: 'bad' } : { ok: true as const, loss: 1, resolved: resolvedOf({ ...r({}), semantics: v.semantics }) }));
    const c = compareSemantics(variants, outcomes, facts());
    assert.equal(c.rows[0].relation, 'error');
    assert.equal(c.rows[1].delta, undefined);
  });
});

describe('host: comparison reasons for the dtype row', () => {
  it('names the float32 clip bound when a prediction is exactly 1', () => {
    const reasons = differenceReasons(r({}), r({ dtype: 'float32' }), facts({ maxPrediction: 1 }));
    assert.match(reasons.join(), /1 − 1\.19e-7, so ŷ = 1 with y = 0 costs 15\.94 instead of 16\.12/);
  });
});
