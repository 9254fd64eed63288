/**
 * What the tokens around a bracket say about it: a subscript (`x[0]`) or a list, a constructor
 * call whose data is a literal, the targets of `a, b = …`.
 */
import type { NameRef } from './candidate';
import { dottedNameEnd, spell, type Token } from './tokenizer';
import { isArrayConstructor, isNumberFunction, isValueName } from './values';

/** After these words `[` starts a list, not a subscript. */
export const KEYWORDS = new Set(['return', 'in', 'of', 'yield', 'await', 'else', 'do', 'case', 'and', 'or', 'not', 'is', 'typeof', 'void', 'delete', 'throw', 'print', 'assert', 'new', 'const', 'let', 'var', 'export', 'default', 'elif', 'if', 'while']);

/** Whether `[` after this token indexes it (x[0], f(x)[1], list[float]) rather than opening a list. */
export function isSubscripted(prev: Token): boolean {
  if (prev.kind === 'name') return !KEYWORDS.has(prev.text);
  return prev.kind === 'punct' && (prev.text === ')' || prev.text === ']');
}

/** A constructor call worth parsing: its data is a literal (np.array([…])), not a variable (np.array(x)). */
export function startsLiteral(tokens: readonly Token[], open: number): boolean {
  let i = open + 1;
  while (tokens[i]?.kind === 'newline') i++;
  let t = tokens[i];
  if (t?.kind === 'name' && tokens[i + 1]?.text === '=') t = tokens[(i += 2)];
  while (t?.kind === 'newline') t = tokens[++i];
  if (!t) return false;
  if (t.kind === 'punct') return t.text === '[' || t.text === '(' || t.text === '-' || t.text === '+';
  if (t.kind !== 'name') return true;
  const j = dottedNameEnd(tokens, i);
  return isValueName(tokens[j].text) || (tokens[j + 1]?.text === '(' && (isArrayConstructor(tokens[j].text) || isNumberFunction(tokens[j].text)));
}

/** The targets of `a, b = …` (also `self.a, self.b = …`) starting at the comma after the first name. */
export function unpackingTargets(tokens: readonly Token[], comma: number, first: NameRef): { names: NameRef[]; end: number } | undefined {
  const names: NameRef[] = [first];
  let i = comma;
  while (tokens[i]?.kind === 'punct' && tokens[i].text === ',') {
    const start = i + 1;
    if (tokens[start]?.kind !== 'name') return undefined;
    const end = dottedNameEnd(tokens, start);
    names.push({ text: spell(tokens, start, end), token: tokens[start] });
    i = end + 1;
  }
  if (tokens[i]?.kind !== 'punct' || tokens[i].text !== '=') return undefined;
  return { names, end: i + 1 };
}
