/**
 * Snappy's raw format (a Parquet page) decoded into the caller's buffer. hysnappy's WebAssembly
 * decoder copied each page into its memory and the result out again into a fresh array (a fifth
 * of a 10⁷-row file's time, bench/README.md); hyparquet's JavaScript one copies byte by byte.
 * Here long literals and back-references are block copies into a buffer the caller reuses.
 * Every length and offset is checked against both buffers: damaged input throws, never writes
 * outside `output` or reads outside `input`.
 */

/** Copies shorter than this go byte by byte: subarray() and set() cost more than a short loop. */
const BLOCK = 32;

/** Decodes `input` into all of `output`, whose length the page header gives. */
export function snappyInto(input: Uint8Array, output: Uint8Array): void {
  const inEnd = input.length;
  const outEnd = output.length;
  let p = 0;
  // The preamble: the uncompressed length as a varint of up to 32 bits.
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    if (p >= inEnd || shift > 28) throw new Error('invalid snappy length header');
    const b = input[p++];
    declared += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (declared !== outEnd) throw new Error(`the snappy data holds ${declared} bytes, the page header says ${outEnd}`);
  let o = 0;
  while (p < inEnd) {
    const tag = input[p++];
    const kind = tag & 3;
    if (kind === 0) {
      let len = (tag >>> 2) + 1;
      if (len > 60) {
        const bytes = len - 60;
        if (p + bytes > inEnd) throw new Error('a snappy literal ends early');
        len = 0;
        for (let i = 0; i < bytes; i++) len += input[p + i] * 2 ** (8 * i);
        len += 1;
        p += bytes;
      }
      if (p + len > inEnd || o + len > outEnd) throw new Error('a snappy literal runs past its page');
      if (len >= BLOCK) output.set(input.subarray(p, p + len), o);
      else for (let i = 0; i < len; i++) output[o + i] = input[p + i];
      p += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (p >= inEnd) throw new Error('a snappy copy ends early');
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[p++];
    } else if (kind === 2) {
      if (p + 2 > inEnd) throw new Error('a snappy copy ends early');
      len = (tag >>> 2) + 1;
      offset = input[p] | (input[p + 1] << 8);
      p += 2;
    } else {
      if (p + 4 > inEnd) throw new Error('a snappy copy ends early');
      len = (tag >>> 2) + 1;
      offset = (input[p] | (input[p + 1] << 8) | (input[p + 2] << 16)) + input[p + 3] * 2 ** 24;
      p += 4;
    }
    if (offset === 0 || offset > o) throw new Error(`a snappy copy from ${offset} bytes back, at byte ${o}`);
    if (o + len > outEnd) throw new Error('a snappy copy runs past its page');
    // An overlapping copy repeats the bytes it has just written: forwards, one at a time.
    if (offset >= len && len >= BLOCK) output.copyWithin(o, o - offset, o - offset + len);
    else for (let i = 0; i < len; i++) output[o + i] = output[o - offset + i];
    o += len;
  }
  if (o !== outEnd) throw new Error(`the snappy data ends after ${o} of its ${outEnd} bytes`);
}
