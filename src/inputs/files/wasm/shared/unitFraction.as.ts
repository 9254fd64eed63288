/**
 * AssemblyScript shared by the kernels that turn decimal digits into doubles (pairScan.as.ts for
 * CSV rows, text/wasm/numberRun.as.ts for selections); not a kernel itself (its folder is not
 * named wasm), inlined where it is used.
 * unitFraction is files/number.ts's error-free arithmetic: the double nearest M / 10^k for
 * 0 ≤ M < 10^18 and k ≤ 20. number.ts's comment proves it to k = 18; it holds to k = 20: the
 * result is within about 2^-102.9·v of v = M/10^k, and v is at least 2^-54/5^k·v ≥ 2^-100.4·v from
 * any midpoint between doubles, so the last rounding is right.
 */

const SPLITTER: f64 = 134217729.0; // 2^27 + 1
/** The largest k unitFraction takes. */
export const MAX_FRACTION = 20;
/** 10^0 … 10^22: exact doubles (Clinger's fast path reads them too). */
export const POW10 = memory.data<f64>([1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]);
const INV10 = memory.data((MAX_FRACTION + 1) * 8);
const POW10_HI = memory.data((MAX_FRACTION + 1) * 8);
const POW10_LO = memory.data((MAX_FRACTION + 1) * 8);
for (let k = 0; k <= MAX_FRACTION; k++) {
  const p = load<f64>(POW10 + (<usize>k << 3));
  store<f64>(INV10 + (<usize>k << 3), 1.0 / p);
  const t = p * SPLITTER;
  const hi = t - (t - p);
  store<f64>(POW10_HI + (<usize>k << 3), hi);
  store<f64>(POW10_LO + (<usize>k << 3), p - hi);
}

/**
 * M / 10^k rounded once: M = s + t exactly, q ≈ M/10^k repaired by the exact residual M − q·10^k.
 * M < 10^18 < 2^63, so the conversions are signed (one instruction each): s is M rounded, and
 * t = M − s exactly, from M's low 12 bits and the rest (< 2^60 with 12 zero bits: exact).
 */
// @ts-ignore: decorator
@inline export function unitFraction(m: u64, k: i32): f64 {
  const o = <usize>k << 3;
  const pk = load<f64>(POW10 + o);
  const inv = load<f64>(INV10 + o);
  const hi = load<f64>(POW10_HI + o);
  const lo = load<f64>(POW10_LO + o);
  const s = <f64>(<i64>m);
  const above = <f64>(<i64>(m & ~(<u64>0xfff)));
  const t = <f64>(<i32>m & 0xfff) - (s - above);
  const q = s * inv;
  const p = q * pk;
  const qs = q * SPLITTER;
  const qh = qs - (qs - q);
  const ql = q - qh;
  const e = qh * hi - p + qh * lo + ql * hi + ql * lo;
  const r = s - p + (t - e);
  return q + r * inv;
}
