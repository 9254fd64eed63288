/**
 * Decides which array holds the labels, the predictions and the weights: by name when any array
 * has a known name (y_true, labels, y_pred, probs, logits, sample_weight, …), otherwise by order.
 */
import type { Candidate } from './findArrays';
import { SELECTION_ROLE_NAMES as ROLE_NAMES, SELECTION_ROLE_WORDS as ROLE_WORDS } from '../roleNames';
import { describePlace, fail, type Place } from './place';

export type Role = 'yTrue' | 'yPred' | 'sampleWeight';

interface NameRole {
  role: Role | 'ignore';
  /** The predictions are called logits. */
  fromLogitsByName?: boolean;
}

const BY_NAME = new Map<string, NameRole>();
for (const [key, names] of Object.entries(ROLE_NAMES)) {
  for (const name of names) BY_NAME.set(name, key === 'logits' ? { role: 'yPred', fromLogitsByName: true } : { role: key as Role | 'ignore' });
}
const BY_WORD = new Map<string, NameRole>();
for (const [key, words] of Object.entries(ROLE_WORDS)) {
  for (const word of words) BY_WORD.set(word, key === 'logits' ? { role: 'yPred', fromLogitsByName: true } : { role: key as Role });
}

/** The role a name gives its array: case-insensitive, ignoring self./this. and other qualifiers. */
export function roleOfName(name: string): NameRole | undefined {
  const last = name.slice(name.lastIndexOf('.') + 1);
  const exact = BY_NAME.get(last.toLowerCase().replace(/[\s_-]+/g, ''));
  if (exact) return exact;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s_-]+/).filter(Boolean);
  if (words.length < 2) return undefined;
  const word = words[words.length - 1];
  if (word.startsWith('weight') && (words.includes('class') || words.includes('pos'))) return { role: 'ignore' };
  return BY_WORD.get(word);
}

export interface Assignment {
  yTrue: Candidate;
  yPred: Candidate;
  sampleWeight?: Candidate;
  /** The names that decided the roles. */
  names: { yTrue?: string; yPred?: string; sampleWeight?: string };
  fromLogitsByName: boolean;
}

const EXAMPLE = 'e.g. y_true = [0, 1] and y_pred = [0.2, 0.9]';
const ROLES: Role[] = ['yTrue', 'yPred', 'sampleWeight'];

/**
 * Names decide when any array has a role name; arrays without a role then fill the roles left
 * (labels, then predictions; weights only from an array with no name, and only when labels or
 * predictions were filled that way too). With no role names at all, order decides: labels,
 * predictions, weights.
 */
export function assignRoles(all: readonly Candidate[], start: Place, source: string): Assignment {
  const candidates: { c: Candidate; named?: NameRole }[] = [];
  for (const c of all) {
    const named = c.name ? roleOfName(c.name.text) : undefined;
    if (named?.role !== 'ignore') candidates.push({ c, ...(named ? { named } : {}) });
  }
  const chosen: Partial<Record<Role, { c: Candidate; named?: NameRole }>> = {};
  if (candidates.some((x) => x.named)) {
    for (const role of ROLES) {
      const withRole = candidates.filter((x) => x.named?.role === role);
      const pick = withRole.find((x) => !x.c.error) ?? withRole[0];
      if (pick) chosen[role] = pick;
    }
    const rank = (x: { c: Candidate }) => (x.c.error ? 2 : 0) + (x.c.name ? 1 : 0);
    const rest = candidates.filter((x) => !x.named).sort((a, b) => rank(a) - rank(b));
    // Weights come from a nameless array only beside other nameless ones: loss([0, 1], [0.2, 0.8], [1, 2]).
    let positional = false;
    for (const role of ROLES) {
      if (chosen[role]) continue;
      const k = rest.findIndex((x) => role !== 'sampleWeight' || (positional && !x.c.name));
      if (k < 0) continue;
      chosen[role] = rest.splice(k, 1)[0];
      positional = true;
    }
  } else {
    if (candidates.length > 3) {
      fail(
        source,
        candidates[3].c.at,
        `found ${candidates.length} arrays but no names to tell them apart: expected 2 or 3 (labels, predictions, optional weights); name them, ${EXAMPLE}`,
      );
    }
    candidates.forEach((x, k) => (chosen[ROLES[k]] = x));
  }

  const { yTrue, yPred, sampleWeight } = chosen;
  if (!yTrue && !yPred) fail(source, start, `no arrays found: select the labels and predictions, ${EXAMPLE}`);
  if (!yTrue || !yPred) {
    const only = (yTrue ?? yPred)!;
    const what = only.c.name ? `"${only.c.name.text}" at ${describePlace(only.c.at)}` : `at ${describePlace(only.c.at)}`;
    const missing = yTrue ? 'predictions' : 'labels';
    if (only.c.error) throw only.c.error;
    fail(source, only.c.at, `only one array found (${what}): select the ${missing} too, ${EXAMPLE}`);
  }
  for (const x of [yTrue, yPred, sampleWeight]) if (x?.c.error) throw x.c.error;
  const names: Assignment['names'] = {};
  if (yTrue.named && yTrue.c.name) names.yTrue = yTrue.c.name.text;
  if (yPred.named && yPred.c.name) names.yPred = yPred.c.name.text;
  if (sampleWeight?.named && sampleWeight.c.name) names.sampleWeight = sampleWeight.c.name.text;
  return {
    yTrue: yTrue.c,
    yPred: yPred.c,
    ...(sampleWeight ? { sampleWeight: sampleWeight.c } : {}),
    names,
    fromLogitsByName: yPred.named?.fromLogitsByName === true,
  };
}
