/**
 * AssemblyScript (compiled to WebAssembly by scripts/build-wasm.js; not part of the TypeScript build).
 * The hard-label loop of BceAccumulator.pushMany (accumulator.ts), operation for operation, so its
 * doubles are the same bits: for each element with a label 0 or 1 and a probability in [0, 1], q
 * as the framework forms it, the two running products (renormalised by 2^800), the class count,
 * the histogram, the extremes, and the elements that may enter the worst samples. It stops at an
 * element the products cannot take (the caller sends it through pushOne) and when the candidate
 * list is full (the caller offers them, then calls again).
 */

// The running state, in the caller's order: products, renormalisations, counts, extremes.
const PRODUCT_POSITIVE = 0;
const PRODUCT_NEGATIVE = 1;
const RENORM_POSITIVE = 2;
const RENORM_NEGATIVE = 3;
const N_POSITIVE = 4;
const N_FAST = 5;
const Q_MIN = 6;
const Q_MAX = 7;
const P_MIN = 8;
const P_MAX = 9;

let candidates: i32 = 0;

/** Candidates for the worst samples the last call listed. */
export function candidateCount(): i32 {
  return candidates;
}

/** The first address the caller may use for its buffers. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Elements [from, n) of the f64 arrays at yPtr and pPtr. mode: 0 Keras 3, 1 tf.keras 2, 2 torch,
 * 3 sklearn; lo and hi the clip bounds; kerasEpsilon the epsilon tf.keras 2 adds; torchMin the
 * smallest q torch's products take; histPtr the i32 counts by 2·bin + label; candidates with
 * q ≤ qEnters go to candPtr (i32 indices) and candQPtr (their q), at most candCap. Returns the
 * index it stopped at.
 */
export function accumulate(
  yPtr: usize,
  pPtr: usize,
  from: i32,
  n: i32,
  statePtr: usize,
  mode: i32,
  lo: f64,
  hi: f64,
  kerasEpsilon: f64,
  torchMin: f64,
  renorm: f64,
  renormBelow: f64,
  bins: i32,
  histPtr: usize,
  qEnters: f64,
  candPtr: usize,
  candQPtr: usize,
  candCap: i32,
): i32 {
  // One loop per mode, each with its mode fixed when compiled: fewer values live in the loop.
  if (mode == 0) return loop(0, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  if (mode == 1) return loop(1, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  if (mode == 2) return loop(2, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  return loop(3, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
}

// @ts-ignore: decorator
@inline function loop(
  mode: i32,
  yPtr: usize,
  pPtr: usize,
  from: i32,
  n: i32,
  statePtr: usize,
  lo: f64,
  hi: f64,
  kerasEpsilon: f64,
  torchMin: f64,
  renorm: f64,
  renormBelow: f64,
  bins: i32,
  histPtr: usize,
  qEnters: f64,
  candPtr: usize,
  candQPtr: usize,
  candCap: i32,
): i32 {
  let productPositive = load<f64>(statePtr, PRODUCT_POSITIVE << 3);
  let productNegative = load<f64>(statePtr, PRODUCT_NEGATIVE << 3);
  // Counts as integers in the loop: fewer doubles live at once, so fewer of them are spilled.
  let renormPositive = <i32>load<f64>(statePtr, RENORM_POSITIVE << 3);
  let renormNegative = <i32>load<f64>(statePtr, RENORM_NEGATIVE << 3);
  let nPositive = <i32>load<f64>(statePtr, N_POSITIVE << 3);
  let qMin = load<f64>(statePtr, Q_MIN << 3);
  let qMax = load<f64>(statePtr, Q_MAX << 3);
  let pMin = load<f64>(statePtr, P_MIN << 3);
  let pMax = load<f64>(statePtr, P_MAX << 3);
  const binsF = <f64>bins;
  let c: i32 = 0;
  let i = from;
  for (; i < n; i++) {
    const off = <usize>i << 3;
    const yi = load<f64>(yPtr + off);
    const pi = load<f64>(pPtr + off);
    let q: f64 = -1;
    // All three tests, without short-circuit branches.
    if ((<i32>(pi >= 0) & <i32>(pi <= 1) & <i32>(yi * (1 - yi) == 0)) != 0) {
      const ny = 1 - yi;
      if (mode == 0) {
        const pc = pi < lo ? lo : pi > hi ? hi : pi;
        q = yi * pc + ny * (1 - pc);
      } else if (mode == 1) {
        const pc = pi < lo ? lo : pi > hi ? hi : pi;
        q = yi * pc + ny * (1 - pc) + kerasEpsilon;
      } else if (mode == 2) {
        q = yi * pi + ny * (1 - pi);
        if (q < torchMin) q = -1;
      } else {
        const q0 = 1 - pi;
        const c0 = q0 < lo ? lo : q0 > hi ? hi : q0;
        const c1 = pi < lo ? lo : pi > hi ? hi : pi;
        q = (yi * c1 + ny * c0) / (c0 + c1);
      }
    }
    if (q < 0) break;
    const ny = 1 - yi;
    productPositive *= yi * q + ny;
    productNegative *= ny * q + yi;
    if (productPositive < renormBelow) {
      productPositive *= renorm;
      renormPositive++;
    }
    if (productNegative < renormBelow) {
      productNegative *= renorm;
      renormNegative++;
    }
    const label = <i32>(yi != 0);
    nPositive += label;
    let bin = <i32>(pi * binsF);
    if (bin >= bins) bin = bins - 1;
    const at = histPtr + (<usize>(2 * bin + label) << 2);
    store<i32>(at, load<i32>(at) + 1);
    if (q < qMin) qMin = q;
    if (q > qMax) qMax = q;
    if (pi < pMin) pMin = pi;
    if (pi > pMax) pMax = pi;
    if (q <= qEnters) {
      store<i32>(candPtr + (<usize>c << 2), i);
      store<f64>(candQPtr + (<usize>c << 3), q);
      c++;
      if (c == candCap) {
        i++;
        break;
      }
    }
  }
  store<f64>(statePtr, productPositive, PRODUCT_POSITIVE << 3);
  store<f64>(statePtr, productNegative, PRODUCT_NEGATIVE << 3);
  store<f64>(statePtr, <f64>renormPositive, RENORM_POSITIVE << 3);
  store<f64>(statePtr, <f64>renormNegative, RENORM_NEGATIVE << 3);
  store<f64>(statePtr, <f64>nPositive, N_POSITIVE << 3);
  // Every element from `from` to i went in.
  store<f64>(statePtr, load<f64>(statePtr, N_FAST << 3) + <f64>(i - from), N_FAST << 3);
  store<f64>(statePtr, qMin, Q_MIN << 3);
  store<f64>(statePtr, qMax, Q_MAX << 3);
  store<f64>(statePtr, pMin, P_MIN << 3);
  store<f64>(statePtr, pMax, P_MAX << 3);
  candidates = c;
  return i;
}
