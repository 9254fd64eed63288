import type { ResolvedOptions } from './options';

/**
 * Loss of one element: y is the (raw) label, v the prediction (probability or logit), pw the
 * pos_weight of the element's label (1 when unused). Label smoothing is applied inside.
 */
export type ElementLoss = (y: number, v: number, pw: number) => number;

const f = Math.fround;

/** Keras' backend epsilon (keras/src/backend/config.py). */
export const KERAS_EPSILON = 1e-7;
/** PyTorch BCELoss clamps each log at −100 (aten/src/ATen/native/Loss.cpp). */
export const TORCH_LOG_CLAMP = -100;
/** np.finfo(dtype).eps, sklearn's eps="auto" (sklearn/metrics/_classification.py, log_loss). */
export const SKLEARN_EPSILON = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7 } as const;

export function makeElementLoss(o: ResolvedOptions): ElementLoss {
  const s = o.labelSmoothing;
  const f32 = o.dtype === 'float32';
  switch (o.semantics) {
    case 'keras':
    case 'tf-keras2':
      if (o.fromLogits) return f32 ? kerasLogits32(s) : kerasLogits64(s);
      if (o.semantics === 'keras') return f32 ? kerasProbs32(s, false) : kerasProbs64(s, false);
      return f32 ? kerasProbs32(s, true) : kerasProbs64(s, true);
    case 'torch':
      if (o.fromLogits) return f32 ? torchLogits32 : torchLogits64;
      return f32 ? torchProbs32 : torchProbs64;
    case 'sklearn':
      return f32 ? sklearnProbs32 : sklearnProbs64;
  }
}

/**
 * Keras 3 (keras/src/losses/losses.py binary_crossentropy + backend/tensorflow/nn.py):
 * y ← y(1−s) + s/2; p ← clip(p, ε, 1−ε); −[y log p + (1−y) log(1−p)].
 * tf.keras 2 (tf-keras keras/backend.py) adds ε again inside both logs.
 */
function kerasProbs64(s: number, epsInsideLog: boolean): ElementLoss {
  const lo = KERAS_EPSILON;
  const hi = 1 - KERAS_EPSILON;
  const inner = epsInsideLog ? KERAS_EPSILON : 0;
  return (y, p) => {
    if (s !== 0) y = y * (1 - s) + 0.5 * s;
    const pc = p < lo ? lo : p > hi ? hi : p;
    return -(y * Math.log(pc + inner) + (1 - y) * Math.log(1 - pc + inner));
  };
}

function kerasProbs32(s: number, epsInsideLog: boolean): ElementLoss {
  const eps = f(KERAS_EPSILON);
  const hi = f(1 - eps);
  const keep = f(1 - s);
  const half = f(0.5 * s);
  return (y, p) => {
    y = f(y);
    if (s !== 0) y = f(f(y * keep) + half);
    p = f(p);
    const pc = p < eps ? eps : p > hi ? hi : p;
    const logP = epsInsideLog ? f(Math.log(f(pc + eps))) : f(Math.log(pc));
    const log1mP = epsInsideLog ? f(Math.log(f(f(1 - pc) + eps))) : f(Math.log(f(1 - pc)));
    return -f(f(y * logP) + f(f(1 - y) * log1mP));
  };
}

/** tf.nn.sigmoid_cross_entropy_with_logits, used by Keras' TensorFlow backend: max(x,0) − x·y + log1p(e^−|x|). */
function kerasLogits64(s: number): ElementLoss {
  return (y, x) => {
    if (s !== 0) y = y * (1 - s) + 0.5 * s;
    return (x > 0 ? x : 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
  };
}

function kerasLogits32(s: number): ElementLoss {
  const keep = f(1 - s);
  const half = f(0.5 * s);
  return (y, x) => {
    y = f(y);
    if (s !== 0) y = f(f(y * keep) + half);
    x = f(x);
    return f(f((x > 0 ? x : 0) - f(x * y)) + f(Math.log1p(f(Math.exp(-Math.abs(x))))));
  };
}

/** torch BCELoss: −[y·max(log p, −100) + (1−y)·max(log(1−p), −100)]; p is not clipped. */
function torchProbs64(y: number, p: number): number {
  const logP = Math.max(Math.log(p), TORCH_LOG_CLAMP);
  const log1mP = Math.max(Math.log(1 - p), TORCH_LOG_CLAMP);
  return (y - 1) * log1mP - y * logP;
}

function torchProbs32(y: number, p: number): number {
  y = f(y);
  p = f(p);
  const logP = Math.max(f(Math.log(p)), TORCH_LOG_CLAMP);
  const log1mP = Math.max(f(Math.log(f(1 - p))), TORCH_LOG_CLAMP);
  return f(f(f(y - 1) * log1mP) - f(y * logP));
}

/**
 * torch BCEWithLogitsLoss, the stable form of aten/src/ATen/native/Loss.cpp with m = max(−x, 0):
 * without pos_weight (1−y)x + m + log(e^−m + e^(−x−m)); with it (1−y)x + (1+(pw−1)y)(log1p(e^−|x|) + m).
 */
function torchLogits64(y: number, x: number, pw: number): number {
  const m = x < 0 ? -x : 0;
  if (pw === 1) return (1 - y) * x + m + Math.log(Math.exp(-m) + Math.exp(-x - m));
  return (1 - y) * x + (1 + (pw - 1) * y) * (Math.log1p(Math.exp(-Math.abs(x))) + m);
}

function torchLogits32(y: number, x: number, pw: number): number {
  y = f(y);
  x = f(x);
  const m = x < 0 ? -x : 0;
  const linear = f(f(1 - y) * x);
  if (pw === 1) return f(f(linear + m) + f(Math.log(f(f(Math.exp(-m)) + f(Math.exp(f(-x - m)))))));
  const logWeight = f(1 + f(f(f(pw) - 1) * y));
  return f(linear + f(logWeight * f(f(Math.log1p(f(Math.exp(-Math.abs(x))))) + m)));
}

/**
 * sklearn log_loss for a 1-D y_pred (probability of the positive class): clip to [ε, 1−ε],
 * form the columns [1−p, p], renormalise them to sum 1, and take −log of the true class's column.
 */
function sklearnProbs64(y: number, p: number): number {
  return sklearnTwoColumns(y, 1 - p, p, 'float64');
}

function sklearnProbs32(y: number, p: number): number {
  return sklearnTwoColumns(y, f(1 - f(p)), f(p), 'float32');
}

/** sklearn log_loss of one sample with probability columns [q0, q1] (already 1 − p, p for 1-D input). */
export function sklearnTwoColumns(y: number, q0: number, q1: number, dtype: 'float64' | 'float32'): number {
  const eps = SKLEARN_EPSILON[dtype];
  if (dtype === 'float32') {
    const hi = f(1 - eps);
    const c0 = f(q0) < eps ? eps : f(q0) > hi ? hi : f(q0);
    const c1 = f(q1) < eps ? eps : f(q1) > hi ? hi : f(q1);
    const sum = f(c0 + c1);
    return -f(Math.log(f((y === 1 ? c1 : c0) / sum)));
  }
  const hi = 1 - eps;
  const c0 = q0 < eps ? eps : q0 > hi ? hi : q0;
  const c1 = q1 < eps ? eps : q1 > hi ? hi : q1;
  return -Math.log((y === 1 ? c1 : c0) / (c0 + c1));
}
