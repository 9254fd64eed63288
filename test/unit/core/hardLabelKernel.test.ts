import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BceAccumulator, useWasmKernels, type LossOptions } from '../../../src/core';
import { hardLabelKernel } from '../../../src/core/hardLabelKernel';

type Semantics = LossOptions['semantics'];

/** The accumulator's state after pushMany over the same data, with or without the kernel. */
function stateAfter(wasm: boolean, semantics: Semantics, y: Float64Array, p: Float64Array, sources: Float64Array | null, batches: number[], worstK: number, bins: number) {
  useWasmKernels(wasm);
  try {
    const acc = new BceAccumulator({
      options: { semantics, fromLogits: false, labelSmoothing: 0, dtype: 'float64', reduction: semantics === 'torch' || semantics === 'sklearn' ? 'mean' : 'sum_over_batch_size' },
      labels: 1,
      worstK,
      histogramBins: bins,
    });
    let at = 0;
    try {
    for (const size of batches) {
      const n = Math.min(size, y.length - at);
      if (n <= 0) break;
      acc.pushMany(y.subarray(at, at + n), p.subarray(at, at + n), n, null, sources ? sources.subarray(at, at + n) : null);
      at += n;
    }
    if (at < y.length) acc.pushMany(y.subarray(at), p.subarray(at), y.length - at, null, sources ? sources.subarray(at) : null);
    } catch (e) {
      // A bad element (soft labels for sklearn) fails both the same way, at the same element.
      return { error: String(e), samples: acc.count };
    }
    return { state: acc.toState(), result: acc.result() };
  } finally {
    useWasmKernels(true);
  }
}

describe('core: the WebAssembly hard-label kernel', () => {
  it('runs here (Node has WebAssembly), and useWasmKernels(false) turns it off, so the comparisons below compare two paths', () => {
    assert.ok(hardLabelKernel());
    useWasmKernels(false);
    try {
      assert.equal(hardLabelKernel(), null);
    } finally {
      useWasmKernels(true);
    }
  });

  it('gives the very same state as the JavaScript loop: products, counts, histogram, extremes, worst samples', () => {
    const element = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })) },
      // Clipped, exact 0 and 1, tiny (torch's per-row path), soft labels and predictions outside [0, 1].
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 1e-9, 1 - 1e-9, 1e-31, 1e-300, 5e-324)) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0.25, 0.5, 0.9), fc.double({ min: 0, max: 1, noNaN: true })) },
      // Confident predictions: q near 1 goes to the series sums instead of the products.
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.oneof(fc.double({ min: 0.998, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.002, noNaN: true }))) },
    );
    fc.assert(
      fc.property(
        fc.array(element, { minLength: 16, maxLength: 700 }),
        fc.constantFrom<Semantics>('keras', 'tf-keras2', 'torch', 'sklearn'),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 1, 5, 50),
        fc.constantFrom(1, 7, 40),
        fc.boolean(),
        (elements, semantics, batches, worstK, bins, withSources) => {
          const y = Float64Array.from(elements, (e) => e[0]);
          const p = Float64Array.from(elements, (e) => e[1]);
          const sources = withSources ? Float64Array.from(elements, (_, i) => 10 + 3 * i) : null;
          const js = stateAfter(false, semantics, y, p, sources, batches, worstK, bins);
          const wasm = stateAfter(true, semantics, y, p, sources, batches, worstK, bins);
          assert.deepEqual(wasm, js);
        },
      ),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('is the same over many slices and candidate lists (100 000 elements, products renormalised)', () => {
    let s = 17;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const n = 100_000;
    const y = new Float64Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = next() < 0.4 ? 1 : 0;
      p[i] = i % 9973 === 0 ? 1e-40 : next();
    }
    const sources = Float64Array.from({ length: n }, (_, i) => i + 2);
    for (const semantics of ['keras', 'torch'] as const) {
      const js = stateAfter(false, semantics, y, p, sources, [n], 50, 40);
      const wasm = stateAfter(true, semantics, y, p, sources, [n], 50, 40);
      assert.deepEqual(wasm, js);
      assert.equal(wasm.result?.n, n);
    }
  });

  it('keeps tiny losses to 1e-12 relative: confident predictions sum their losses, not a product near 1', () => {
    let seed = 5;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const cases: [string, (i: number) => [number, number]][] = [
      // Issue 12's file: 40 rows of y = 1, p ≈ 1 − 1e-9 lost 4.7e-9 relative through the products.
      ['40 rows of y = 1, p = 1 − 1e-9', () => [1, 1 - 1e-9]],
      ['confident of both classes', (i) => (i % 2 ? [1, 1 - 1e-6 * next()] : [0, 1e-7 * next()])],
      ['mostly confident, some not', (i) => (i % 10 === 0 ? [1, next()] : [i % 3 ? 1 : 0, i % 3 ? 1 - 1e-4 * next() : 1e-5 * next()])],
    ];
    for (const [what, make] of cases) {
      for (const n of [40, 5000]) {
        const y = new Float64Array(n);
        const p = new Float64Array(n);
        for (let i = 0; i < n; i++) [y[i], p[i]] = make(i);
        for (const semantics of ['keras', 'tf-keras2', 'torch', 'sklearn'] as const) {
          // The reference: each element's loss as the framework computes it (one log each), summed exactly enough.
          const one = new BceAccumulator({ options: { semantics, fromLogits: false, labelSmoothing: 0, dtype: 'float64', reduction: 'sum' }, labels: 1 });
          for (let i = 0; i < n; i++) one.pushOne(y[i], p[i]);
          const want = one.result().loss as number;
          for (const wasm of [true, false]) {
            useWasmKernels(wasm);
            try {
              const acc = new BceAccumulator({ options: { semantics, fromLogits: false, labelSmoothing: 0, dtype: 'float64', reduction: 'sum' }, labels: 1 });
              acc.pushMany(y, p, n);
              const got = acc.result().loss as number;
              assert.ok(Math.abs(got - want) <= 1e-12 * want, `${what}, n = ${n}, ${semantics}, wasm ${wasm}: ${got} vs ${want} (relative ${Math.abs(got - want) / want})`);
            } finally {
              useWasmKernels(true);
            }
          }
        }
      }
    }
  });
});
