/**
 * An LZ4 frame (Arrow's LZ4_FRAME body compression) into an output of the size the Arrow buffer
 * declares. lz4js's decoder does not stop at the output's end: a damaged frame ran it on for up to a
 * minute and 1.5·10⁹ bytes (the fuzz test's lz4.feather cases); here every length is checked
 * against the input and the output before a byte is copied.
 */
const MAGIC = 0x184d2204;

export function decodeLz4Frame(src: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fail = (why: string): never => {
    throw new Error(`a damaged LZ4 frame (${why})`);
  };
  const u32 = (at: number) => (at + 4 <= src.length ? (src[at] | (src[at + 1] << 8) | (src[at + 2] << 16) | (src[at + 3] << 24)) >>> 0 : fail('cut short'));
  if (u32(0) !== MAGIC) fail('no LZ4 magic number');
  const flags = src[4];
  let p = 7 + (flags & 0x08 ? 8 : 0) + (flags & 0x01 ? 4 : 0);
  const blockChecksum = (flags & 0x10) !== 0;
  let d = 0;
  for (;;) {
    const size = u32(p);
    p += 4;
    if (size === 0) break;
    const n = size & 0x7fffffff;
    const end = p + n;
    if (end > src.length) fail('a block runs past the frame');
    if (size & 0x80000000) {
      if (d + n > length) fail(`more than the ${length} bytes declared`);
      out.set(src.subarray(p, end), d);
      d += n;
    } else d = decodeBlock(src, p, end, out, d, fail);
    p = end + (blockChecksum ? 4 : 0);
  }
  if (d !== length) fail(`${d} bytes, expected ${length}`);
  return out;
}

function decodeBlock(src: Uint8Array, p: number, end: number, out: Uint8Array, d: number, fail: (why: string) => never): number {
  const lengthAt = (base: number): number => {
    let n = base;
    if (base === 15) {
      let b: number;
      do {
        if (p >= end) fail('a length runs past its block');
        b = src[p++];
        n += b;
      } while (b === 255);
    }
    return n;
  };
  while (p < end) {
    const token = src[p++];
    const literals = lengthAt(token >> 4);
    if (p + literals > end || d + literals > out.length) fail('literals past the block or the output');
    out.set(src.subarray(p, p + literals), d);
    p += literals;
    d += literals;
    if (p >= end) break;
    if (p + 2 > end) fail('a match offset past its block');
    const offset = src[p] | (src[p + 1] << 8);
    p += 2;
    const match = lengthAt(token & 15) + 4;
    if (offset === 0 || offset > d || d + match > out.length) fail('a match outside the output');
    for (let i = 0; i < match; i++, d++) out[d] = out[d - offset];
  }
  return d;
}
