/**
 * Per-sample losses (reduction "none") as the CLI prints them, batch by batch: the same text as
 * printing the whole list at once (lossOutput.ts), so streamed and whole output are equal.
 */

/** `lines`: one sample a line; `json`: the elements of the --json object's "loss" array. */
export type LossLayout = 'lines' | 'json';

/** The longest text of one number String() gives (e.g. -2.2250738585072014e-308), with a separator. */
const MAX_NUMBER_CHARS = 25;

/**
 * Characters of text per piece: under V8's large-object size, so a piece written and forgotten
 * dies young instead of piling up in the large-object space until a full collection.
 */
const PIECE_CHARS = 60 * 1024;

/** Reused between calls: the text is built as bytes and taken out a flat piece at a time (no rope of small strings to collect). */
let scratch = new Uint8Array(PIECE_CHARS + 1024);

/**
 * Whole samples of `width` values each, given to `emit` in pieces of at most about 60 KB. lines:
 * a sample's values separated by spaces, each line ended by a newline. json: elements separated
 * by commas, a sample of several values as an array, NaN and infinities as null (as
 * JSON.stringify writes them); `first`: no comma before the first.
 */
export function lossText(values: ArrayLike<number>, width: number, layout: LossLayout, first: boolean, emit: (piece: string) => void): void {
  const json = layout === 'json';
  const sampleChars = width * MAX_NUMBER_CHARS + 3;
  if (scratch.length < PIECE_CHARS + sampleChars) scratch = new Uint8Array(PIECE_CHARS + sampleChars);
  const out = scratch;
  let at = 0;
  const put = (v: number): void => {
    const text = json && !Number.isFinite(v) ? 'null' : String(v);
    for (let k = 0; k < text.length; k++) out[at++] = text.charCodeAt(k);
  };
  const flush = (): void => {
    if (at > 0) emit(Buffer.from(out.buffer, out.byteOffset, at).toString('latin1'));
    at = 0;
  };
  for (let i = 0; i < values.length; i += width) {
    if (at >= PIECE_CHARS) flush();
    if (json && !(first && i === 0)) out[at++] = 0x2c; // ,
    if (json && width > 1) out[at++] = 0x5b; // [
    put(values[i]);
    for (let j = 1; j < width; j++) {
      out[at++] = json ? 0x2c : 0x20; // , or space
      put(values[i + j]);
    }
    if (json && width > 1) out[at++] = 0x5d; // ]
    if (!json) out[at++] = 0x0a; // newline
  }
  flush();
}
