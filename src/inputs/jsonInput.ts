import type { LossInput } from '../core';
import { InputError, placeOfOffset } from './inputError';
import { jsonProblem, tooDeepAt, tooDeepDetail } from './jsonSyntax';

const ROLE_KEYS = {
  yTrue: ['y_true', 'yTrue', 'labels', 'targets', 'target', 'y'],
  yPred: ['y_pred', 'yPred', 'predictions', 'preds', 'probs', 'logits', 'scores', 'outputs', 'output', 'y_hat'],
  sampleWeight: ['sample_weight', 'sampleWeight', 'weights', 'weight', 'w'],
} as const;

/** Reads {"y_true": [...], "y_pred": [...], "sample_weight": [...]} from JSON text. */
export function parseJsonInput(text: string, source: string): LossInput & { logitsKey: boolean } {
  const deep = tooDeepAt(text);
  if (deep >= 0) throw new InputError(placeOfOffset(text, deep, source), tooDeepDetail());
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // Node's message often has no position: the place and the token come from our own reading.
    const problem = jsonProblem(text, 'the input');
    throw new InputError(placeOfOffset(text, problem?.offset ?? 0, source), problem?.detail ?? `invalid JSON: ${(e as Error).message}`);
  }
  const start = placeOfOffset(text, firstNonSpace(text), source);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(start, 'expected a JSON object such as {"y_true": [...], "y_pred": [...]}');
  }
  const record = data as Record<string, unknown>;
  const pick = (names: readonly string[]) => names.find((k) => k in record);
  const yTrueKey = pick(ROLE_KEYS.yTrue);
  const yPredKey = pick(ROLE_KEYS.yPred);
  if (!yTrueKey || !yPredKey) {
    throw new InputError(start, `expected keys "y_true" and "y_pred" (found ${Object.keys(record).map((k) => `"${k}"`).join(', ') || 'none'})`);
  }
  const weightKey = pick(ROLE_KEYS.sampleWeight);
  const array = (key: string) => {
    const v = record[key];
    if (!Array.isArray(v)) throw new InputError(placeOfKey(text, key, source), `"${key}" must be an array`);
    return v;
  };
  return {
    yTrue: array(yTrueKey),
    yPred: array(yPredKey),
    ...(weightKey ? { sampleWeight: array(weightKey) } : {}),
    logitsKey: yPredKey === 'logits',
  };
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

function placeOfKey(text: string, key: string, source: string) {
  const i = text.indexOf(`"${key}"`);
  return placeOfOffset(text, i < 0 ? 0 : i, source);
}
