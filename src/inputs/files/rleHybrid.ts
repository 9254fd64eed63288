/**
 * Parquet's RLE/bit-packed hybrid (levels, dictionary indices, RLE booleans) into a typed array.
 * hyparquet's decoder writes a run's whole declared length, past the output's end: a damaged run
 * header of 2^31 made one page take minutes (the fuzz test's uncompressed.parquet, seed 2536). Here
 * runs are clamped to the output and every read to the encoded bytes.
 */
import type { DataReader } from 'hyparquet/src/types.js';

/** The number of bits set in each byte. */
const ONES = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
});

/** For each expected value 0–3, the 2-bit fields of each byte other than it. */
const OTHER_PAIRS = [0, 1, 2, 3].map((expected) =>
  Uint8Array.from({ length: 256 }, (_, b) => {
    let n = 0;
    for (let k = 0; k < 8; k += 2) if (((b >> k) & 3) !== expected) n++;
    return n;
  }),
);

/**
 * Decodes out.length values of `width` bits; `length` the encoded bytes, or undefined for a 4-byte
 * length prefix. Returns how many values differ from `expected` (the nulls among definition
 * levels, counted on the way: a run costs one comparison).
 */
export function readHybrid(reader: DataReader, width: number, out: Uint8Array | Int32Array, length?: number, expected = 0): number {
  const view = reader.view;
  if (!(width >= 0 && width <= 32)) throw new Error(`a bit width of ${width}`);
  if (length === undefined) {
    if (reader.offset + 4 > view.byteLength) throw new Error('the levels end before their length');
    length = view.getUint32(reader.offset, true);
    reader.offset += 4;
  }
  const end = reader.offset + length;
  if (!(length >= 0) || end > view.byteLength) throw new Error(`encoded values of ${length} bytes run past their page`);
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const n = out.length;
  const valueBytes = (width + 7) >> 3;
  let p = reader.offset;
  let seen = 0;
  let differ = 0;
  while (seen < n) {
    let header = 0;
    let shift = 0;
    let b: number;
    do {
      if (p >= end || shift > 28) throw new Error(`the encoded values end after ${seen} of ${n}`);
      b = bytes[p++];
      header += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (header % 2 === 1) {
      // Bit-packed: groups of 8 values, `width` bytes a group, low bits first.
      const groups = (header - 1) / 2;
      const take = Math.min(groups * 8, n - seen);
      // Only the values used must be there: some writers cut the last group short.
      if (p + Math.ceil((take * width) / 8) > end) throw new Error(`a bit-packed run of ${groups * 8} values runs past its page`);
      if (width === 1) {
        // Dictionary indices of two values (labels) and levels of 0/1: eight values a byte, unrolled.
        const whole = take >> 3;
        let o = seen;
        for (let q = p; q < p + whole; q++) {
          const b = bytes[q];
          out[o] = b & 1;
          out[o + 1] = (b >> 1) & 1;
          out[o + 2] = (b >> 2) & 1;
          out[o + 3] = (b >> 3) & 1;
          out[o + 4] = (b >> 4) & 1;
          out[o + 5] = (b >> 5) & 1;
          out[o + 6] = (b >> 6) & 1;
          out[o + 7] = b >> 7;
          // Ones among the eight (a popcount), against the value expected.
          const ones = ONES[b];
          differ += expected === 1 ? 8 - ones : expected === 0 ? ones : 8;
          o += 8;
        }
        for (let i = whole * 8; i < take; i++) {
          const value = (bytes[p + (i >> 3)] >> (i & 7)) & 1;
          out[seen + i] = value;
          if (value !== expected) differ++;
        }
      } else if (width === 2) {
        // Dictionary indices of a two-entry dictionary as DuckDB writes them: four values a byte, unrolled.
        const whole = take >> 2;
        const other = OTHER_PAIRS[expected] as Uint8Array | undefined;
        let o = seen;
        for (let q = p; q < p + whole; q++) {
          const b = bytes[q];
          out[o] = b & 3;
          out[o + 1] = (b >> 2) & 3;
          out[o + 2] = (b >> 4) & 3;
          out[o + 3] = b >> 6;
          differ += other ? other[b] : 4;
          o += 4;
        }
        for (let i = whole * 4; i < take; i++) {
          const value = (bytes[p + (i >> 2)] >> ((i & 3) * 2)) & 3;
          out[seen + i] = value;
          if (value !== expected) differ++;
        }
      } else if (width <= 24) {
        // A window of up to 31 bits, filled a byte at a time as values use it up (only the bytes the values need are read).
        const mask = (1 << width) - 1;
        let window = 0;
        let bits = 0;
        let q = p;
        for (let i = 0; i < take; i++) {
          while (bits < width) {
            window |= bytes[q++] << bits;
            bits += 8;
          }
          const value = window & mask;
          window >>>= width;
          bits -= width;
          out[seen + i] = value;
          if (value !== expected) differ++;
        }
      } else {
        let bit = p * 8;
        for (let i = 0; i < take; i++) {
          let value = 0;
          for (let got = 0; got < width; ) {
            const off = bit & 7;
            const k = Math.min(8 - off, width - got);
            value += ((bytes[bit >> 3] >> off) & ((1 << k) - 1)) * 2 ** got;
            got += k;
            bit += k;
          }
          out[seen + i] = value;
          if (value !== expected) differ++;
        }
      }
      p = Math.min(end, p + groups * width);
      seen += take;
    } else {
      // A run: one value of `valueBytes` bytes, repeated.
      if (p + valueBytes > end) throw new Error('a run runs past its page');
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[p++] * 2 ** (8 * i);
      const stop = Math.min(n, seen + header / 2);
      out.fill(value, seen, stop);
      if (value !== expected) differ += stop - seen;
      seen = stop;
    }
  }
  reader.offset = end;
  return differ;
}
