/**
 * Finds labels, predictions and optional weights in whatever a person selects: code (Python,
 * NumPy/PyTorch/TensorFlow calls, JavaScript/TypeScript), JSON, plain lines of numbers or CSV/TSV,
 * in one selection or several (multi-cursor). Every element keeps its document range; every
 * problem is an InputError at the offending element.
 */
import type { LossInput } from '../../core';
import { InputError } from '../inputError';
import { matchBrackets } from './brackets';
import { findArrays, type Candidate } from './findArrays';
import { lazyArray } from './lazyArray';
import { fail, type Place, type SourceRange } from './place';
import { readRows } from './plainRows';
import { assignRoles, type Role } from './roles';
import { ROLE_NAME } from '../roleNames';
import { shapeArray, type Shaped } from './shape';
import { tokenize, type Token } from './tokenizer';
import { ValueParser } from './values';

export type { SourceRange } from './place';

export interface SelectionText {
  text: string;
  /** where this text starts in its document, 0-based */
  line: number;
  column: number;
}

/** Source range of every element, per sample and per label: yTrue[i][j] (1-D input: j = 0 only). */
export interface SelectionRanges {
  yTrue: SourceRange[][];
  yPred: SourceRange[][];
  sampleWeight?: SourceRange[];
}

export interface ParsedSelection extends LossInput {
  /** true when the predictions were named `logits` (which means from_logits); undefined otherwise */
  fromLogits?: boolean;
  ranges: SelectionRanges;
  /** The names that decided the roles, when there were names. */
  names: { yTrue?: string; yPred?: string; sampleWeight?: string };
}

/** One text (a single selection or the whole document) or several (multi-cursor: first labels, second predictions, third weights). */
export function parseSelection(texts: readonly SelectionText[], source = 'selection'): ParsedSelection {
  try {
    return parse(texts, source);
  } catch (e) {
    if (e instanceof InputError) throw e;
    // A safety net: input must never surface as another kind of exception.
    const at = texts[0] ?? { line: 0, column: 0 };
    throw new InputError({ source, line: at.line + 1, column: at.column + 1 }, `internal error while reading the selection: ${String(e)}`);
  }
}

function parse(texts: readonly SelectionText[], source: string): ParsedSelection {
  const nonEmpty = texts.map((t) => tokenize(String(t.text), t)).filter((t) => t.tokens.some((x) => x.kind !== 'newline'));
  const start: Place = nonEmpty[0]?.tokens.find((x) => x.kind !== 'newline') ?? texts[0] ?? { line: 0, column: 0 };
  const several = nonEmpty.length > 1;
  const candidates: Candidate[] = [];
  nonEmpty.forEach(({ tokens, end }, k) => {
    const brackets = matchBrackets(tokens, end, source);
    const parser = new ValueParser(tokens, brackets, source, end);
    const found = findArrays(tokens, brackets, parser);
    const arrays = found.length > 0 ? found : readRows(tokens, parser, several);
    if (several && arrays.length === 0) {
      fail(source, firstToken(tokens), `no array in selection ${k + 1}: with several selections, select one array in each (labels, predictions, weights)`);
    }
    for (const c of arrays) candidates.push(c);
  });

  const roles = assignRoles(candidates, start, source);
  const yTrue = shapeArray(roles.yTrue, 'yTrue', source);
  const yPred = shapeArray(roles.yPred, 'yPred', source);
  const weights = roles.sampleWeight ? shapeArray(roles.sampleWeight, 'sampleWeight', source) : undefined;
  const label = (role: Role, c: Candidate) => {
    const name = c.name?.text;
    return name && name !== ROLE_NAME[role] ? `${name} (${ROLE_NAME[role]})` : ROLE_NAME[role];
  };
  const yTrueLabel = label('yTrue', roles.yTrue);
  checkLength(yPred, label('yPred', roles.yPred), yTrue, yTrueLabel, source);
  if (weights && roles.sampleWeight) checkLength(weights, label('sampleWeight', roles.sampleWeight), yTrue, yTrueLabel, source);
  if (yTrue.twoD && yPred.twoD && yTrue.width !== yPred.width && yTrue.width !== 1 && yTrue.values.length > 0) {
    fail(source, yPred.startOf(0), `${label('yPred', roles.yPred)} has ${yPred.width} labels per row but ${yTrueLabel} has ${yTrue.width}`);
  }

  const result: ParsedSelection = {
    yTrue: yTrue.values,
    yPred: yPred.values as LossInput['yPred'],
    ranges: { yTrue: yTrue.ranges, yPred: yPred.ranges },
    names: roles.names,
  };
  if (weights) {
    result.sampleWeight = weights.values as LossInput['sampleWeight'];
    const rows = weights.ranges;
    result.ranges.sampleWeight = lazyArray(rows.length, (i) => rows[i][0]);
  }
  if (roles.fromLogitsByName) result.fromLogits = true;
  return result;
}

/** Equal numbers of samples; the error points at the first extra one. */
function checkLength(a: Shaped, aLabel: string, b: Shaped, bLabel: string, source: string): void {
  const n = a.values.length;
  const m = b.values.length;
  if (n === m) return;
  const unit = (s: Shaped, count: number) => (s.twoD ? (count === 1 ? 'row' : 'rows') : count === 1 ? 'value' : 'values');
  const bUnit = unit(b, m) === unit(a, m) ? '' : ` ${unit(b, m)}`;
  const at = n > m ? a.startOf(m) : b.startOf(n);
  fail(source, at, `${aLabel} has ${n} ${unit(a, n)} but ${bLabel} has ${m}${bUnit}`);
}

function firstToken(tokens: readonly Token[]): Token {
  return tokens.find((x) => x.kind !== 'newline') ?? tokens[0];
}
