/**
 * Which columns (CSV/TSV header names, JSON keys, .npz members) hold the labels, the predictions,
 * the weights and the epoch: by role name, by numbered group (`y_true_0 … y_true_k` with
 * `y_pred_0 … y_pred_k` for multi-label data), or as the user chose.
 */
import { quote } from '../inputError';
import { COLUMN_ROLE_NAMES as ROLE_NAMES, LOGIT_COLUMN_NAMES } from '../roleNames';
import type { ColumnChoice } from './types';


/** Lower case, with spaces and dashes as underscores: "Y Pred" and "y-pred" are y_pred. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export interface ColumnPlan {
  /** Column names as found (or "1", "2", … without a header). */
  names: string[];
  yTrue: number[];
  yPred: number[];
  /** −1 when absent. */
  weight: number;
  epoch: number;
  split: number;
  /** The predictions are named logits: from_logits "auto" means true. */
  fromLogitsByName: boolean;
}

/** Throws the caller's error (an InputError at the header) with a message and, if known, the column. */
export type Fail = (message: string, column?: number) => never;

interface Grouped {
  base: string;
  index: number;
}

/**
 * base_k, basek or base[k]: the base and k. Read from the end in one pass (a regular expression
 * with a lazy prefix backtracks quadratically on a long name of digits that ends badly).
 */
function groupOf(normalized: string): Grouped | undefined {
  const bracket = normalized.endsWith(']');
  const digitsEnd = bracket ? normalized.length - 1 : normalized.length;
  let k = digitsEnd;
  while (k > 0 && isDigit(normalized.charCodeAt(k - 1))) k--;
  if (k === digitsEnd) return undefined;
  let baseEnd = k;
  if (bracket) {
    if (normalized.charCodeAt(k - 1) !== 91 /* [ */) return undefined;
    baseEnd = k - 1;
  } else if (normalized.charCodeAt(k - 1) === 95 /* _ */) baseEnd = k - 1;
  if (baseEnd <= 0) return undefined;
  const base = normalized.slice(0, baseEnd);
  return { base: base.endsWith('_') ? base.slice(0, -1) : base, index: Number(normalized.slice(k, digitsEnd)) };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Columns whose names are base_0 … base_k (any order), sorted by index; undefined unless complete. */
function findGroup(normalized: readonly string[], base: string): number[] | undefined {
  const found: { col: number; index: number }[] = [];
  normalized.forEach((n, col) => {
    const g = groupOf(n);
    if (g && g.base === base) found.push({ col, index: g.index });
  });
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.index - b.index);
  const first = found[0].index;
  if (first !== 0 && first !== 1) return undefined;
  if (found.some((f, k) => f.index !== first + k)) return undefined;
  return found.map((f) => f.col);
}

function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((n) => quote(n, 40));
  return shown.join(', ') + (names.length > 12 ? `, … (${names.length} columns)` : '');
}

/**
 * Resolves the roles. `hasHeader` false means the names are positions: without a choice, two
 * columns are y_true, y_pred and three add sample_weight.
 */
export function resolveColumns(names: readonly string[], hasHeader: boolean, choice: ColumnChoice | undefined, fail: Fail, what = 'column'): ColumnPlan {
  const normalized = names.map(normalizeName);
  const used = new Map<number, string>();
  const take = (cols: number[], role: string): number[] => {
    for (const c of cols) {
      const other = used.get(c);
      if (other !== undefined && other !== role) fail(`${what} ${quote(names[c])} cannot be both ${other} and ${role}`, c);
      used.set(c, role);
    }
    return cols;
  };
  const pick = (item: string, role: string): number[] => {
    const want = normalizeName(item);
    const exact = normalized.indexOf(want);
    if (exact >= 0) {
      const again = normalized.indexOf(want, exact + 1);
      // Two columns of one name: taking the first would silently drop the other.
      if (again >= 0) fail(`${role}: ${what}s ${exact + 1} and ${again + 1} are both named ${quote(names[exact])}: expected one; choose it by number`, again);
      return [exact];
    }
    const group = findGroup(normalized, want);
    if (group) return group;
    // Numbers pick positions without a header, and in a CSV header too (where two columns may share a name).
    if ((!hasHeader || what === 'column') && /^\d+$/.test(item.trim())) {
      const k = Number(item.trim());
      if (k >= 1 && k <= names.length) return [k - 1];
      fail(`${role}: there is no ${what} ${k} (the file has ${names.length}; ${what}s are numbered from 1)`);
    }
    return fail(
      hasHeader
        ? `${role}: no ${what} named ${quote(item)} (found ${quoteList(names)})`
        : `${role}: the file has no header, so ${what}s are chosen by number 1…${names.length}, not ${quote(item)}`,
    );
  };
  const chosen = (value: string | undefined, role: string): number[] | undefined =>
    value === undefined || value.trim() === '' ? undefined : take(value.split(',').flatMap((item) => pick(item, role)), role);
  const byRole = (roleNames: readonly string[], role: string): { cols: number[]; name: string } | undefined => {
    // Two columns named for one role (y_true twice, or label beside target): which one is meant is not ours to guess.
    const named: number[] = [];
    normalized.forEach((n, c) => {
      if (!used.has(c) && (roleNames as readonly string[]).includes(n)) named.push(c);
    });
    if (named.length > 1) {
      const [a, b] = named;
      fail(`${what}s ${a + 1} (${quote(names[a], 40)}) and ${b + 1} (${quote(names[b], 40)}) could both be ${role}: expected one; rename one or choose it (--${role === 'sample_weight' ? 'weight' : role.replace('_', '-')} in the CLI)`, b);
    }
    for (const r of roleNames) {
      const exact = normalized.indexOf(r);
      if (exact >= 0 && !used.has(exact)) return { cols: [exact], name: r };
      const group = findGroup(normalized, r);
      if (group && !group.some((c) => used.has(c))) return { cols: group, name: r };
    }
    return undefined;
  };

  let yTrue = chosen(choice?.yTrue, 'y_true');
  let yPred = chosen(choice?.yPred, 'y_pred');
  let weight = chosen(choice?.weight, 'sample_weight');
  const epoch = chosen(choice?.epoch, 'epoch');
  const split = chosen(choice?.split, 'split');
  for (const [cols, role] of [
    [weight, 'sample_weight'],
    [epoch, 'epoch'],
    [split, 'split'],
  ] as const) {
    if (cols && cols.length !== 1) fail(`${role}: expected one ${what}, got ${cols.length}`);
  }

  if (!hasHeader) {
    if (!yTrue && !yPred) {
      if (names.length === 2 || names.length === 3) {
        yTrue = take([0], 'y_true');
        yPred = take([1], 'y_pred');
        if (names.length === 3 && !weight) weight = take([2], 'sample_weight');
      } else {
        fail(
          `no header line, and ${names.length} ${what}s: without a header, expected 2 (y_true, y_pred) or 3 (y_true, y_pred, sample_weight); add a header such as y_true,y_pred or choose the ${what}s`,
        );
      }
    }
    if (!yTrue || !yPred) fail(`no header line: choose both the y_true and the y_pred ${what}s by number`);
  }
  let logits = false;
  if (!yTrue) {
    const found = byRole(ROLE_NAMES.yTrue, 'y_true');
    if (!found) fail(`no ${what} of labels: expected one named y_true, y, label(s), target(s), actual or truth (found ${quoteList(names)})`);
    yTrue = take(found.cols, 'y_true');
  }
  if (!yPred) {
    const found = byRole(ROLE_NAMES.yPred, 'y_pred');
    if (!found) fail(`no ${what} of predictions: expected one named y_pred, pred(s), prediction(s), prob(s), probability, score(s), output(s), y_hat, y_prob, y_score or logits (found ${quoteList(names)})`);
    yPred = take(found.cols, 'y_pred');
  }
  logits = yPred.every((c) => {
    const n = normalized[c];
    return LOGIT_COLUMN_NAMES.has(n) || LOGIT_COLUMN_NAMES.has(groupOf(n)?.base ?? '');
  });
  if (!weight && hasHeader) {
    const found = byRole(ROLE_NAMES.weight, 'sample_weight');
    if (found && found.cols.length === 1) weight = take(found.cols, 'sample_weight');
  }
  const single = (cols: number[] | undefined, roleNames: readonly string[], role: string): number => {
    if (cols) return cols[0];
    if (!hasHeader) return -1;
    for (const r of roleNames) {
      const c = normalized.indexOf(r);
      if (c >= 0 && !used.has(c)) return take([c], role)[0];
    }
    return -1;
  };
  const epochCol = single(epoch, ROLE_NAMES.epoch, 'epoch');
  const splitCol = single(split, ROLE_NAMES.split, 'split');
  if (yTrue.length !== yPred.length && !(yTrue.length === 1 && yPred.length === 2)) {
    fail(
      `${yTrue.length} label ${what}(s) (${quoteList(yTrue.map((c) => names[c]))}) but ${yPred.length} prediction ${what}(s) (${quoteList(yPred.map((c) => names[c]))}): multi-label data needs one prediction per label`,
      yPred[0],
    );
  }
  return { names: [...names], yTrue, yPred, weight: weight ? weight[0] : -1, epoch: epochCol, split: splitCol, fromLogitsByName: logits };
}
