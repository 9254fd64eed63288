import { makeElementLoss } from './elementLoss';
import type { Label } from './lossInput';
import { framework } from './frameworks/registry';
import { KERAS_EPSILON } from './frameworks/keras3';
import { lossGuard } from './lossCurve';
import { SEMANTICS, effectiveDtype, resolveReduction, type Dtype, type LossOptions, type Reduction, type ResolvedOptions, type Semantics } from './options';
import type { LossResult } from './result';

/** One row of the framework comparison: which options it is computed with, and why. */
export interface ComparisonVariant {
  /** Stable identity of the options (see optionsKey): equal keys are computed once. */
  key: string;
  /** "PyTorch", or "Keras 3 · float32" for the row that only changes the dtype. */
  title: string;
  semantics: Semantics;
  dtype: Dtype;
  options: LossOptions;
  /** The row of the chosen semantics and dtype: the other rows' differences are measured against it. */
  reference: boolean;
  /** Set when the framework cannot compute this at all (e.g. scikit-learn on logits); nothing is computed then. */
  unsupported?: string;
}

/** What the data looked like, to decide which of the frameworks' guards it reaches. */
export interface ComparisonFacts {
  /** Smallest and largest prediction as given (probabilities, or logits when the input is logits). */
  minPrediction: number;
  maxPrediction: number;
  n: number;
  labels: number;
  /** Sample weights were given and are not all 1. */
  weighted: boolean;
  weightSum: number;
}

/** A variant's outcome: a scalar loss with the options as resolved, or the framework's refusal. */
export type VariantOutcome = { ok: true; loss: number; resolved: ResolvedOptions } | { ok: false; error: string };

export interface ComparisonRow {
  key: string;
  title: string;
  semantics: Semantics;
  dtype: Dtype;
  /** The options in words (from the result), when it was computed. */
  description?: string;
  loss?: number;
  /** loss − the reference row's loss. */
  delta?: number;
  relation: 'reference' | 'same' | 'differs' | 'error';
  /** One line: why the number differs from the reference, or why the framework refused. */
  reason?: string;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** A remark about the whole table, e.g. that reduction "none" is compared through the means. */
  note?: string;
}

/** Equal options give equal keys; 'auto' and an absent reduction are kept as such (they are what was asked). */
export function optionsKey(o: LossOptions): string {
  return [o.semantics, String(o.fromLogits), o.labelSmoothing, o.reduction ?? 'default', o.dtype, o.posWeight ? o.posWeight.join(',') : '', o.classes ? JSON.stringify(o.classes) : ''].join('|');
}

/** The options a LossResult was computed with. */
export function resolvedOf(r: Pick<LossResult, 'semantics' | 'fromLogits' | 'labelSmoothing' | 'reduction' | 'dtype'> & { posWeight?: readonly number[]; classes?: readonly Label[] }): ResolvedOptions {
  return {
    semantics: r.semantics,
    fromLogits: r.fromLogits,
    labelSmoothing: r.labelSmoothing,
    reduction: r.reduction,
    dtype: r.dtype,
    ...(r.posWeight ? { posWeight: r.posWeight } : {}),
    ...(r.classes ? { classes: r.classes } : {}),
  };
}

/**
 * The reduction of `target` that computes the same kind of number as `chosen` does in its own
 * framework: sums stay sums, every mean becomes the target's default mean (Keras'
 * mean_with_sample_weight has no twin elsewhere, sklearn's mean already divides by the weights),
 * and "none" is compared through the means because a list of per-sample values is not one number.
 */
export function equivalentReduction(chosen: Reduction, chosenSemantics: Semantics, target: Semantics): Reduction {
  if (chosen === 'sum') return 'sum';
  if (chosen === 'mean_with_sample_weight' && target === chosenSemantics) return chosen;
  return framework(target).defaultReduction;
}

/**
 * The rows of the comparison for the chosen options: every semantics with the chosen dtype, then the
 * chosen semantics in the other dtype (the frameworks default to float32). Options a framework does
 * not have (label smoothing in PyTorch and sklearn, pos_weight outside PyTorch) are dropped, and the
 * reason line says so.
 */
export function comparisonVariants(chosen: LossOptions): ComparisonVariant[] {
  const reduction = resolveReduction(chosen);
  const rows: ComparisonVariant[] = [];
  const make = (semantics: Semantics, dtype: Dtype, title: string): ComparisonVariant => {
    const fw = framework(semantics);
    const options: LossOptions = {
      semantics,
      fromLogits: chosen.fromLogits,
      labelSmoothing: fw.labelSmoothing ? chosen.labelSmoothing : 0,
      reduction: equivalentReduction(reduction, chosen.semantics, semantics),
      dtype,
      ...(chosen.posWeight && fw.posWeight ? { posWeight: chosen.posWeight } : {}),
      ...(chosen.classes && fw.classNames ? { classes: chosen.classes } : {}),
    };
    const variant: ComparisonVariant = {
      key: optionsKey(options),
      title,
      semantics,
      dtype,
      options,
      reference: semantics === chosen.semantics && dtype === chosen.dtype,
    };
    const refusal = chosen.fromLogits === true ? fw.refuses.logits : chosen.fromLogits === false ? fw.refuses.probabilities : undefined;
    if (refusal) variant.unsupported = refusal;
    return variant;
  };
  // A framework with a dtype of its own (XGBoost's float32) is listed once, in that dtype.
  for (const s of SEMANTICS) rows.push(make(s, effectiveDtype(s, chosen.dtype), framework(s).title));
  const other: Dtype = chosen.dtype === 'float64' ? 'float32' : 'float64';
  if (!framework(chosen.semantics).fixedDtype) rows.push(make(chosen.semantics, other, `${framework(chosen.semantics).title} · ${other}`));
  return rows;
}

/** A note for the whole table, when the comparison cannot show the chosen reduction itself. */
export function comparisonNote(chosen: LossOptions): string | undefined {
  const r = resolveReduction(chosen);
  if (r === 'none') return 'Reduction "none" gives one value per sample; the comparison shows each framework\'s mean instead.';
  if (r === 'mean_with_sample_weight') return `mean_with_sample_weight exists only in ${framework(chosen.semantics).title}; the other frameworks show their default mean.`;
  return undefined;
}

/** How far apart two results may be and still be the same number (summation order, one rounding). */
export function sameWithin(a: number, b: number, dtype: Dtype): boolean {
  if (a === b) return true;
  const ulps = dtype === 'float32' ? 4 * 2 ** -24 : 64 * 2 ** -53;
  return Math.abs(a - b) <= ulps * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

const title = (s: Semantics) => framework(s).title;

/** The divisor of a reduction: 'n' samples, 'weights' (Σw), or none for a sum; and what a sum adds. */
function reductionShape(o: ResolvedOptions): { divisor: 'n' | 'weights' | 'none'; sums: 'samples' | 'elements' } {
  const fw = framework(o.semantics);
  switch (o.reduction) {
    case 'sum':
    case 'none':
      return { divisor: 'none', sums: fw.sums };
    case 'mean_with_sample_weight':
      return { divisor: 'weights', sums: fw.sums };
    case 'mean':
      return { divisor: fw.meanDivisor, sums: fw.sums };
    case 'sum_over_batch_size':
      return { divisor: 'n', sums: fw.sums };
  }
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * Why `other` computes a different number from `ref` on data with these facts: each line names the
 * mechanism (clip at 1e-7, log clamp at −100, eps inside the log, float32, label smoothing, the
 * divisor) and only when the data reaches it. Empty when the two must agree.
 */
export function differenceReasons(ref: ResolvedOptions, other: ResolvedOptions, facts: ComparisonFacts): string[] {
  const reasons: string[] = [];
  if (ref.dtype !== other.dtype) {
    reasons.push(other.dtype === 'float32' ? 'float32 rounds every step (the default dtype of Keras and PyTorch)' : 'float64 does not round each step to float32');
    // The upper clip bound itself moves: Keras' 1 − 1e-7 is 1 − 1.19e-7 in float32.
    const guard = lossGuard(other);
    if (guard.kind === 'clip' && ref.semantics === other.semantics && !other.fromLogits && facts.maxPrediction >= 1 - guard.threshold) {
      const at1 = (o: ResolvedOptions) => makeElementLoss(o)(0, 1, 1);
      if (at1(other) !== at1(ref)) {
        const eps = guard.threshold === KERAS_EPSILON ? 'the clip 1 − 1e-7 is 1 − 1.19e-7' : 'the clip bound 1 − ε rounds';
        reasons.push(`in float32 ${eps}, so ŷ = 1 with y = 0 costs ${at1(other).toFixed(2)} instead of ${at1(ref).toFixed(2)}`);
      }
    }
  }
  if (ref.labelSmoothing !== other.labelSmoothing) {
    reasons.push(
      other.labelSmoothing === 0 && !framework(other.semantics).labelSmoothing
        ? `${title(other.semantics)} has no label smoothing for binary cross-entropy: raw labels`
        : `label smoothing ${other.labelSmoothing} moves the labels to ${1 - other.labelSmoothing / 2} and ${other.labelSmoothing / 2}`,
    );
  }
  if (ref.fromLogits !== other.fromLogits) {
    reasons.push(other.fromLogits ? 'reads the predictions as logits' : 'reads the predictions as probabilities');
  } else if (!ref.fromLogits && ref.semantics !== other.semantics) {
    reasons.push(...guardReasons(ref, other, facts));
  } else if (ref.fromLogits && (ref.posWeight ?? []).join() !== (other.posWeight ?? []).join()) {
    reasons.push(other.posWeight ? `pos_weight ${other.posWeight.join(', ')} scales the positive term` : `no pos_weight (${title(ref.semantics)} uses ${(ref.posWeight ?? []).join(', ')})`);
  }
  reasons.push(...reductionReasons(ref, other, facts));
  return reasons;
}

function guardReasons(ref: ResolvedOptions, other: ResolvedOptions, facts: ComparisonFacts): string[] {
  const reasons: string[] = [];
  const fwRef = framework(ref.semantics);
  const fwOther = framework(other.semantics);
  if (fwOther.ownStep && fwOther.ownStep !== fwRef.ownStep) reasons.push(fwOther.ownStep.has);
  if (fwRef.ownStep && fwOther.ownStep !== fwRef.ownStep) reasons.push(fwRef.ownStep.lacks);
  const gRef = lossGuard(ref);
  const gOther = lossGuard(other);
  const reaches = (threshold: number) => facts.minPrediction <= threshold || facts.maxPrediction >= 1 - threshold;
  const sameGuard = gRef.kind === gOther.kind && gRef.threshold === gOther.threshold;
  if (!sameGuard && (reaches(gRef.threshold) || reaches(gOther.threshold))) {
    const at = facts.minPrediction <= gRef.threshold || facts.minPrediction <= gOther.threshold ? '0' : '1';
    reasons.push(`${gOther.short} instead of ${gRef.short}: a prediction at ${at} costs up to ${gOther.maxLoss.toFixed(2)} instead of ${gRef.maxLoss.toFixed(2)}`);
  } else if (fwOther.guardNote && fwOther !== fwRef && !sameGuard) {
    reasons.push(fwOther.guardNote);
  }
  const dtypeRef = effectiveDtype(ref.semantics, ref.dtype);
  const dtypeOther = effectiveDtype(other.semantics, other.dtype);
  if (dtypeOther !== dtypeRef) reasons.push(`${title(other.semantics)} computes in ${dtypeOther}`);
  return reasons;
}

function reductionReasons(ref: ResolvedOptions, other: ResolvedOptions, facts: ComparisonFacts): string[] {
  const a = reductionShape(ref);
  const b = reductionShape(other);
  const reasons: string[] = [];
  const words = (d: 'n' | 'weights' | 'none') => (d === 'n' ? `N = ${facts.n}` : d === 'weights' ? `the sum of weights (Σw = ${formatNumber(facts.weightSum)})` : 'nothing');
  if (a.divisor !== b.divisor && facts.weighted) {
    reasons.push(`divides by ${words(b.divisor)} instead of ${words(a.divisor)}`);
  }
  if (a.divisor === 'none' && b.divisor === 'none' && a.sums !== b.sums && facts.labels > 1) {
    reasons.push(
      b.sums === 'elements'
        ? `sum adds all ${facts.labels} labels of each sample; ${title(ref.semantics)} sums the per-sample means`
        : `sums the per-sample means; ${title(ref.semantics)} adds all ${facts.labels} labels of each sample`,
    );
  }
  return reasons;
}

/** The comparison table: outcomes[i] belongs to variants[i]. */
export function compareSemantics(variants: readonly ComparisonVariant[], outcomes: readonly VariantOutcome[], facts: ComparisonFacts, note?: string): Comparison {
  const refIndex = variants.findIndex((v) => v.reference);
  const refOutcome = refIndex >= 0 ? outcomes[refIndex] : undefined;
  const ref = refOutcome && refOutcome.ok ? refOutcome : undefined;
  const rows = variants.map((v, i): ComparisonRow => {
    const base = { key: v.key, title: v.title, semantics: v.semantics, dtype: v.dtype };
    const out = outcomes[i];
    if (v.unsupported) return { ...base, relation: 'error', reason: v.unsupported };
    if (!out.ok) return { ...base, relation: 'error', reason: out.error };
    const row: ComparisonRow = { ...base, loss: out.loss, relation: 'reference' };
    if (v.reference || !ref) return row;
    row.delta = out.loss - ref.loss;
    const tolerance = ref.resolved.dtype === out.resolved.dtype ? out.resolved.dtype : undefined;
    const same = tolerance ? sameWithin(out.loss, ref.loss, tolerance) : out.loss === ref.loss;
    row.relation = same ? 'same' : 'differs';
    if (!same) {
      const reasons = differenceReasons(ref.resolved, out.resolved, facts);
      row.reason = reasons.length ? reasons.join('; ') : 'summation order and rounding';
    }
    return row;
  });
  return { rows, ...(note ? { note } : {}) };
}
