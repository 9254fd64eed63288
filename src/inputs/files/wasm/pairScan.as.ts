/**
 * AssemblyScript (compiled to WebAssembly by scripts/build-wasm.js; not part of the TypeScript build).
 * The hot loop of CSV files "label,probability": rows `[01]<delimiter>0.<digits>\r?\n` (up to 20
 * digits, at most 18 after the leading zeros: all that Python's repr writes without an exponent) are
 * read eight digits at a time with 64-bit integers and converted to the double parseFloat gives, by
 * the same error-free arithmetic as unitFraction in number.ts. Any other row stops the scan; the
 * JavaScript reader takes it (and reports it if it is bad).
 * The module also carries the core's hard-label loop (re-exported below), so the rows it writes
 * are summed where they are, without a copy.
 */
export { accumulate, candidateCount } from '../../../core/wasm/hardLabels.as';

const SPLITTER: f64 = 134217729.0; // 2^27 + 1
// Up to 10^20: "0.", leading zeros, then up to 18 significant digits, 20 digits at most (see scan).
const MAX_DIGITS = 20;
const POW10 = memory.data<f64>([1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20]);
const POW10_INT = memory.data<u64>([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000]);
const INV10 = memory.data((MAX_DIGITS + 1) * 8);
const POW10_HI = memory.data((MAX_DIGITS + 1) * 8);
const POW10_LO = memory.data((MAX_DIGITS + 1) * 8);
for (let k = 0; k <= MAX_DIGITS; k++) {
  const p = load<f64>(POW10 + (<usize>k << 3));
  store<f64>(INV10 + (<usize>k << 3), 1.0 / p);
  const t = p * SPLITTER;
  const hi = t - (t - p);
  store<f64>(POW10_HI + (<usize>k << 3), hi);
  store<f64>(POW10_LO + (<usize>k << 3), p - hi);
}

const ZEROS: u64 = 0x3030303030303030;
const HIGH_NIBBLES: u64 = 0xf0f0f0f0f0f0f0f0;
const SIXES: u64 = 0x0606060606060606;

/** Bytes of w that are not ASCII digits are non-zero in the result (the first one exactly; later ones may be off by a carry). */
// @ts-ignore: decorator
@inline function nonDigits(w: u64): u64 {
  return ((w & HIGH_NIBBLES) ^ ZEROS) | (((w + SIXES) & HIGH_NIBBLES) ^ ZEROS);
}

/** Eight digits, already minus '0', first digit in the lowest byte, as their value. */
// @ts-ignore: decorator
@inline function eightDigits(v: u64): u64 {
  v = v * 10 + (v >> 8);
  // v·10 pairs digits; then two multiplications gather the four pairs (100 + 10^6·2^32, 1 + 10^4·2^32).
  return (((v & 0x000000ff000000ff) * 0x000f424000000064) + (((v >> 16) & 0x000000ff000000ff) * 0x0000271000000001)) >> 32;
}

let rows: i32 = 0;

/** Rows read by the last scan. */
export function scannedRows(): i32 {
  return rows;
}

/** The first address the caller may use for its buffers. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * One row at pos into outputs[n] (its line number `line`); the start of the next row, or 0 when
 * the row has another form.
 */
// @ts-ignore: decorator
@inline function row(pos: usize, head: u32, outY: usize, outP: usize, outLine: usize, n: i32, line: f64): usize {
  const first = load<u32>(pos);
  if ((first & 0xfffffffe) != head) return 0;
  // Leading zeros (below 0.1) are skipped, up to 8, so that up to 18 significant digits follow them
  // (more zeros are read as digits of m, which still holds M exactly).
  const zeros = <usize>(ctz(load<u64>(pos, 4) ^ ZEROS) >> 3);
  let i = pos + 4 + zeros;
  let m: u64 = 0;
  let k: i32 = 0;
  let w = load<u64>(i);
  let nd = nonDigits(w);
  if (nd == 0) {
    m = eightDigits(w - ZEROS);
    i += 8;
    k = 8;
    w = load<u64>(i);
    nd = nonDigits(w);
    if (nd == 0) {
      m = m * 100000000 + eightDigits(w - ZEROS);
      i += 8;
      k = 16;
      w = load<u64>(i);
      nd = nonDigits(w);
      if (nd == 0) return 0; // 24 digits or more
    }
  }
  // The digits left in w (0–7), without a branch: their count varies from row to row.
  const d = ctz(nd) >> 3;
  const tail = select<u64>(eightDigits((w - ZEROS) << ((8 - d) << 3)), 0, d != 0);
  m = m * load<u64>(POW10_INT + (<usize>d << 3)) + tail;
  i += <usize>d;
  k += <i32>d;
  if (k > 18) return 0; // m < 10^18 < 2^63
  k += <i32>zeros;
  if (k > MAX_DIGITS) return 0;
  const c = load<u8>(i);
  let next: usize = 0;
  if (c == 10) next = i + 1;
  else if (c == 13 && load<u8>(i, 1) == 10) next = i + 2;
  else return 0;
  // unitFraction (number.ts): M = m exactly as s + t, q ≈ M/10^k repaired by the exact residual.
  // Its proof holds to k = 20: the result is within about 2^-102.9·v of v = M/10^k, and v is at
  // least 2^-54/5^k·v ≥ 2^-100.4·v from any midpoint between doubles, so the last rounding is right.
  // m < 10^18 < 2^63, so the conversions are signed (one instruction each): s is m rounded, and
  // t = m − s exactly, from m's low 12 bits and the rest (< 2^60 with 12 zero bits: exact).
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
  const off = <usize>n << 3;
  store<f64>(outY + off, <f64>(first & 1));
  store<f64>(outP + off, q + r * inv);
  store<f64>(outLine + off, line);
  return next;
}

/**
 * Reads rows from `pos` until `limit` (the byte at limit − 1 is a line feed; 8 readable bytes
 * must follow limit), `cap` rows, or a row of another form; writes labels, probabilities and line
 * numbers (from `line`) as f64 to the three outputs. Returns where it stopped; scannedRows() tells how many.
 */
export function scan(pos: usize, limit: usize, delimiter: u32, outY: usize, outP: usize, outLine: usize, cap: i32, line: f64): usize {
  // "0<delimiter>0." and "1<delimiter>0." as one little-endian word, the label's low bit masked.
  const head: u32 = 0x2e300030 | (delimiter << 8);
  let n: i32 = 0;
  // Two rows a turn: the loop's own checks (V8 adds a stack check to each turn) are paid half as often.
  while (pos < limit && n < cap) {
    let next = row(pos, head, outY, outP, outLine, n, line + <f64>n);
    if (next == 0) break;
    n++;
    pos = next;
    if (pos >= limit || n >= cap) break;
    next = row(pos, head, outY, outP, outLine, n, line + <f64>n);
    if (next == 0) break;
    n++;
    pos = next;
  }
  rows = n;
  return pos;
}
