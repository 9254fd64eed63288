/**
 * Why the loss is what it is: the few causes behind most surprising losses (a sigmoid applied twice,
 * logits and probabilities mistaken for each other, labels inverted, a constant predictor, a loss
 * stuck at ln 2, leakage, class imbalance, clipping, non-finite logits, the (n,) against (n, 1)
 * broadcast, an epsilon that changed between scikit-learn versions), each with its evidence and the
 * number it changes. One decision (findingsOf) from FindingFacts, which arrays in memory (findings,
 * below) and streamed data files (inputs/files/findingLanes.ts) each gather their own way.
 */
import { computeLoss } from './computeLoss';
import { makeElementLoss } from './elementLoss';
import { findFramework, framework } from './frameworks/registry';
import type { LabelMetrics } from './inputMetrics';
import type { Label, LossInput } from './lossInput';
import { numberColumn, rowOf, scalarColumn } from './inputColumns';
import { logit, lossGuard } from './lossCurve';
import type { LossOptions, ResolvedOptions } from './options';
import { resolvedOf } from './compareSemantics';
import type { LossResult } from './result';

/**
 * ROC AUC clearly below chance: 2 standard errors under 0.5 (Hanley and McNeil's variance of the
 * AUC of a ranking unrelated to the labels, (P + N + 1) / (12 P N)), or at most 0.25 however few
 * the samples. A ranking unrelated to the labels lands just under 0.5 half the time: that is no
 * finding, and a data file would pay a second pass for its flipped-labels lane.
 */
export function ranksBackwards(m: Pick<LabelMetrics, 'rocAuc' | 'n' | 'baseRate'>): boolean {
  const auc = m.rocAuc;
  if (auc === undefined || !(auc < 0.5)) return false;
  if (auc <= 0.25) return true;
  const positives = m.n * m.baseRate;
  const negatives = m.n - positives;
  if (!(positives > 0 && negatives > 0)) return false;
  const standardError = Math.sqrt((positives + negatives + 1) / (12 * positives * negatives));
  return auc < 0.5 - 2 * standardError;
}

export type FindingCode =
  | 'sigmoid-twice'
  | 'probabilities-as-logits'
  | 'logits-as-probabilities'
  | 'labels-inverted'
  | 'constant-predictor'
  | 'stuck-at-ln2'
  | 'leakage'
  | 'imbalance'
  | 'clip-dominated'
  | 'nonfinite-logits'
  | 'broadcast-trap'
  | 'sklearn-version';

export interface Finding {
  code: FindingCode;
  severity: 'warning' | 'info';
  /** One line: what was seen, what it means, and the fix. */
  message: string;
  /** The numbers behind it. */
  evidence: Record<string, number | string>;
}

/**
 * The same data read another way, whose loss a finding shows: the extra sigmoid undone (p → logit p),
 * the labels flipped (y → 1 − y), the predictions read as probabilities or as logits, the
 * framework's previous version (scikit-learn's eps).
 */
export type Alternative = 'undo-sigmoid' | 'flip-labels' | 'as-probabilities' | 'as-logits' | 'previous-version';

/** Everything the findings are decided from. */
export interface FindingFacts {
  /** The loss of the chosen options, and the options as resolved. */
  loss: number;
  options: ResolvedOptions;
  /** fromLogits as the user chose it (true or false forced, or auto). */
  chosenFromLogits: LossOptions['fromLogits'];
  /** Predictions (samples × labels) and their range. */
  elements: number;
  minPrediction: number;
  maxPrediction: number;
  /** The predictions' column or variable is named as logits. */
  fromLogitsByName?: boolean;
  /** Label 0's metrics (hard labels only). */
  metrics?: LabelMetrics;
  /** Σ w·ℓ of the positive and of the negative elements (one label, hard labels). */
  classLoss?: { positive: number; negative: number };
  /** Elements at the framework's guard (probabilities only): how many, their Σ ℓ, and Σ ℓ of all elements. */
  clipped?: { count: number; loss: number; total: number };
  /** Predictions that were ±inf or NaN (rows skipped), and where the first was. */
  nonFinite?: { count: number; place: string };
  /** keras.losses.binary_crossentropy on (n,) labels against (n, 1) predictions (1-D arrays in memory). */
  broadcastLoss?: number;
  /** The loss of an alternative reading; undefined where it could not be computed. */
  lossAs: (a: Alternative) => number | undefined;
}

const SIGMOID_ONE = 1 / (1 + Math.exp(-1));
const fmt = (x: number) => Number(x.toPrecision(4)).toString();
/** Below this share of positives (or above 1 minus it), the classes are imbalanced. */
const IMBALANCE_RATE = 0.1;

/** Whether every prediction lies in [σ(0), σ(1)], as probabilities squeezed by a second sigmoid do. */
export function inSigmoidOfSigmoid(p: number): boolean {
  return p >= 0.5 && p <= SIGMOID_ONE;
}

/** The alternatives worth computing for these options, before the data is seen (a file's extra lanes). */
export function findingAlternatives(options: LossOptions): Alternative[] {
  const fw = framework(options.semantics);
  const out: Alternative[] = [];
  if (options.fromLogits !== true) out.push('undo-sigmoid');
  if (!fw.classNames) out.push('flip-labels');
  if (options.fromLogits === true) out.push('as-probabilities');
  if (options.fromLogits === false && !fw.refuses.logits) out.push('as-logits');
  if (fw.previousVersion) out.push('previous-version');
  return out;
}

/** The options an alternative is computed with (the same ones for the data-changing alternatives). */
export function alternativeOptions(options: LossOptions, a: Alternative): LossOptions {
  if (a === 'as-probabilities') return { ...options, fromLogits: false, posWeight: undefined };
  if (a === 'as-logits') return { ...options, fromLogits: true };
  if (a === 'previous-version') return { ...options, semantics: framework(options.semantics).previousVersion as LossOptions['semantics'] };
  return options;
}

/** The findings the facts show. */
export function findingsOf(f: FindingFacts): Finding[] {
  const { loss, options: o } = f;
  const out: Finding[] = [];
  const { minPrediction: min, maxPrediction: max } = f;
  const with_ = (key: string, v: number | undefined) => (v === undefined ? {} : { [key]: v });

  if (!o.fromLogits && f.elements >= 4 && inSigmoidOfSigmoid(min) && inSigmoidOfSigmoid(max)) {
    // σ(σ(x)) lies in [σ(0), σ(1)]: undo one sigmoid and the probabilities are σ(x).
    const fixed = f.lossAs('undo-sigmoid');
    out.push({
      code: 'sigmoid-twice',
      severity: 'warning',
      message: `every prediction lies in [0.5, 0.7311] = [σ(0), σ(1)]: a sigmoid applied twice (to probabilities, or in the model and again in the loss)? Without the second one the loss is ${fixed === undefined ? '—' : fmt(fixed)}`,
      evidence: { min, max, ...with_('lossWithoutSecondSigmoid', fixed) },
    });
  }
  if (o.fromLogits && f.chosenFromLogits === true && min >= 0 && max <= 1) {
    const asProbabilities = f.lossAs('as-probabilities');
    out.push({
      code: 'probabilities-as-logits',
      severity: 'warning',
      message: `from_logits is true but every prediction lies in [0, 1], which looks like probabilities; read as probabilities the loss is ${asProbabilities === undefined ? '—' : fmt(asProbabilities)}`,
      evidence: { min, max, ...with_('lossAsProbabilities', asProbabilities) },
    });
  }
  if (!o.fromLogits && f.chosenFromLogits === false && (min < 0 || max > 1 || f.fromLogitsByName)) {
    const asLogits = f.lossAs('as-logits');
    const why = min < 0 || max > 1 ? `predictions run from ${fmt(min)} to ${fmt(max)}, outside [0, 1] (they were clipped)` : 'the predictions are named logits';
    out.push({
      code: 'logits-as-probabilities',
      severity: 'warning',
      message: `from_logits is false but ${why}: these look like logits; read as logits the loss is ${asLogits === undefined ? '—' : fmt(asLogits)}`,
      evidence: { min, max, ...(f.fromLogitsByName ? { namedLogits: 'yes' } : {}), ...with_('lossAsLogits', asLogits) },
    });
  }
  if (f.elements > 0 && max - min <= 1e-12 * Math.max(1, Math.abs(max))) {
    out.push({ code: 'constant-predictor', severity: 'warning', message: `every prediction is ${fmt(min)}: the model ignores its input (a dead layer, a bias only, or a broken feature pipeline)`, evidence: { prediction: min } });
  }
  if (Math.abs(loss - Math.LN2) <= 0.01 * Math.LN2) {
    out.push({
      code: 'stuck-at-ln2',
      severity: 'warning',
      message: `the loss ${fmt(loss)} is within 1 % of ln 2 = 0.6931, the loss of predicting 0.5 for everything: a model that has not learned (learning rate, frozen weights, or labels unrelated to the inputs)`,
      evidence: { loss, ln2: Math.LN2 },
    });
  }
  const m = f.metrics;
  if (m?.rocAuc !== undefined && ranksBackwards(m)) {
    const flipped = f.lossAs('flip-labels');
    const bound = m.errorBound ? ` ± ${m.errorBound.rocAuc.toPrecision(2)}` : '';
    out.push({
      code: 'labels-inverted',
      severity: 'warning',
      message: `ROC AUC is ${fmt(m.rocAuc)}${bound}, clearly below 0.5: the predictions rank the classes backwards (labels swapped, or the probability of the other class)${flipped === undefined ? '' : `; with the labels flipped the loss is ${fmt(flipped)}`}`,
      evidence: { rocAuc: m.rocAuc, ...with_('lossWithLabelsFlipped', flipped) },
    });
  }
  if (m?.rocAuc === 1 && loss < 1e-3) {
    out.push({ code: 'leakage', severity: 'warning', message: `ROC AUC is 1 and the loss ${fmt(loss)}: a perfect separation this confident usually means the label leaked into the features, or the evaluation data is the training data`, evidence: { rocAuc: 1, loss } });
  }
  if (m && m.baseRate > 0 && m.baseRate < 1 && (m.baseRate < IMBALANCE_RATE || m.baseRate > 1 - IMBALANCE_RATE)) {
    const positives = m.baseRate * m.weightSum;
    const negatives = m.weightSum - positives;
    const posWeight = negatives / positives;
    // pos_weight multiplies each positive element's loss (BCEWithLogitsLoss with hard labels) and
    // leaves the divisor alone: the loss scales as (pw·L₊ + L₋) / (L₊ + L₋).
    const c = f.classLoss;
    const under = c && !o.posWeight && c.positive + c.negative > 0 ? (loss * (posWeight * c.positive + c.negative)) / (c.positive + c.negative) : undefined;
    out.push({
      code: 'imbalance',
      severity: 'info',
      message: `${fmt(100 * m.baseRate)} % of the samples are positive: predicting the base rate already costs only ${fmt(m.baselineLoss)}; to weigh both classes alike use pos_weight = negatives / positives = ${fmt(posWeight)} (PyTorch BCEWithLogitsLoss)${under === undefined ? '' : `, under which this loss is ${fmt(under)}`}`,
      evidence: { baseRate: m.baseRate, posWeight, baselineLoss: m.baselineLoss, ...with_('lossWithPosWeight', under) },
    });
  }
  const c = f.clipped;
  if (c && c.total > 0 && c.loss / c.total > 0.5) {
    const guard = lossGuard(o);
    out.push({
      code: 'clip-dominated',
      severity: 'warning',
      message: `${fmt((100 * c.loss) / c.total)} % of the loss comes from ${c.count} prediction(s) at the guard (${guard.description}): the number says more about the epsilon than about the model`,
      evidence: { clipped: c.count, share: c.loss / c.total, threshold: guard.threshold },
    });
  }
  if (f.nonFinite && f.nonFinite.count > 0) {
    out.push({
      code: 'nonfinite-logits',
      severity: 'warning',
      message: `${f.nonFinite.count} prediction(s) are ±inf or NaN (the first at ${f.nonFinite.place}); they were skipped here, but PyTorch's BCEWithLogitsLoss gives NaN for the whole batch on them (and Keras clips ±inf probabilities): find where the model overflows (a missing clamp, a log of 0, float16)`,
      evidence: { nonFinite: f.nonFinite.count, first: f.nonFinite.place, torchLoss: 'NaN' },
    });
  }
  if (f.broadcastLoss !== undefined && Math.abs(f.broadcastLoss - loss) > 0.01 * loss) {
    out.push({
      code: 'broadcast-trap',
      severity: 'info',
      message: `1-D arrays are read as n samples of one label; keras.losses.binary_crossentropy(y_true, y_pred) on labels shaped (n,) and predictions shaped (n, 1), as a model outputs them, broadcasts to (n, n), and its mean is ${fmt(f.broadcastLoss)} (the BinaryCrossentropy class reshapes first; PyTorch refuses): reshape the labels to (n, 1)`,
      evidence: { n: f.elements, broadcastLoss: f.broadcastLoss },
    });
  }
  const previous = framework(o.semantics).previousVersion;
  const older = previous ? findFramework(previous) : undefined;
  const old = older ? f.lossAs('previous-version') : undefined;
  if (older && previous && old !== undefined && Math.abs(old - loss) > 1e-12 * Math.abs(loss)) {
    out.push({
      code: 'sklearn-version',
      severity: 'info',
      message: `${older.title} (${older.settingDescription.replace(/\.$/, '')}) gives ${fmt(old)} here, not ${fmt(loss)}: compare with the version that printed your number`,
      evidence: { [o.semantics]: loss, [previous]: old },
    });
  }
  return out;
}

/** The findings of a result computed by computeLoss(input, options); metrics of label 0 when there are (hard labels). */
export function findings(input: LossInput, options: LossOptions, result: LossResult, metrics?: readonly LabelMetrics[], fromLogitsByName = false): Finding[] {
  if (typeof result.loss !== 'number') return [];
  const o = resolvedOf(result);
  // A typed 1-D array (a selection's bracket of numbers) is read in place.
  const flat: ArrayLike<number> = input.yPred instanceof Float64Array ? input.yPred : (input.yPred.flatMap((v) => (Array.isArray(v) ? v : [v])) as number[]);
  // A loop, not Math.min(...flat): a spread of 10^6 arguments overflows the stack.
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < flat.length; k++) {
    const v = flat[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const again = (over: Partial<LossOptions>, yPred = input.yPred, yTrue = input.yTrue): number | undefined => {
    try {
      const r = computeLoss({ ...input, yTrue, yPred }, { ...options, ...over });
      return typeof r.loss === 'number' ? r.loss : undefined;
    } catch {
      return undefined;
    }
  };
  const lossAs = (a: Alternative): number | undefined => {
    if (a === 'undo-sigmoid') return again({}, input.yPred instanceof Float64Array ? input.yPred.map(logit) : input.yPred.map((v) => (Array.isArray(v) ? v.map(logit) : logit(v as number))));
    if (a === 'flip-labels') {
      // Class names (scikit-learn's labels) have no flip of their own.
      if (framework(o.semantics).classNames) return undefined;
      const flip = (y: unknown): unknown => (Array.isArray(y) ? y.map(flip) : typeof y === 'number' ? 1 - y : typeof y === 'boolean' ? !y : y);
      return again({}, input.yPred, input.yTrue instanceof Float64Array ? input.yTrue.map((y) => 1 - y) : (input.yTrue.map(flip) as LossInput['yTrue']));
    }
    return again(alternativeOptions(options, a));
  };
  return findingsOf({
    loss: result.loss,
    options: o,
    chosenFromLogits: options.fromLogits,
    elements: flat.length,
    minPrediction: min,
    maxPrediction: max,
    fromLogitsByName,
    ...(metrics?.[0] ? { metrics: metrics[0] } : {}),
    ...elementFacts(input, o),
    ...broadcastFact(input, o),
    lossAs,
  });
}

/** Σ w·ℓ by class (one label) and the clipped elements' share, element by element. */
function elementFacts(input: LossInput, o: ResolvedOptions): Pick<FindingFacts, 'classLoss' | 'clipped'> {
  const element = makeElementLoss(o);
  const guard = lossGuard(o);
  const posWeight = (j: number) => (o.posWeight ? (o.posWeight.length === 1 ? o.posWeight[0] : o.posWeight[j]) : 1);
  let clippedLoss = 0;
  let total = 0;
  let clipped = 0;
  let positive = 0;
  let negative = 0;
  let oneLabel = true;
  const add = (y: number, p: number, l: number, w: number) => {
    total += l;
    if (y === 1) positive += w * l;
    else if (y === 0) negative += w * l;
    if (guard.kind !== 'stable' && (p <= guard.threshold || p >= 1 - guard.threshold)) {
      clippedLoss += l;
      clipped++;
    }
  };
  // 1-D arrays (a selection's brackets) element by element, without a row each: the same sums in the same order.
  const yColumn = scalarColumn(input.yTrue);
  const pColumn = yColumn && numberColumn(input.yPred);
  for (let i = 0; yColumn && pColumn && i < yColumn.length; i++) {
    const y = Number(yColumn[i]);
    if (!Number.isFinite(y)) continue;
    const p = pColumn[i];
    add(y, p, element(y, p, posWeight(0)), input.sampleWeight ? input.sampleWeight[i] : 1);
  }
  for (let i = 0; !(yColumn && pColumn) && i < input.yTrue.length; i++) {
    const ys = rowOf<Label>(input.yTrue, i).map((y) => Number(y));
    const ps = rowOf<number>(input.yPred, i);
    if (ys.length !== 1 || ps.length !== 1) oneLabel = false;
    const w = input.sampleWeight ? input.sampleWeight[i] : 1;
    ps.forEach((p, j) => {
      if (Number.isFinite(ys[j])) add(ys[j], p, element(ys[j], p, posWeight(j)), w);
    });
  }
  return {
    ...(oneLabel ? { classLoss: { positive, negative } } : {}),
    ...(guard.kind !== 'stable' ? { clipped: { count: clipped, loss: clippedLoss, total } } : {}),
  };
}

/**
 * keras/src/losses/losses.py binary_crossentropy (the function, not the class) does not squeeze:
 * y_true (n,) against y_pred (n, 1) broadcasts to (n, n); its mean is over i, j of ℓ(y_j, p_i), linear in y_j.
 */
function broadcastFact(input: LossInput, o: ResolvedOptions): Pick<FindingFacts, 'broadcastLoss'> {
  const oneD = input.yTrue.length > 0 && !Array.isArray(input.yTrue[0]) && !Array.isArray(input.yPred[0]);
  if (!oneD || !framework(o.semantics).broadcastsRanks) return {};
  const element = makeElementLoss(o);
  // Loops rather than from/every/reduce with a callback per element: the same sum, in the same order.
  const ys = input.yTrue instanceof Float64Array ? input.yTrue : Float64Array.from(input.yTrue as ArrayLike<Label>, (y) => Number(y));
  const n = ys.length;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ys[i])) return {};
    sy += ys[i];
  }
  let sum = 0;
  const ps = input.yPred as ArrayLike<number>;
  for (let i = 0; i < ps.length; i++) sum += sy * element(1, ps[i], 1) + (n - sy) * element(0, ps[i], 1);
  return { broadcastLoss: sum / (n * n) };
}
