/**
 * Offsets of values in JSON text by their path (keys and indices), found by skipping over the
 * text without building anything: error messages and the worst samples point into the file.
 */

import { skipSpace } from '../jsonSyntax';

export type Path = (string | number)[];

function skipString(t: string, i: number): number {
  i++;
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 34) return i + 1;
    else i++;
  }
  return i;
}

/** The offset just after the JSON value at i. */
function skipValue(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 34) return skipString(t, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    while (i < t.length) {
      const d = t.charCodeAt(i);
      if (d === 34) {
        i = skipString(t, i);
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < t.length) {
    const d = t.charCodeAt(i);
    if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) return i;
    i++;
  }
  return i;
}

/** Offset of the value at path, or −1. */
export function valueOffset(t: string, path: Path): number {
  let i = skipSpace(t, 0);
  for (const step of path) {
    const c = t.charCodeAt(i);
    if (typeof step === 'string') {
      if (c !== 123) return -1;
      i = skipSpace(t, i + 1);
      let found = false;
      while (t.charCodeAt(i) === 34) {
        const keyEnd = skipString(t, i);
        const key = JSON.parse(t.slice(i, keyEnd)) as string;
        i = skipSpace(t, keyEnd);
        i = skipSpace(t, i + 1); // the colon
        if (key === step) {
          found = true;
          break;
        }
        i = skipSpace(t, skipValue(t, i));
        if (t.charCodeAt(i) === 44) i = skipSpace(t, i + 1);
      }
      if (!found) return -1;
    } else {
      if (c !== 91) return -1;
      i = skipSpace(t, i + 1);
      for (let k = 0; k < step; k++) {
        if (t.charCodeAt(i) === 93) return -1;
        i = skipSpace(t, skipValue(t, i));
        if (t.charCodeAt(i) === 44) i = skipSpace(t, i + 1);
      }
      if (t.charCodeAt(i) === 93) return -1;
    }
  }
  return i;
}

/** Offset of the key (its opening quote) of member `key` of the object at path. */
export function keyOffset(t: string, path: Path, key: string | number): number {
  const v = valueOffset(t, [...path, key]);
  if (v < 0) return valueOffset(t, path);
  const before = t.lastIndexOf(JSON.stringify(key), v);
  return before >= 0 ? before : v;
}

/** Start offsets of the elements of the array at path (one scan). */
export function elementOffsets(t: string, path: Path): number[] {
  let i = valueOffset(t, path);
  const out: number[] = [];
  if (i < 0 || t.charCodeAt(i) !== 91) return out;
  i = skipSpace(t, i + 1);
  while (i < t.length && t.charCodeAt(i) !== 93) {
    out.push(i);
    i = skipSpace(t, skipValue(t, i));
    if (t.charCodeAt(i) === 44) i = skipSpace(t, i + 1);
    else break;
  }
  return out;
}
