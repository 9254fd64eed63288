/**
 * AssemblyScript (compiled to WebAssembly by scripts/build-wasm.js; not part of the TypeScript build).
 * The hot loop of CSV files "label,probability": rows `[01]<delimiter>0.<digits>\r?\n` (up to 20
 * digits, at most 18 after the leading zeros: all that Python's repr writes without an exponent) are
 * read with 128-bit SIMD (32 bytes classified 16 at a time; the last 16 digits turned into two
 * 8-digit numbers by multiply-adds on the lanes) and converted to the double parseFloat gives, by
 * the same error-free arithmetic as unitFraction in number.ts. Any other row stops the scan; the
 * JavaScript reader takes it (and reports it if it is bad).
 * The module also carries the core's hard-label loop (re-exported below), so the rows it writes
 * are summed where they are, without a copy.
 */
export { accumulate, candidateCount } from '../../../core/wasm/hardLabels.as';

import { MAX_FRACTION, unitFraction } from './shared/unitFraction.as';

// Up to 20 digits: "0.", leading zeros, then up to 18 significant digits (see scan).
const MAX_DIGITS = MAX_FRACTION;
const POW10_INT = memory.data<u64>([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000]);

// The vector constants, read from memory once a scan: V8 builds a constant written in the loop
// anew on every row (three instructions each), but keeps a value loaded before the loop in a register.
const VECTORS = memory.data<u8>([
  0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, // '0'
  9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // lane numbers
  // i16 lanes 2561: (lo + 256·hi)·(10·256 + 1) mod 2^16 = lo + 256·(10·lo + hi), so >> 8 gives 10·lo + hi.
  0x01, 0x0a, 0x01, 0x0a, 0x01, 0x0a, 0x01, 0x0a, 0x01, 0x0a, 0x01, 0x0a, 0x01, 0x0a, 0x01, 0x0a,
  100, 0, 1, 0, 100, 0, 1, 0, 100, 0, 1, 0, 100, 0, 1, 0, // i16 lanes 100, 1
  0x10, 0x27, 1, 0, 0x10, 0x27, 1, 0, 0x10, 0x27, 1, 0, 0x10, 0x27, 1, 0, // i16 lanes 10000, 1
], 16);

/** Four digits, already minus '0', first digit in the lowest byte (leading bytes 0), as their value. */
// @ts-ignore: decorator
@inline function fourDigits(w: u32): u32 {
  const v = w * 10 + (w >> 8);
  return (v & 0xff) * 100 + ((v >> 16) & 0xff);
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
@inline function row(pos: usize, head: u32, outY: usize, outP: usize, outLine: usize, n: i32, line: f64, zeroChars: v128, nines: v128, lanes: v128, pairWeight: v128, hundreds: v128, tenThousands: v128): usize {
  const first = load<u32>(pos);
  if ((first & 0xfffffffe) != head) return 0;
  // The fraction's digits: 32 bytes classified 16 at a time, k digits.
  const a = v128.load(pos, 4);
  const b = v128.load(pos, 20);
  // Digits are the bytes d with min(d − '0', 9) = d − '0' (unsigned); the masks mark the others.
  const da = i8x16.sub(a, zeroChars);
  const db = i8x16.sub(b, zeroChars);
  const digitsA = <u32>i8x16.bitmask(i8x16.eq(i8x16.min_u(da, nines), da));
  const digitsB = <u32>i8x16.bitmask(i8x16.eq(i8x16.min_u(db, nines), db));
  const k = <i32>ctz(~(digitsA | (digitsB << 16)));
  // At most 20 digits, at most 18 after the leading zeros (counted only for 19 or 20 digits): m < 10^18 < 2^63.
  if (k > MAX_DIGITS) return 0;
  if (k > 18 && k - <i32>ctz(~<u32>i8x16.bitmask(i8x16.eq(a, zeroChars))) > 18) return 0;
  const end = pos + 4 + <usize>k;
  // The last 16 digits (fewer when k < 16), right-aligned in one vector, the lanes before them 0.
  const last = v128.and(i8x16.sub(v128.load(end - 16), zeroChars), i8x16.gt_s(lanes, i8x16.splat(<i8>(15 - k))));
  // Pairs, then groups of 4 digits, then of 8, by multiply-adds on the lanes.
  const pairs = i16x8.shr_u(i16x8.mul(last, pairWeight), 8);
  const quads = i32x4.dot_i16x8_s(pairs, hundreds);
  const eights = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_u(quads, quads), tenThousands);
  const low = <u64>i32x4.extract_lane(eights, 0) * 100000000 + <u64>i32x4.extract_lane(eights, 1);
  // The first k − 16 digits (up to 4) ahead of them.
  const lead = select<u32>(fourDigits((load<u32>(pos, 4) - 0x30303030) << ((20 - k) << 3)), 0, k > 16);
  const m = <u64>lead * 10000000000000000 + low;
  const c = load<u8>(end);
  let next: usize = 0;
  if (c == 10) next = end + 1;
  else if (c == 13 && load<u8>(end, 1) == 10) next = end + 2;
  else return 0;
  // number.ts's unitFraction, to the same bits (shared/unitFraction.as.ts).
  const off = <usize>n << 3;
  store<f64>(outY + off, <f64>(first & 1));
  store<f64>(outP + off, unitFraction(m, k));
  store<f64>(outLine + off, line);
  return next;
}

/**
 * Reads rows from `pos` until `limit` (the byte at limit − 1 is a line feed; 36 readable
 * bytes must follow limit and 16 precede pos), `cap` rows, or a row of another form; writes labels, probabilities and line
 * numbers (from `line`) as f64 to the three outputs. Returns where it stopped; scannedRows() tells how many.
 */
export function scan(pos: usize, limit: usize, delimiter: u32, outY: usize, outP: usize, outLine: usize, cap: i32, line: f64): usize {
  // "0<delimiter>0." and "1<delimiter>0." as one little-endian word, the label's low bit masked.
  const head: u32 = 0x2e300030 | (delimiter << 8);
  const zeroChars = v128.load(VECTORS);
  const nines = v128.load(VECTORS, 16);
  const lanes = v128.load(VECTORS, 32);
  const pairWeight = v128.load(VECTORS, 48);
  const hundreds = v128.load(VECTORS, 64);
  const tenThousands = v128.load(VECTORS, 80);
  let n: i32 = 0;
  // Two rows a turn: the loop's own checks (V8 adds a stack check to each turn) are paid half as often.
  while (pos < limit && n < cap) {
    let next = row(pos, head, outY, outP, outLine, n, line + <f64>n, zeroChars, nines, lanes, pairWeight, hundreds, tenThousands);
    if (next == 0) break;
    n++;
    pos = next;
    if (pos >= limit || n >= cap) break;
    next = row(pos, head, outY, outP, outLine, n, line + <f64>n, zeroChars, nines, lanes, pairWeight, hundreds, tenThousands);
    if (next == 0) break;
    n++;
    pos = next;
  }
  rows = n;
  return pos;
}
