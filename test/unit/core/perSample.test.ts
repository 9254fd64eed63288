import * as assert from 'node:assert/strict';
import { BceAccumulator } from '../../../src/core';

const options = { semantics: 'torch' as const, fromLogits: false, labelSmoothing: 0, dtype: 'float64' as const, reduction: 'none' as const };

function accumulate(ps: number[]): BceAccumulator {
  const acc = new BceAccumulator({ options, labels: 1, keepPerSample: true });
  acc.pushMany(Float64Array.from(ps, (_, i) => i % 2), Float64Array.from(ps), ps.length);
  return acc;
}

describe('core: per-sample losses (reduction "none") pass through states without copies, and stay right', () => {
  it('a state taken, then more samples: the state, a copy of it and the accumulator each keep their own values', () => {
    const acc = accumulate([0.2, 0.7, 0.4]);
    const state = acc.toState();
    const restored = BceAccumulator.fromState(state);
    acc.pushRow([1], [0.9]);
    restored.pushRow([0], [0.5]);
    const loss = (a: BceAccumulator) => a.result().loss as number[];
    const first = [-Math.log(0.8), -Math.log(0.7), -Math.log(0.6)];
    assert.deepEqual(Array.from(state.perSample ?? []), first);
    assert.deepEqual(loss(acc), [...first, -Math.log(0.9)]);
    assert.deepEqual(loss(restored), [...first, -Math.log(0.5)]);
  });

  it('a restored state of 3000 samples merges and grows past its size', () => {
    const ps = Array.from({ length: 3000 }, (_, i) => (i + 0.5) / 3000);
    const a = BceAccumulator.fromState(accumulate(ps).toState());
    a.merge(BceAccumulator.fromState(accumulate(ps).toState()));
    const values = a.result().loss as number[];
    assert.equal(values.length, 6000);
    assert.equal(values[3001], values[1]);
    const empty = BceAccumulator.fromState(new BceAccumulator({ options, labels: 1, keepPerSample: true }).toState());
    empty.pushRow([1], [0.25]);
    assert.deepEqual(empty.result().loss, [-Math.log(0.25)]);
  });
});
