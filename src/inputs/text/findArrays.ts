/**
 * Walks the tokens of code or data (Python, JavaScript/TypeScript, JSON) and collects every array
 * literal with the name it is given, if any: `y_true = […]`, `const yPred: number[] = […]`,
 * `"y_true": […]`, `loss(y_true=[…], y_pred=[…])`, `a, b = […], […]`, `d["labels"] = […]`, or
 * no name at all (`bce([0, 1], [0.2, 0.8])`). Subscripts (`x[0]`, `list[float]`) are not arrays.
 * An array that fails to parse is kept with its error: it matters only if a role needs it. The
 * name waiting for its value is a PendingName; what surrounds a bracket, arrayContext.ts.
 */
import type { Brackets } from './brackets';
import { InputError } from '../inputError';
import { isSubscripted, KEYWORDS, startsLiteral, unpackingTargets } from './arrayContext';
import type { Candidate, NameRef } from './candidate';
import { PendingName } from './pendingName';
import { dottedNameEnd, spell, type Token } from './tokenizer';
import { isArrayConstructor, isNumberFunction, isValueName, type ValueParser } from './values';

export type { Candidate, NameRef } from './candidate';

export function findArrays(tokens: readonly Token[], brackets: Brackets, parser: ValueParser): Candidate[] {
  const found: Candidate[] = [];
  const { partner, hasComma } = brackets;
  const isPunct = (i: number, text: string) => tokens[i]?.kind === 'punct' && tokens[i].text === text;
  let depth = 0;
  const pending = new PendingName();
  /** The previous token on this line, to tell a subscript `x[0]` from a list `[0]`. */
  let prev: Token | undefined;
  /**
   * Records the array literal or constructor call at i (ending at token `end`) under the pending
   * name; returns the index after it. A tuple that does not parse is an expression: undefined.
   */
  const literal = (i: number, end: number, tuple = false): number | undefined => {
    const at = tokens[i];
    const name = pending.current ? { name: pending.current } : {};
    let next = end + 1;
    try {
      const parsed = parser.value(i);
      if (parsed.node.kind === 'scalar') {
        pending.value();
        return parsed.next;
      }
      found.push({ ...name, node: parsed.node, at });
      next = parsed.next;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (tuple) return undefined;
      found.push({ ...name, error: e, at });
    }
    pending.taken();
    return next;
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === 'newline') {
      pending.lineBreak(depth);
      prev = undefined;
      i++;
      continue;
    }
    if (t.kind === 'name') {
      const j = dottedNameEnd(tokens, i);
      const name: NameRef = { text: spell(tokens, i, j), token: t };
      const last = tokens[j].text;
      if (isPunct(j + 1, '(')) {
        const open = j + 1;
        if (isArrayConstructor(last) && startsLiteral(tokens, open)) {
          i = literal(i, partner[open]) ?? partner[open] + 1;
        } else if (isNumberFunction(last)) {
          pending.value();
          i = partner[open] + 1;
        } else {
          // Some other call: look for arrays among its arguments. With several arguments, a
          // pending name (result = f(a, b)) belongs to none of them.
          if (hasComma[open]) pending.callWithArguments(depth);
          depth++;
          i = open + 1;
        }
        prev = tokens[i - 1];
        continue;
      }
      if (isPunct(j + 1, '=') || isPunct(j + 1, ':=')) {
        pending.assign(name, depth);
        i = j + 2;
      } else if (isPunct(j + 1, ':') && !isValueName(last)) {
        pending.assign(name, depth, true);
        i = j + 2;
      } else if (isPunct(j + 1, ',') && depth === 0 && (prev === undefined || KEYWORDS.has(prev.text) || prev.text === ';')) {
        const targets = unpackingTargets(tokens, j + 1, name);
        if (targets) {
          pending.assign(name, depth, false, targets.names.slice(1));
          i = targets.end;
        } else {
          pending.value();
          i = j + 1;
        }
      } else {
        pending.value();
        i = j + 1;
      }
      prev = tokens[i - 1];
      continue;
    }
    if (t.kind === 'string' && isPunct(i + 1, ':')) {
      pending.assign({ text: String(t.value), token: t }, depth, true);
      prev = tokens[i + 1];
      i += 2;
      continue;
    }
    if (t.kind !== 'punct') {
      pending.value();
      prev = t;
      i++;
      continue;
    }
    switch (t.text) {
      case '[': {
        const close = partner[i];
        if (prev && isSubscripted(prev)) {
          // x[0], list[float], d["labels"] = […]
          if (close === i + 2 && tokens[i + 1].kind === 'string' && isPunct(close + 1, '=')) {
            pending.assign({ text: String(tokens[i + 1].value), token: tokens[i + 1] }, depth);
            i = close + 2;
          } else i = close + 1;
        } else i = literal(i, close) ?? close + 1;
        break;
      }
      case '(':
        if ((prev && (prev.text === ')' || prev.text === ']')) || !hasComma[i]) {
          // A call f(x)(y) or a group (x): look inside.
          depth++;
          i++;
        } else {
          const next = literal(i, partner[i], true);
          if (next === undefined) {
            depth++;
            i++;
          } else i = next;
        }
        break;
      case '{':
        pending.statementEnd(depth);
        depth++;
        i++;
        break;
      case ']':
      case ')':
      case '}':
        depth = Math.max(0, depth - 1);
        pending.closed(depth);
        i++;
        break;
      case ',':
        pending.comma(depth);
        i++;
        break;
      case ';':
        pending.statementEnd(depth);
        i++;
        break;
      case '=':
        pending.equals(depth);
        i++;
        break;
      default:
        i++;
    }
    prev = tokens[i - 1];
  }
  return found;
}

