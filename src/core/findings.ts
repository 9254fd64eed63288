/**
 * Why the loss is what it is: the few causes behind most surprising losses (a sigmoid applied twice,
 * labels inverted, a constant predictor, a loss stuck at ln 2, leakage, class imbalance, clipping,
 * the (n,) against (n, 1) broadcast, an epsilon that changed between scikit-learn versions), each
 * with its evidence and the number it changes. In-memory inputs (computeLoss' arrays).
 */
import { computeLoss } from './computeLoss';
import { makeElementLoss } from './elementLoss';
import { findFramework, framework } from './frameworks/registry';
import type { LabelMetrics } from './inputMetrics';
import type { Label, LossInput } from './lossInput';
import { numberColumn, rowOf, scalarColumn } from './inputColumns';
import { lossGuard } from './lossCurve';
import type { LossOptions } from './options';
import { resolvedOf } from './compareSemantics';
import type { LossResult } from './result';

export type FindingCode =
  | 'sigmoid-twice'
  | 'probabilities-as-logits'
  | 'labels-inverted'
  | 'constant-predictor'
  | 'stuck-at-ln2'
  | 'leakage'
  | 'imbalance'
  | 'clip-dominated'
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

const SIGMOID_ONE = 1 / (1 + Math.exp(-1));
const fmt = (x: number) => Number(x.toPrecision(4)).toString();

/** The findings of a result computed by computeLoss(input, options); metrics of label 0 when there are (hard labels). */
export function findings(input: LossInput, options: LossOptions, result: LossResult, metrics?: readonly LabelMetrics[]): Finding[] {
  if (typeof result.loss !== 'number') return [];
  const loss = result.loss;
  const out: Finding[] = [];
  const o = resolvedOf(result);
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

  if (!o.fromLogits && flat.length >= 4 && min >= 0.5 && max <= SIGMOID_ONE) {
    // σ(σ(x)) lies in [σ(0), σ(1)]: undo one sigmoid and the probabilities are σ(x).
    const undo = (p: number) => Math.log(p) - Math.log1p(-p);
    const fixed = again({}, input.yPred instanceof Float64Array ? input.yPred.map(undo) : input.yPred.map((v) => (Array.isArray(v) ? v.map(undo) : undo(v as number))));
    out.push({
      code: 'sigmoid-twice',
      severity: 'warning',
      message: `every prediction lies in [0.5, 0.7311] = [σ(0), σ(1)]: a sigmoid applied twice (to probabilities, or in the model and again in the loss)? Without the second one the loss is ${fixed === undefined ? '—' : fmt(fixed)}`,
      evidence: { min, max, ...(fixed === undefined ? {} : { lossWithoutSecondSigmoid: fixed }) },
    });
  }
  if (o.fromLogits && options.fromLogits === true && min >= 0 && max <= 1) {
    const asProbabilities = again({ fromLogits: false });
    out.push({
      code: 'probabilities-as-logits',
      severity: 'warning',
      message: `from_logits is true but every prediction lies in [0, 1], which looks like probabilities; read as probabilities the loss is ${asProbabilities === undefined ? '—' : fmt(asProbabilities)}`,
      evidence: { min, max, ...(asProbabilities === undefined ? {} : { lossAsProbabilities: asProbabilities }) },
    });
  }
  if (max - min <= 1e-12 * Math.max(1, Math.abs(max))) {
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
  const m = metrics?.[0];
  if (m?.rocAuc !== undefined && m.rocAuc < 0.5) {
    const flip = (y: unknown): unknown => (Array.isArray(y) ? y.map(flip) : typeof y === 'number' ? 1 - y : typeof y === 'boolean' ? !y : y);
    const yTrue = input.yTrue;
    const flippedLabels = yTrue instanceof Float64Array ? yTrue.map((y) => 1 - y) : (yTrue.map(flip) as LossInput['yTrue']);
    const flipped = framework(o.semantics).classNames ? undefined : again({}, input.yPred, flippedLabels);
    out.push({
      code: 'labels-inverted',
      severity: 'warning',
      message: `ROC AUC is ${fmt(m.rocAuc)}, below 0.5: the predictions rank the classes backwards (labels swapped, or the probability of the other class)${flipped === undefined ? '' : `; with the labels flipped the loss is ${fmt(flipped)}`}`,
      evidence: { rocAuc: m.rocAuc, ...(flipped === undefined ? {} : { lossWithLabelsFlipped: flipped }) },
    });
  }
  if (m?.rocAuc === 1 && loss < 1e-3) {
    out.push({ code: 'leakage', severity: 'warning', message: `ROC AUC is 1 and the loss ${fmt(loss)}: a perfect separation this confident usually means the label leaked into the features, or the evaluation data is the training data`, evidence: { rocAuc: 1, loss } });
  }
  if (m && m.baseRate > 0 && m.baseRate < 1 && (m.baseRate < 0.1 || m.baseRate > 0.9)) {
    const positives = m.baseRate * m.weightSum;
    const negatives = m.weightSum - positives;
    const posWeight = negatives / positives;
    out.push({
      code: 'imbalance',
      severity: 'info',
      message: `${fmt(100 * m.baseRate)} % of the samples are positive: predicting the base rate already costs only ${fmt(m.baselineLoss)}; to weigh both classes alike use pos_weight = negatives / positives = ${fmt(posWeight)} (PyTorch BCEWithLogitsLoss)`,
      evidence: { baseRate: m.baseRate, posWeight, baselineLoss: m.baselineLoss },
    });
  }
  if (!o.fromLogits) {
    const guard = lossGuard(o);
    if (guard.kind !== 'stable') {
      const element = makeElementLoss(o);
      let clippedLoss = 0;
      let total = 0;
      let clipped = 0;
      const add = (y: number, p: number) => {
        if (!Number.isFinite(y)) return;
        const l = element(y, p, 1);
        total += l;
        if (p <= guard.threshold || p >= 1 - guard.threshold) {
          clippedLoss += l;
          clipped++;
        }
      };
      const yColumn = scalarColumn(input.yTrue);
      const pColumn = numberColumn(input.yPred);
      if (yColumn && pColumn) {
        // 1-D arrays, read in place.
        for (let i = 0; i < yColumn.length; i++) add(Number(yColumn[i]), pColumn[i]);
      } else {
        for (let i = 0; i < input.yTrue.length; i++) {
          const ys = rowOf<Label>(input.yTrue, i);
          rowOf<number>(input.yPred, i).forEach((p, j) => add(Number(ys[j]), p));
        }
      }
      if (total > 0 && clippedLoss / total > 0.5) {
        out.push({
          code: 'clip-dominated',
          severity: 'warning',
          message: `${fmt((100 * clippedLoss) / total)} % of the loss comes from ${clipped} prediction(s) at the guard (${guard.description}): the number says more about the epsilon than about the model`,
          evidence: { clipped, share: clippedLoss / total, threshold: guard.threshold },
        });
      }
    }
  }
  const oneD = input.yTrue.length > 0 && !Array.isArray(input.yTrue[0]) && !Array.isArray(input.yPred[0]);
  if (oneD && framework(o.semantics).broadcastsRanks) {
    // keras/src/losses/losses.py binary_crossentropy (the function, not the class) does not squeeze:
    // y_true (n,) against y_pred (n, 1) broadcasts to (n, n); its mean is over i, j of ℓ(y_j, p_i), linear in y_j.
    const element = makeElementLoss(o);
    const ys = Float64Array.from(input.yTrue as ArrayLike<Label>, (y) => Number(y));
    if (ys.every(Number.isFinite)) {
      const n = ys.length;
      const sy = ys.reduce((a, y) => a + y, 0);
      let sum = 0;
      const ps = input.yPred as ArrayLike<number>;
      for (let i = 0; i < ps.length; i++) sum += sy * element(1, ps[i], 1) + (n - sy) * element(0, ps[i], 1);
      const broadcast = sum / (n * n);
      if (Math.abs(broadcast - loss) > 0.01 * loss) out.push({
        code: 'broadcast-trap',
        severity: 'info',
        message: `1-D arrays are read as n samples of one label; keras.losses.binary_crossentropy(y_true, y_pred) on labels shaped (n,) and predictions shaped (n, 1), as a model outputs them, broadcasts to (n, n), and its mean is ${fmt(broadcast)} (the BinaryCrossentropy class reshapes first; PyTorch refuses): reshape the labels to (n, 1)`,
        evidence: { n, broadcastLoss: broadcast },
      });
    }
  }
  const previous = framework(o.semantics).previousVersion;
  if (previous) {
    const older = findFramework(previous);
    const old = again({ semantics: previous as LossOptions['semantics'] });
    if (older && old !== undefined && Math.abs(old - loss) > 1e-12 * Math.abs(loss)) {
      out.push({
        code: 'sklearn-version',
        severity: 'info',
        message: `${older.title} (${older.settingDescription.replace(/\.$/, '')}) gives ${fmt(old)} here, not ${fmt(loss)}: compare with the version that printed your number`,
        evidence: { [o.semantics]: loss, [previous]: old },
      });
    }
  }
  return out;
}
