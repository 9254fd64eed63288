/**
 * AssemblyScript (compiled to WebAssembly by scripts/build-wasm.js; not part of the TypeScript build).
 * The hard-label loop of BceAccumulator.pushMany (accumulator.ts), operation for operation, so its
 * doubles are the same bits: for each element with a label 0 or 1 and a probability in [0, 1], q
 * as the framework forms it, the running products (renormalised by 2^800), the class count, the
 * histogram, the extremes, and the elements that may enter the worst samples. It stops at an
 * element the products cannot take (the caller sends it through pushOne) and when the candidate
 * list is full (the caller offers them, then calls again).
 *
 * Elements at even and odd indices go to two halves (products and extremes of their own), so that
 * pairs of elements run as one 128-bit SIMD step; a pair with an element that is not plain (one
 * the products cannot take, or a candidate) takes the one-element step, with the same halves.
 */

import { KernelMode } from "./kernelModes";

// The running state, in the caller's order: pairs of halves (even, odd) first, then the counts.
const PRODUCT_POSITIVE = 0;
const PRODUCT_NEGATIVE = 2;
const Q_MIN = 4;
const Q_MAX = 6;
const P_MIN = 8;
const P_MAX = 10;
const RENORM_POSITIVE = 12;
const RENORM_NEGATIVE = 13;
const N_POSITIVE = 14;
const N_FAST = 15;

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
 * Elements [from, n) of the f64 arrays at yPtr and pPtr. mode: a KernelMode (kernelModes.ts); lo and hi the clip bounds; kerasEpsilon the epsilon tf.keras 2 adds; torchMin the
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
  candidates = 0;
  // One loop per mode, each with its mode fixed when compiled: fewer values live in the loop.
  let i: i32;
  if (mode == KernelMode.Clip) i = pairs(KernelMode.Clip, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  else if (mode == KernelMode.ClipEpsInLog) i = pairs(KernelMode.ClipEpsInLog, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  else if (mode == KernelMode.TorchClamp) i = pairs(KernelMode.TorchClamp, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  else i = pairs(KernelMode.ClipColumnsRenormalise, yPtr, pPtr, from, n, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
  // Every element from `from` to i went in.
  store<f64>(statePtr, load<f64>(statePtr, N_FAST << 3) + <f64>(i - from), N_FAST << 3);
  return i;
}

/** q as the framework forms it for one element; −1 when the products cannot take it. */
// @ts-ignore: decorator
@inline function qOf(mode: i32, yi: f64, pi: f64, lo: f64, hi: f64, kerasEpsilon: f64, torchMin: f64): f64 {
  let q: f64 = -1;
  if (pi >= 0 && pi <= 1 && yi * (1 - yi) == 0) {
    const ny = 1 - yi;
    if (mode == KernelMode.Clip) {
      const pc = pi < lo ? lo : pi > hi ? hi : pi;
      q = yi * pc + ny * (1 - pc);
    } else if (mode == KernelMode.ClipEpsInLog) {
      const pc = pi < lo ? lo : pi > hi ? hi : pi;
      q = yi * pc + ny * (1 - pc) + kerasEpsilon;
    } else if (mode == KernelMode.TorchClamp) {
      q = yi * pi + ny * (1 - pi);
      if (q < torchMin) q = -1;
    } else {
      const q0 = 1 - pi;
      const c0 = q0 < lo ? lo : q0 > hi ? hi : q0;
      const c1 = pi < lo ? lo : pi > hi ? hi : pi;
      q = (yi * c1 + ny * c0) / (c0 + c1);
    }
  }
  return q;
}

/** The same q for a pair of elements, and whether the products can take both. */
// @ts-ignore: decorator
@inline function qPair(mode: i32, y: v128, p: v128, lo: v128, hi: v128, kerasEpsilon: v128, torchMin: v128): v128 {
  const one = f64x2.splat(1);
  const ny = f64x2.sub(one, y);
  let q: v128;
  if (mode == KernelMode.Clip || mode == KernelMode.ClipEpsInLog) {
    // pmax(p, lo) is p < lo ? lo : p, then pmin(·, hi) is hi < · ? hi : ·, as the scalar clip.
    const pc = f64x2.pmin(f64x2.pmax(p, lo), hi);
    q = f64x2.add(f64x2.mul(y, pc), f64x2.mul(ny, f64x2.sub(one, pc)));
    if (mode == KernelMode.ClipEpsInLog) q = f64x2.add(q, kerasEpsilon);
  } else if (mode == KernelMode.TorchClamp) {
    q = f64x2.add(f64x2.mul(y, p), f64x2.mul(ny, f64x2.sub(one, p)));
  } else {
    const c0 = f64x2.pmin(f64x2.pmax(f64x2.sub(one, p), lo), hi);
    const c1 = f64x2.pmin(f64x2.pmax(p, lo), hi);
    q = f64x2.div(f64x2.add(f64x2.mul(y, c1), f64x2.mul(ny, c0)), f64x2.add(c0, c1));
  }
  return q;
}

// @ts-ignore: decorator
@inline function pairs(
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
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const loV = f64x2.splat(lo);
  const hiV = f64x2.splat(hi);
  const epsV = f64x2.splat(kerasEpsilon);
  const torchMinV = f64x2.splat(torchMin);
  const renormV = f64x2.splat(renorm);
  const belowV = f64x2.splat(renormBelow);
  const binsV = f64x2.splat(<f64>bins);
  const lastBin = i32x4.splat(bins - 1);
  const entersV = f64x2.splat(qEnters);
  let i = from;
  for (;;) {
    // One element at a time: to reach an even index, before and after a pair that is not plain, and the last.
    if ((i & 1) != 0 || i + 1 >= n) {
      if (i >= n) break;
      const status = single(mode, i, yPtr, pPtr, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
      if (status == 0) break;
      i++;
      if (status == 2) break;
      continue;
    }
    let productPositive = v128.load(statePtr, PRODUCT_POSITIVE << 3);
    let productNegative = v128.load(statePtr, PRODUCT_NEGATIVE << 3);
    let qMin = v128.load(statePtr, Q_MIN << 3);
    let qMax = v128.load(statePtr, Q_MAX << 3);
    let pMin = v128.load(statePtr, P_MIN << 3);
    let pMax = v128.load(statePtr, P_MAX << 3);
    let renormPositive = i64x2.splat(0);
    let renormNegative = i64x2.splat(0);
    let positives = f64x2.splat(0);
    for (; i + 1 < n; i += 2) {
      const off = <usize>i << 3;
      const y = v128.load(yPtr + off);
      const p = v128.load(pPtr + off);
      const q = qPair(mode, y, p, loV, hiV, epsV, torchMinV);
      // Plain: both p in [0, 1], both labels 0 or 1, q above torch's floor, neither a candidate.
      let plain = v128.and(v128.and(f64x2.ge(p, zero), f64x2.le(p, one)), f64x2.eq(f64x2.mul(y, f64x2.sub(one, y)), zero));
      if (mode == KernelMode.TorchClamp) plain = v128.and(plain, f64x2.ge(q, torchMinV));
      plain = v128.and(plain, f64x2.gt(q, entersV));
      if (!i64x2.all_true(plain)) break;
      const ny = f64x2.sub(one, y);
      productPositive = f64x2.mul(productPositive, f64x2.add(f64x2.mul(y, q), ny));
      productNegative = f64x2.mul(productNegative, f64x2.add(f64x2.mul(ny, q), y));
      const smallPositive = f64x2.lt(productPositive, belowV);
      const smallNegative = f64x2.lt(productNegative, belowV);
      productPositive = v128.bitselect(f64x2.mul(productPositive, renormV), productPositive, smallPositive);
      productNegative = v128.bitselect(f64x2.mul(productNegative, renormV), productNegative, smallNegative);
      // A true SIMD lane of a comparison is −1 as an integer.
      renormPositive = i64x2.sub(renormPositive, smallPositive);
      renormNegative = i64x2.sub(renormNegative, smallNegative);
      positives = f64x2.add(positives, y);
      const bin = i32x4.min_s(i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(p, binsV)), lastBin);
      const slot = i32x4.add(i32x4.shl(bin, 1), i32x4.trunc_sat_f64x2_s_zero(y));
      const at0 = histPtr + (<usize>i32x4.extract_lane(slot, 0) << 2);
      store<i32>(at0, load<i32>(at0) + 1);
      const at1 = histPtr + (<usize>i32x4.extract_lane(slot, 1) << 2);
      store<i32>(at1, load<i32>(at1) + 1);
      // pmin(a, b) is b < a ? b : a: the scalar `if (q < qMin) qMin = q`, SIMD lane by SIMD lane.
      qMin = f64x2.pmin(qMin, q);
      qMax = f64x2.pmax(qMax, q);
      pMin = f64x2.pmin(pMin, p);
      pMax = f64x2.pmax(pMax, p);
    }
    v128.store(statePtr, productPositive, PRODUCT_POSITIVE << 3);
    v128.store(statePtr, productNegative, PRODUCT_NEGATIVE << 3);
    v128.store(statePtr, qMin, Q_MIN << 3);
    v128.store(statePtr, qMax, Q_MAX << 3);
    v128.store(statePtr, pMin, P_MIN << 3);
    v128.store(statePtr, pMax, P_MAX << 3);
    const rp = i64x2.add(renormPositive, i64x2.shuffle(renormPositive, renormPositive, 1, 0));
    const rn = i64x2.add(renormNegative, i64x2.shuffle(renormNegative, renormNegative, 1, 0));
    store<f64>(statePtr, load<f64>(statePtr, RENORM_POSITIVE << 3) + <f64>i64x2.extract_lane(rp, 0), RENORM_POSITIVE << 3);
    store<f64>(statePtr, load<f64>(statePtr, RENORM_NEGATIVE << 3) + <f64>i64x2.extract_lane(rn, 0), RENORM_NEGATIVE << 3);
    store<f64>(statePtr, load<f64>(statePtr, N_POSITIVE << 3) + f64x2.extract_lane(positives, 0) + f64x2.extract_lane(positives, 1), N_POSITIVE << 3);
    if (i + 1 >= n) continue; // the last element, if any, alone
    // A pair that is not plain: its first element alone (the loop takes the second).
    const status = single(mode, i, yPtr, pPtr, statePtr, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, histPtr, qEnters, candPtr, candQPtr, candCap);
    if (status == 0) break;
    i++;
    if (status == 2) break;
  }
  return i;
}

/**
 * Element i into its half (i & 1) of the state in memory. Returns 0 when the products cannot take
 * it (nothing changed), 2 when it filled the candidate list, 1 otherwise.
 */
// @ts-ignore: decorator
@inline function single(
  mode: i32,
  i: i32,
  yPtr: usize,
  pPtr: usize,
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
  const off = <usize>i << 3;
  const yi = load<f64>(yPtr + off);
  const pi = load<f64>(pPtr + off);
  const q = qOf(mode, yi, pi, lo, hi, kerasEpsilon, torchMin);
  if (q < 0) return 0;
  const half = statePtr + (<usize>(i & 1) << 3);
  const ny = 1 - yi;
  let productPositive = load<f64>(half, PRODUCT_POSITIVE << 3) * (yi * q + ny);
  let productNegative = load<f64>(half, PRODUCT_NEGATIVE << 3) * (ny * q + yi);
  if (productPositive < renormBelow) {
    productPositive *= renorm;
    store<f64>(statePtr, load<f64>(statePtr, RENORM_POSITIVE << 3) + 1, RENORM_POSITIVE << 3);
  }
  if (productNegative < renormBelow) {
    productNegative *= renorm;
    store<f64>(statePtr, load<f64>(statePtr, RENORM_NEGATIVE << 3) + 1, RENORM_NEGATIVE << 3);
  }
  store<f64>(half, productPositive, PRODUCT_POSITIVE << 3);
  store<f64>(half, productNegative, PRODUCT_NEGATIVE << 3);
  store<f64>(statePtr, load<f64>(statePtr, N_POSITIVE << 3) + yi, N_POSITIVE << 3);
  let bin = <i32>(pi * <f64>bins);
  if (bin >= bins) bin = bins - 1;
  const at = histPtr + (<usize>(2 * bin + <i32>yi) << 2);
  store<i32>(at, load<i32>(at) + 1);
  if (q < load<f64>(half, Q_MIN << 3)) store<f64>(half, q, Q_MIN << 3);
  if (q > load<f64>(half, Q_MAX << 3)) store<f64>(half, q, Q_MAX << 3);
  if (pi < load<f64>(half, P_MIN << 3)) store<f64>(half, pi, P_MIN << 3);
  if (pi > load<f64>(half, P_MAX << 3)) store<f64>(half, pi, P_MAX << 3);
  if (q <= qEnters) {
    const c = candidates;
    store<i32>(candPtr + (<usize>c << 2), i);
    store<f64>(candQPtr + (<usize>c << 3), q);
    candidates = c + 1;
    if (c + 1 == candCap) return 2;
  }
  return 1;
}
