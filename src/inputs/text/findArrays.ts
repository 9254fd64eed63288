/**
 * Walks the tokens of code or data (Python, JavaScript/TypeScript, JSON) and collects every array
 * literal with the name it is given, if any: `y_true = […]`, `const yPred: number[] = […]`,
 * `"y_true": […]`, `loss(y_true=[…], y_pred=[…])`, `a, b = […], […]`, `d["labels"] = […]`, or
 * no name at all (`bce([0, 1], [0.2, 0.8])`). Subscripts (`x[0]`, `list[float]`) are not arrays.
 * An array that fails to parse is kept with its error: it matters only if a role needs it.
 */
import type { Brackets } from './brackets';
import { InputError } from '../inputError';
import { dottedNameEnd, spell, type Token } from './tokenizer';
import { isArrayConstructor, isNumberFunction, isValueName, type List, type Numbers, type ValueParser } from './values';

export interface NameRef {
  /** As written, without quotes: y_true, self.labels, yPred. */
  text: string;
  token: Token;
}

export interface Candidate {
  name?: NameRef;
  /** The parsed array, or … */
  node?: List | Numbers;
  /** … why it could not be parsed. */
  error?: InputError;
  /** First token of the array. */
  at: Token;
}

/** A name waiting for its value: set by `name =` or `name:`, used by the next array literal. */
interface Pending {
  name?: NameRef;
  /** Bracket depth of the assignment. */
  depth: number;
  /** After `name:`: a type annotation or a key; becomes a plain assignment at `=`. */
  colon: boolean;
  /** A value other than an array literal has been seen: the next line break ends the assignment. */
  sawValue: boolean;
  /** The further names of `a, b = …, …`, taken one per comma. */
  queue: NameRef[];
}

/** After these words `[` starts a list, not a subscript. */
const KEYWORDS = new Set(['return', 'in', 'of', 'yield', 'await', 'else', 'do', 'case', 'and', 'or', 'not', 'is', 'typeof', 'void', 'delete', 'throw', 'print', 'assert', 'new', 'const', 'let', 'var', 'export', 'default', 'elif', 'if', 'while']);

export function findArrays(tokens: readonly Token[], brackets: Brackets, parser: ValueParser): Candidate[] {
  const found: Candidate[] = [];
  const { partner, hasComma } = brackets;
  const isPunct = (i: number, text: string) => tokens[i]?.kind === 'punct' && tokens[i].text === text;
  let depth = 0;
  let pending: Pending | undefined;
  /** The previous token on this line, to tell a subscript `x[0]` from a list `[0]`. */
  let prev: Token | undefined;

  const assign = (name: NameRef, colon = false, queue: NameRef[] = []) => {
    pending = { name, depth, colon, sawValue: false, queue };
  };
  const sawValue = () => {
    if (pending && !pending.colon) pending.sawValue = true;
  };
  /**
   * Records the array literal or constructor call at i (ending at token `end`) under the pending
   * name; returns the index after it. A tuple that does not parse is an expression: undefined.
   */
  const literal = (i: number, end: number, tuple = false): number | undefined => {
    const at = tokens[i];
    const name = pending?.name ? { name: pending.name } : {};
    let next = end + 1;
    try {
      const parsed = parser.value(i);
      if (parsed.node.kind === 'scalar') {
        sawValue();
        return parsed.next;
      }
      found.push({ ...name, node: parsed.node, at });
      next = parsed.next;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (tuple) return undefined;
      found.push({ ...name, error: e, at });
    }
    if (pending) {
      pending.name = undefined;
      pending.sawValue = true;
    }
    return next;
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === 'newline') {
      if (pending && depth <= pending.depth && (pending.sawValue || pending.colon)) pending = undefined;
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
          sawValue();
          i = partner[open] + 1;
        } else {
          // Some other call: look for arrays among its arguments. With several arguments, a
          // pending name (result = f(a, b)) belongs to none of them.
          if (pending && hasComma[open] && depth <= pending.depth) pending.name = undefined;
          depth++;
          i = open + 1;
        }
        prev = tokens[i - 1];
        continue;
      }
      if (isPunct(j + 1, '=') || isPunct(j + 1, ':=')) {
        assign(name);
        i = j + 2;
      } else if (isPunct(j + 1, ':') && !isValueName(last)) {
        assign(name, true);
        i = j + 2;
      } else if (isPunct(j + 1, ',') && depth === 0 && (prev === undefined || KEYWORDS.has(prev.text) || prev.text === ';')) {
        const targets = unpackingTargets(tokens, j + 1, name);
        if (targets) {
          assign(name, false, targets.names.slice(1));
          i = targets.end;
        } else {
          sawValue();
          i = j + 1;
        }
      } else {
        sawValue();
        i = j + 1;
      }
      prev = tokens[i - 1];
      continue;
    }
    if (t.kind === 'string' && isPunct(i + 1, ':')) {
      assign({ text: String(t.value), token: t }, true);
      prev = tokens[i + 1];
      i += 2;
      continue;
    }
    if (t.kind !== 'punct') {
      sawValue();
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
            assign({ text: String(tokens[i + 1].value), token: tokens[i + 1] });
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
        if (pending && depth <= pending.depth) pending = undefined;
        depth++;
        i++;
        break;
      case ']':
      case ')':
      case '}':
        depth = Math.max(0, depth - 1);
        if (pending && depth < pending.depth) pending = undefined;
        i++;
        break;
      case ',':
        if (pending && depth <= pending.depth) {
          const nextName = pending.queue.shift();
          if (nextName) {
            pending.name = nextName;
            pending.sawValue = false;
          } else pending = undefined;
        }
        i++;
        break;
      case ';':
        if (pending && depth <= pending.depth) pending = undefined;
        i++;
        break;
      case '=':
        if (pending && pending.colon && depth === pending.depth) pending.colon = false;
        i++;
        break;
      default:
        i++;
    }
    prev = tokens[i - 1];
  }
  return found;
}

/** Whether `[` after this token indexes it (x[0], f(x)[1], list[float]) rather than opening a list. */
function isSubscripted(prev: Token): boolean {
  if (prev.kind === 'name') return !KEYWORDS.has(prev.text);
  return prev.kind === 'punct' && (prev.text === ')' || prev.text === ']');
}

/** A constructor call worth parsing: its data is a literal (np.array([…])), not a variable (np.array(x)). */
function startsLiteral(tokens: readonly Token[], open: number): boolean {
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
function unpackingTargets(tokens: readonly Token[], comma: number, first: NameRef): { names: NameRef[]; end: number } | undefined {
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
