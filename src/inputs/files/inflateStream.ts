/**
 * Deflated zip members, inflated a little at a time. Deflate expands up to 1032:1, so a 1 MiB
 * chunk of zeros pushed at once becomes a gigabyte held in one buffer: the input is cut into
 * slices sized so that each push gives about {@link OUTPUT_BYTES}. The output is also held to the
 * size the zip's headers declare, so a member that lies about it (a zip bomb) stops at once.
 */
import { Inflate } from 'fflate';

/** About this much output per push. */
const OUTPUT_BYTES = 1 << 20;
/** Deflate's largest expansion: the first slice assumes it. */
const MAX_RATIO = 1032;

/** What went wrong, in words for the caller's message. */
export class InflateError extends Error {}

/**
 * The inflated bytes of `compressed` (chunks of one deflate stream of `compressedSize` bytes),
 * which must come to `size` bytes exactly; `stopAfter` ends early (a header read).
 */
export async function* inflateChunks(compressed: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, compressedSize: number, size: number, stopAfter = Infinity): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let produced = 0;
  const inflate = new Inflate((chunk) => {
    if (chunk.length === 0) return;
    produced += chunk.length;
    if (produced > size) throw new InflateError(`inflates to more than the ${size} bytes its zip header declares`);
    out.push(chunk);
  });
  let fed = 0;
  for await (const chunk of compressed) {
    for (let at = 0; at < chunk.length; ) {
      // Slices sized by the ratio seen so far (the worst case at first).
      const ratio = fed === 0 ? MAX_RATIO : Math.min(MAX_RATIO, Math.max(1, produced / fed));
      const step = Math.max(64, Math.min(chunk.length - at, Math.floor(OUTPUT_BYTES / ratio)));
      const slice = chunk.subarray(at, at + step);
      at += slice.length;
      fed += slice.length;
      try {
        inflate.push(slice, fed >= compressedSize);
      } catch (e) {
        if (e instanceof InflateError) throw e;
        throw new InflateError(`damaged deflate data (${(e as Error).message})`);
      }
      while (out.length) yield out.shift() as Uint8Array;
      if (produced >= stopAfter) return;
    }
  }
  if (produced !== size) throw new InflateError(`inflates to ${produced} bytes, but its zip header declares ${size}`);
}
