import { KernelMode } from '../wasm/kernelModes';
import { numpyArrays, pyNumber, pyString, pythonScript, type SnippetOptions, type SnippetRequest } from '../snippets/python';
import type { ElementLoss, ElementOptions, Framework, ProbabilityTerms } from './framework';
import { kerasLoss } from './traits';

const f = Math.fround;

/** Keras' backend epsilon (keras/src/backend/config.py, `_EPSILON = 1e-7`). */
export const KERAS_EPSILON = 1e-7;

/** y ← y(1 − s) + s/2, keras/src/losses/losses.py binary_crossentropy (and tf-keras keras/losses.py). */
export function smoothLabel(y: number, s: number): number {
  return s !== 0 ? y * (1 - s) + 0.5 * s : y;
}

/**
 * Keras 3 on probabilities (keras/src/losses/losses.py binary_crossentropy → ops.binary_crossentropy,
 * keras/src/backend/tensorflow/nn.py binary_crossentropy): p ← clip(p, ε, 1−ε);
 * −[y log p + (1−y) log(1−p)]. `inner` is tf.keras 2's ε added again inside both logs.
 */
export function kerasProbabilities(o: ElementOptions, inner: number): ElementLoss {
  const s = o.labelSmoothing;
  if (o.dtype === 'float32') {
    const eps = f(KERAS_EPSILON);
    const hi = f(1 - eps);
    const keep = f(1 - s);
    const half = f(0.5 * s);
    const in32 = inner ? eps : 0;
    return (y, p) => {
      y = f(y);
      if (s !== 0) y = f(f(y * keep) + half);
      p = f(p);
      const pc = p < eps ? eps : p > hi ? hi : p;
      const logP = in32 ? f(Math.log(f(pc + in32))) : f(Math.log(pc));
      const log1mP = in32 ? f(Math.log(f(f(1 - pc) + in32))) : f(Math.log(f(1 - pc)));
      return -f(f(y * logP) + f(f(1 - y) * log1mP));
    };
  }
  const lo = KERAS_EPSILON;
  const hi = 1 - KERAS_EPSILON;
  return (y, p) => {
    y = smoothLabel(y, s);
    const pc = p < lo ? lo : p > hi ? hi : p;
    return -(y * Math.log(pc + inner) + (1 - y) * Math.log(1 - pc + inner));
  };
}

/**
 * tf.nn.sigmoid_cross_entropy_with_logits (tensorflow/python/ops/nn_impl.py), which Keras' TensorFlow
 * backend calls for from_logits: max(x,0) − x·y + log1p(e^−|x|).
 */
export function stableLogits(o: ElementOptions): ElementLoss {
  const s = o.labelSmoothing;
  if (o.dtype === 'float32') {
    const keep = f(1 - s);
    const half = f(0.5 * s);
    return (y, x) => {
      y = f(y);
      if (s !== 0) y = f(f(y * keep) + half);
      x = f(x);
      return f(f((x > 0 ? x : 0) - f(x * y)) + f(Math.log1p(f(Math.exp(-Math.abs(x))))));
    };
  }
  return (y, x) => {
    y = smoothLabel(y, s);
    return (x > 0 ? x : 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
  };
}

/** ŷ and the logs as the Keras kernels see them (float32: the clip bounds and logs rounded). */
export function kerasTerms(o: ElementOptions, p: number, withInner: boolean): ProbabilityTerms {
  const r = o.dtype === 'float32' ? Math.fround : (x: number) => x;
  const eps = r(KERAS_EPSILON);
  const v = r(p);
  const yhat = Math.min(Math.max(v, eps), r(1 - eps));
  const inner = withInner ? eps : 0;
  return {
    yhat,
    ...(yhat !== p ? { yhatHow: 'clip' as const } : {}),
    logP: r(Math.log(r(yhat + inner))),
    log1mP: r(Math.log(r(r(1 - yhat) + inner))),
    ...(inner ? { logHow: 'eps' as const } : {}),
  };
}

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const reduction = o.reduction === 'none' ? 'None' : pyString(o.reduction);
  return pythonScript(req.data, ['import numpy as np', 'import keras  # Keras 3'], arrays.lines, [
    ...kerasLossObject(o, reduction, [`    dtype="${o.dtype}",`]),
    `loss = bce(y_true, y_pred${arrays.weighted ? ', sample_weight=sample_weight' : ''})`,
    'print(keras.ops.convert_to_numpy(loss))',
  ]);
}

/** `bce = keras.losses.BinaryCrossentropy(…)` with the options, as both Keras snippets construct it. */
export function kerasLossObject(o: SnippetOptions, reduction: string, more: readonly string[] = []): string[] {
  return [
    'bce = keras.losses.BinaryCrossentropy(',
    `    from_logits=${o.fromLogits ? 'True' : 'False'},`,
    `    label_smoothing=${pyNumber(o.labelSmoothing)},`,
    `    reduction=${reduction},`,
    ...more,
    ')',
  ];
}

export const keras3 = {
  id: 'keras',
  title: 'Keras 3',
  source: 'Keras 3.0–3.x: keras/src/losses/losses.py (BinaryCrossentropy, binary_crossentropy), keras/src/losses/loss.py (reductions)',
  settingDescription: 'Keras 3: clip to [1e-7, 1 − 1e-7], mean over the last axis, sum over batch size.',
  ...kerasLoss,
  reductions: ['sum_over_batch_size', 'mean', 'sum', 'none', 'mean_with_sample_weight'],
  kernel: KernelMode.Clip,
  elementLoss: (o) => (o.fromLogits ? stableLogits(o) : kerasProbabilities(o, 0)),
  probabilityGuard: () => ({ kind: 'clip', threshold: KERAS_EPSILON, description: 'clips ŷ to [1e-7, 1 − 1e-7]', short: 'clip at 1e-7' }),
  probabilityTerms: (o, _y, p) => kerasTerms(o, p, false),
  snippet,
  snippetLibrary: 'keras',
} as const satisfies Framework;
