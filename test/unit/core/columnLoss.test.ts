/**
 * computeLoss reads 1-D arrays in place (columnLoss, BceAccumulator.pushSingle) instead of as rows
 * of one: the result must be the general path's (rowLoss) bit for bit, errors included, for plain
 * arrays and Float64Arrays alike, under every framework and option.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BceError, computeLoss, computeLossOnly, diagnose, resolvedOf, sampleLosses, SEMANTICS, type Label, type LossInput, type LossOptions, type LossResult } from '../../../src/core';
import { rowLoss } from '../../../src/core/computeLoss';
import { framework } from '../../../src/core/frameworks/registry';
import { validateOptions } from '../../../src/core/options';
import { anyClasses, sklearnClassIndices } from '../../../src/core/sklearnClasses';

/** The result, or the error's kind, message and position: deepStrictEqual compares numbers with Object.is. */
function outcome(run: () => LossResult): unknown {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof BceError)) throw e;
    return { code: e.code, message: e.message, position: e.position };
  }
}

const label = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<Label>(0, 1) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<Label>(true, false, -0, 2, -0.5, NaN, 'cat', 'dog') },
);
const prediction = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -0, 1e-8, 1 - 1e-8, 1e-300) },
  { weight: 1, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);
const sampleWeight = fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(1, 0, -1, NaN) });

const options = fc
  .record({
    semantics: fc.constantFrom(...SEMANTICS),
    fromLogits: fc.constantFrom<LossOptions['fromLogits']>('auto', true, false),
    labelSmoothing: fc.constantFrom(0, 0, 0.1),
    dtype: fc.constantFrom('float64' as const, 'float32' as const),
    reductionPick: fc.nat(4),
    posWeight: fc.option(fc.constantFrom([2], [0.5]), { nil: undefined }),
    classes: fc.option(fc.constantFrom<Label[]>([0, 1], ['cat', 'dog']), { nil: undefined }),
  })
  .map(({ reductionPick, posWeight, classes, ...o }): LossOptions => {
    const reductions = framework(o.semantics).reductions;
    const reduction = reductionPick < reductions.length ? reductions[reductionPick] : undefined;
    return { ...o, ...(reduction ? { reduction } : {}), ...(posWeight ? { posWeight } : {}), ...(classes ? { classes } : {}) };
  });

const data = fc.record({
  yTrue: fc.array(label, { minLength: 0, maxLength: 60 }),
  yPred: fc.array(prediction, { minLength: 0, maxLength: 60 }),
  weights: fc.option(fc.array(sampleWeight, { minLength: 0, maxLength: 60 }), { nil: undefined }),
  sameLength: fc.boolean(),
});

describe('computeLoss: 1-D arrays read in place', () => {
  it('equal to the general path, bit for bit, errors included (plain arrays and Float64Arrays)', () => {
    fc.assert(
      fc.property(data, options, ({ yTrue, yPred, weights, sameLength }, o) => {
        let n = yTrue.length;
        if (sameLength) n = Math.min(yTrue.length, yPred.length, weights?.length ?? Infinity);
        const input: LossInput = {
          yTrue: sameLength ? yTrue.slice(0, n) : yTrue,
          yPred: sameLength ? yPred.slice(0, n) : yPred,
          ...(weights ? { sampleWeight: sameLength ? weights.slice(0, n) : weights } : {}),
        };
        const expected = outcome(() => {
          validateOptions(o);
          return rowLoss(input, o, framework(o.semantics));
        });
        assert.deepStrictEqual(outcome(() => computeLoss(input, o)), expected);
        if (input.yTrue.every((y) => typeof y === 'number')) {
          const typed: LossInput = {
            yTrue: Float64Array.from(input.yTrue as number[]),
            yPred: Float64Array.from(input.yPred as number[]),
            ...(input.sampleWeight ? { sampleWeight: Float64Array.from(input.sampleWeight) } : {}),
          };
          assert.deepStrictEqual(outcome(() => computeLoss(typed, o)), expected);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a perfect prediction keeps the general path\'s +0 (the row sum 0 + ℓ), also per sample', () => {
    const o: LossOptions = { semantics: 'torch', fromLogits: false, labelSmoothing: 0, dtype: 'float64', reduction: 'none' };
    const input = { yTrue: [0, 1, 0], yPred: [0, 1, 0] };
    const r = computeLoss(input, o);
    assert.deepStrictEqual(r, rowLoss(input, o, framework('torch')));
    assert.deepStrictEqual(computeLoss({ yTrue: new Float64Array(input.yTrue), yPred: new Float64Array(input.yPred) }, o), r);
  });

  it('the diagnosis and the per-sample table of a Float64Array input are those of the plain arrays', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true })), { minLength: 2, maxLength: 50 }),
        fc.constantFrom(...SEMANTICS),
        fc.boolean(),
        (rows, semantics, weighted) => {
          const o: LossOptions = { semantics, fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };
          const plain: LossInput = { yTrue: [0, 1, ...rows.map((r) => r[0])], yPred: [0.2, 0.7, ...rows.map((r) => r[1])], ...(weighted ? { sampleWeight: [1, 2, ...rows.map((r) => r[2])] } : {}) };
          const typed: LossInput = {
            yTrue: Float64Array.from(plain.yTrue as number[]),
            yPred: Float64Array.from(plain.yPred as number[]),
            ...(plain.sampleWeight ? { sampleWeight: Float64Array.from(plain.sampleWeight) } : {}),
          };
          const result = outcome(() => computeLoss(plain, o));
          assert.deepStrictEqual(outcome(() => computeLoss(typed, o)), result);
          if (!(result && typeof result === 'object' && 'loss' in result)) return;
          const r = result as LossResult;
          assert.deepStrictEqual(diagnose(typed, o, r), diagnose(plain, o, r));
          assert.deepStrictEqual(sampleLosses(typed, resolvedOf(r)), sampleLosses(plain, resolvedOf(r)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scikit-learn\'s classes of two integers, read in one pass, are the general reading\'s', () => {
    const outcomeOf = (f: () => Float64Array) => outcome(() => ({ indices: Array.from(f()) }) as unknown as LossResult);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom<Label>(0, 1, -0, 2, 5, -3), { weight: 1, arbitrary: fc.constantFrom<Label>(0.5, NaN, true, 'a') }), { minLength: 1, maxLength: 30 }), (labels) => {
        assert.deepStrictEqual(outcomeOf(() => sklearnClassIndices(labels)), outcomeOf(() => anyClasses(labels)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('computeLossOnly: a comparison row without the statistics', () => {
  it('the loss and the options of computeLoss, bit for bit, errors included (1-D, 2-D, plain and typed)', () => {
    const only = (r: LossResult) => ({
      loss: r.loss,
      semantics: r.semantics,
      fromLogits: r.fromLogits,
      labelSmoothing: r.labelSmoothing,
      reduction: r.reduction,
      dtype: r.dtype,
      ...(r.posWeight ? { posWeight: r.posWeight } : {}),
      ...(r.classes ? { classes: r.classes } : {}),
    });
    const twoD = (xs: readonly unknown[]) => xs.map((x, i) => [x, xs[(i + 1) % xs.length]]);
    fc.assert(
      fc.property(data, options, fc.boolean(), ({ yTrue, yPred, weights }, o, rows) => {
        const n = Math.min(yTrue.length, yPred.length, weights?.length ?? Infinity);
        const labels = yTrue.slice(0, n);
        const predictions = yPred.slice(0, n);
        const plain: LossInput = { yTrue: labels, yPred: predictions, ...(weights ? { sampleWeight: weights.slice(0, n) } : {}) };
        const inputs: LossInput[] = [plain];
        if (rows) inputs.push({ ...plain, yTrue: twoD(labels) as LossInput['yTrue'], yPred: twoD(predictions) as LossInput['yPred'] });
        if (labels.every((y) => typeof y === 'number')) {
          inputs.push({ ...plain, yTrue: Float64Array.from(labels as number[]), yPred: Float64Array.from(predictions) });
        }
        for (const input of inputs) {
          const full = outcome(() => computeLoss(input, o));
          const expected = full instanceof Object && 'loss' in full ? only(full as LossResult) : full;
          assert.deepStrictEqual(outcome(() => computeLossOnly(input, o) as LossResult), expected);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
