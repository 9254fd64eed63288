/**
 * Line formats are read as UTF-8 bytes. A UTF-16 file (Excel's "Unicode text", PowerShell's
 * default redirection) decodes as names full of NULs; this says which it is instead.
 */
import { InputError } from '../inputError';

/** 'UTF-16LE' or 'UTF-16BE' when b[start, limit) (the start of a file) looks like UTF-16, else undefined. */
export function utf16Of(b: Uint8Array, start: number, limit: number): string | undefined {
  if (start === 0 && limit >= 2) {
    if (b[0] === 0xff && b[1] === 0xfe) return 'UTF-16LE';
    if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16BE';
  }
  // Without a byte order mark: ASCII text in UTF-16 has a NUL in every other byte.
  const end = Math.min(limit, start + 256);
  let even = 0;
  let odd = 0;
  for (let i = start; i < end; i++) {
    if (b[i] === 0) {
      if ((i - start) % 2 === 0) even++;
      else odd++;
    }
  }
  const pairs = (end - start) >> 1;
  if (pairs < 2) return undefined;
  if (odd * 2 >= pairs && even === 0) return 'UTF-16LE';
  if (even * 2 >= pairs && odd === 0) return 'UTF-16BE';
  return undefined;
}

/** Throws at file:1:1 when the first bytes of a file are UTF-16. */
export function refuseUtf16(b: Uint8Array, name: string): void {
  const encoding = utf16Of(b, 0, b.length);
  if (encoding) throw new InputError({ source: name, line: 1, column: 1 }, utf16Message(encoding));
}

/** The message for a UTF-16 file. */
export function utf16Message(encoding: string): string {
  return `the file is ${encoding}: expected UTF-8 text; save it as UTF-8 (e.g. iconv -f ${encoding} -t UTF-8)`;
}

/**
 * The first carriage return in b[start, limit) that no line feed follows: a file with classic Mac
 * line ends (CR only) has no line feed at all, so it would read as one long header. −1 if none.
 */
export function loneCarriageReturn(b: Uint8Array, start: number, limit: number): number {
  for (let i = start; i < limit; i++) {
    if (b[i] === 13 && i + 1 < limit && b[i + 1] !== 10) return i;
  }
  return -1;
}
