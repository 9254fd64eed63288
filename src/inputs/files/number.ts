/**
 * Decimal numbers read straight from bytes, giving the same double as `parseFloat` on the same
 * text. The fast path takes up to 19 significant digits (fraction digits four at a time) and a
 * decimal exponent within ±22 of the digits. Probabilities "0.ddd…" (up to 18 digits) go through
 * {@link unitFraction}, exact without a branch; other numbers of more than 15 digits are checked
 * against the exact decimal value with error-free arithmetic, stepping one ulp when needed. What
 * it cannot decide (longer mantissas, large exponents, exact ties, words such as `nan`) returns
 * NaN, and the caller reads the field as text with {@link parseNumberText}.
 */

/** Exact powers of ten as doubles (10^22 is the last exact one). */
const POW10 = new Float64Array(23);
/** Dekker's split of each power of ten into two 26-bit halves, for exact products. */
const POW10_HI = new Float64Array(23);
const POW10_LO = new Float64Array(23);
const SPLITTER = 134217729; // 2^27 + 1
for (let k = 0; k <= 22; k++) {
  const p = Number(`1e${k}`);
  POW10[k] = p;
  const t = p * SPLITTER;
  const hi = t - (t - p);
  POW10_HI[k] = hi;
  POW10_LO[k] = p - hi;
}
/** 1 / 10^k, rounded. */
const INV10 = new Float64Array(23);
for (let k = 0; k <= 22; k++) INV10[k] = 1 / POW10[k];
/** POW2[e] = 2^(e − 1075): the ulp of a normal double whose biased exponent is e. */
const POW2 = new Float64Array(2048);
for (let e = 0; e < 2048; e++) POW2[e] = Math.pow(2, e - 1075);
const TWO32 = 4294967296;
/** Adding and subtracting 1.5·2^52 rounds a double below 2^51 to an integer. */
const ROUNDER = 6755399441055744;
const TWO53 = 9007199254740992;

const bits64 = new Float64Array(1);
const bits32 = new Uint32Array(bits64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;

let scanEnd = 0;

/** Index of the first byte after the number read by the last {@link scanNumber} call. */
export function scannedEnd(): number {
  return scanEnd;
}

/**
 * Reads `[+-]digits[.digits][(e|E)[+-]digits]` at `pos`. `limit` bounds the bytes that may be
 * read: the byte at `limit − 1` must not be part of a number (a line feed), so no check is needed
 * byte by byte. Returns NaN when there is no number at `pos` or the fast path cannot give the
 * exact double; otherwise the value, with {@link scannedEnd} just after it.
 */
export function scanNumber(b: Uint8Array, pos: number, limit: number): number {
  let i = pos;
  let c = b[i];
  let negative = false;
  if (c === 45) {
    negative = true;
    c = b[++i];
  } else if (c === 43) c = b[++i];
  let m = 0; // the digits as an integer, exact while below 2^53
  let mi = 0; // the same integer modulo 2^32
  const digitsStart = i;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    mi = (Math.imul(mi, 10) + (c - 48)) | 0;
    c = b[++i];
  }
  let digits = i - digitsStart;
  const wholeZero = m === 0;
  let fraction = 0;
  if (c === 46) {
    const start = ++i;
    while (i + 4 <= limit) {
      const w = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
      if ((w & 0xf0f0f0f0) !== 0x30303030 || ((w + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
      let v = w - 0x30303030;
      v = (v * 10 + (v >>> 8)) & 0x00ff00ff;
      v = (v * 100 + (v >>> 16)) & 0xffff;
      m = m * 10000 + v;
      mi = (Math.imul(mi, 10000) + v) | 0;
      i += 4;
    }
    c = b[i];
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      mi = (Math.imul(mi, 10) + (c - 48)) | 0;
      c = b[++i];
    }
    fraction = i - start;
    digits += fraction;
  }
  if (digits === 0) return NaN;
  let e10 = -fraction;
  if (c === 101 || c === 69) {
    c = b[++i];
    let expNegative = false;
    if (c === 45) {
      expNegative = true;
      c = b[++i];
    } else if (c === 43) c = b[++i];
    const expStart = i;
    let exp = 0;
    while (c >= 48 && c <= 57) {
      if (exp < 100000) exp = exp * 10 + (c - 48);
      c = b[++i];
    }
    if (i === expStart) return NaN;
    e10 += expNegative ? -exp : exp;
  }
  scanEnd = i;
  let x: number;
  if (wholeZero && e10 === -fraction && fraction <= 18) {
    x = unitFraction(m, mi, fraction);
    return negative ? -x : x;
  }
  if (m < TWO53) {
    // Clinger's fast path: both operands exact, one correctly rounded operation.
    if (m === 0 || e10 === 0) x = m;
    else if (e10 < 0 && e10 >= -22) x = m / POW10[-e10];
    else if (e10 > 0 && e10 <= 22) x = m * POW10[e10];
    else return NaN;
    return negative ? -x : x;
  }
  if (m >= 1e19 || e10 >= 0 || e10 < -22) return NaN;
  x = exactQuotient(m, mi, -e10);
  return negative ? -x : x;
}

/**
 * The correctly rounded M / 10^k (k ≤ 22) for an integer M in [2^53, 10^19) known approximately
 * (m, the digits accumulated in doubles) and modulo 2^32 (mi); NaN when too close to a tie to decide.
 */
function exactQuotient(m: number, mi: number, k: number): number {
  const low = mi >>> 0;
  const high = Math.round((m - low) / TWO32);
  const a = high * TWO32; // exact: high < 2^32
  const s = a + low;
  const t = low - (s - a); // s + t = M exactly (|a| ≥ |low|)
  const d = POW10[k];
  const dh = POW10_HI[k];
  const dl = POW10_LO[k];
  let x = s / d;
  for (let step = 0; step < 3; step++) {
    // x·d = p + e exactly (Dekker), so M − x·d = (s − p) + (t − e), with s − p exact (Sterbenz).
    const p = x * d;
    const xs = x * SPLITTER;
    const xh = xs - (xs - x);
    const xl = x - xh;
    const e = xh * dh - p + xh * dl + xl * dh + xl * dl;
    const r = s - p + (t - e);
    bits64[0] = x;
    const hiWord = bits32[HI];
    const ulp = POW2[hiWord >>> 20];
    const powerOfTwo = (hiWord & 0xfffff) === 0 && bits32[LO] === 0;
    // Half the distance to the neighbour on r's side, scaled by d.
    const half = (r < 0 && powerOfTwo ? 0.25 : 0.5) * ulp * d;
    const ar = r < 0 ? -r : r;
    if (ar < half * (1 - 1e-9)) return x;
    if (ar <= half * (1 + 1e-9)) return NaN;
    x = r > 0 ? x + ulp : x - (powerOfTwo ? ulp * 0.5 : ulp);
  }
  return NaN;
}

/**
 * The double nearest v = M / 10^k for an integer 0 ≤ M < 10^k and 0 ≤ k ≤ 18 (a probability
 * written "0.ddddd…"), with M known approximately (m, its digits accumulated in doubles) and
 * modulo 2^32 (mi). No branch and no division, so it costs the same for 15, 16 or 17 digits.
 *
 * Why it is exact: M = s + t exactly (s = a + low, t its rounding error); q = m·(1/10^k) is within
 * a few ulps of v; q·10^k = p + e exactly (Dekker), so r = (s − p) + (t − e) is M − q·10^k up to
 * about 2^-104·M (s − p is exact by Sterbenz), and q + r·(1/10^k) is v within about 2^-102·v. A midpoint between two doubles
 * near v < 1 is j·2^(E−53) (j odd); M·2^(53−E) − j·10^k is a non-zero multiple of 2^k (v cannot
 * be a midpoint: a dyadic M/10^k has at most k ≤ 18 significant bits), so v lies at least
 * 2^-54/5^k ≥ 2^-96·v from any midpoint, far more than the error: the last addition rounds v correctly.
 */
export function unitFraction(m: number, mi: number, k: number): number {
  const d = POW10[k];
  const inv = INV10[k];
  // q from the approximate digits (the error term below repairs it), so the work starts at once.
  const q = m * inv;
  const p = q * d;
  const qs = q * SPLITTER;
  const qh = qs - (qs - q);
  const ql = q - qh;
  const e = qh * POW10_HI[k] - p + qh * POW10_LO[k] + ql * POW10_HI[k] + ql * POW10_LO[k];
  // M exactly, as s + t: its high 32-bit half from m, its low half from mi.
  const low = mi >>> 0;
  const a = ((m - low) * 2.3283064365386963e-10 + ROUNDER - ROUNDER) * TWO32;
  const s = a + low;
  const t = low - (s - a);
  const r = s - p + (t - e);
  return q + r * inv;
}

const SPECIAL: Readonly<Record<string, number>> = {
  nan: NaN,
  '+nan': NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-inf': -Infinity,
  '-infinity': -Infinity,
};

/**
 * A field's text as a number: a decimal (surrounding spaces allowed) exactly as parseFloat reads
 * it, or nan/inf/infinity in any case; undefined for anything else (including an empty field).
 */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim();
  if (isDecimalText(t)) return parseFloat(t);
  const special = SPECIAL[t.toLowerCase()];
  return special === undefined && !(t.toLowerCase() in SPECIAL) ? undefined : special;
}

/**
 * Whether t is `[+-]?(digits[.digits]|.digits)[(e|E)[+-]?digits]`, in one pass: a regular
 * expression for this backtracks quadratically on a long run of digits that ends badly. A data
 * file's grammar: isPythonDecimal (text/values.ts) differs by allowing underscores, so each has its own.
 */
function isDecimalText(t: string): boolean {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  if (c === 43 || c === 45) c = t.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = t.charCodeAt(++i);
  }
  if (c === 46) {
    c = t.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = t.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    c = t.charCodeAt(++i);
    if (c === 43 || c === 45) c = t.charCodeAt(++i);
    const start = i;
    while (c >= 48 && c <= 57) c = t.charCodeAt(++i);
    if (i === start) return false;
  }
  return i === n;
}

/** Labels may also be written as booleans (pandas writes True/False). */
export function parseLabelText(text: string): number | undefined {
  const t = text.trim();
  if (t === 'True' || t === 'true' || t === 'TRUE') return 1;
  if (t === 'False' || t === 'false' || t === 'FALSE') return 0;
  return parseNumberText(t);
}
