import type { Token } from './tokenizer';
import { fail, type Place } from './place';

const CLOSER: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
const OPENER: Record<string, string> = { ']': '[', ')': '(', '}': '{' };

export interface Brackets {
  /** For each bracket token, the index of its partner; -1 for other tokens. */
  partner: Int32Array;
  /** For each opening bracket, whether a comma sits directly inside it. */
  hasComma: Uint8Array;
}

/** Pairs up brackets; an unbalanced one is an InputError at the place the mismatch shows. */
export function matchBrackets(tokens: readonly Token[], end: Place, source: string): Brackets {
  const partner = new Int32Array(tokens.length).fill(-1);
  const hasComma = new Uint8Array(tokens.length);
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (CLOSER[t.text]) stack.push(i);
    else if (OPENER[t.text]) {
      const open = stack.pop();
      if (open === undefined) fail(source, t, `unexpected "${t.text}" without a matching "${OPENER[t.text]}"`);
      const o = tokens[open];
      if (CLOSER[o.text] !== t.text) fail(source, t, `expected "${CLOSER[o.text]}" to close "${o.text}" opened at ${o.line + 1}:${o.column + 1}, got "${t.text}"`);
      partner[open] = i;
      partner[i] = open;
    } else if (t.text === ',' && stack.length > 0) hasComma[stack[stack.length - 1]] = 1;
  }
  const open = stack.pop();
  if (open !== undefined) {
    const o = tokens[open];
    fail(source, end, `expected "${CLOSER[o.text]}" to close "${o.text}" opened at ${o.line + 1}:${o.column + 1}`);
  }
  return { partner, hasComma };
}
