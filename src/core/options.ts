import { BceError } from './errors';
import { findFramework, framework, SEMANTICS, type Semantics } from './frameworks/registry';
import type { Label } from './lossInput';
import type { Dtype, Reduction } from './numericTypes';

export type FromLogits = 'auto' | boolean;
export type { Dtype, Reduction, Semantics };
export { SEMANTICS };

export const DTYPES: readonly Dtype[] = ['float64', 'float32'];

export interface LossOptions {
  semantics: Semantics;
  /** 'auto': any prediction outside [0, 1] means logits. */
  fromLogits: FromLogits;
  labelSmoothing: number;
  /** Undefined means the framework's default. */
  reduction?: Reduction;
  /** PyTorch BCEWithLogitsLoss pos_weight: one entry per label, or one for all. */
  posWeight?: readonly number[];
  dtype: Dtype;
  /** scikit-learn's `labels` argument: the two classes, so data of one class still has a loss. */
  classes?: readonly Label[];
}

/** Options after validation, with the framework's default reduction filled in and logits decided. */
export interface ResolvedOptions {
  semantics: Semantics;
  fromLogits: boolean;
  labelSmoothing: number;
  reduction: Reduction;
  posWeight?: readonly number[];
  dtype: Dtype;
  classes?: readonly Label[];
}

export const DEFAULT_OPTIONS: LossOptions = {
  semantics: 'keras',
  fromLogits: 'auto',
  labelSmoothing: 0,
  dtype: 'float64',
};

/** Validates options that do not depend on the data; fromLogits 'auto' is decided later by the caller. */
export function validateOptions(o: LossOptions): void {
  const fw = findFramework(o.semantics);
  if (!fw) {
    throw new BceError('option', `unknown semantics "${o.semantics}"; expected one of ${SEMANTICS.join(', ')}`);
  }
  if (!DTYPES.includes(o.dtype)) {
    throw new BceError('option', `unknown dtype "${o.dtype}"; expected float64 or float32`);
  }
  if (o.reduction !== undefined && !fw.reductions.includes(o.reduction)) {
    throw new BceError('option', `reduction "${o.reduction}" is not one of ${fw.title}'s: ${fw.reductions.join(', ')}`);
  }
  if (!Number.isFinite(o.labelSmoothing) || o.labelSmoothing < 0 || o.labelSmoothing > 1) {
    throw new BceError('option', `label smoothing must be a number in [0, 1], got ${o.labelSmoothing}`);
  }
  if (o.labelSmoothing > 0 && !fw.labelSmoothing) {
    throw new BceError('option', `${fw.title} has no label smoothing for binary cross-entropy; use keras or tf-keras2, or smooth the labels yourself`);
  }
  if (o.fromLogits === true && fw.refuses.logits) throw new BceError('option', fw.refuses.logits);
  if (o.fromLogits === false && fw.refuses.probabilities) throw new BceError('option', fw.refuses.probabilities);
  if (o.classes !== undefined) {
    if (!fw.classNames) throw new BceError('option', `labels (the two classes) is an argument of scikit-learn's log_loss; ${fw.title} has none`);
    if (o.classes.length !== 2 || o.classes[0] === o.classes[1]) {
      throw new BceError('option', `labels must name two different classes, got ${JSON.stringify(o.classes)}`);
    }
  }
  if (o.posWeight !== undefined) {
    if (!fw.posWeight) {
      throw new BceError('option', 'pos_weight is an option of PyTorch BCEWithLogitsLoss; choose --semantics torch');
    }
    if (o.fromLogits === false) {
      throw new BceError('option', 'pos_weight exists only in BCEWithLogitsLoss (logits); BCELoss on probabilities has none');
    }
    if (o.posWeight.length === 0) throw new BceError('option', 'pos_weight is empty');
    o.posWeight.forEach((w, i) => {
      if (!Number.isFinite(w) || w < 0) {
        throw new BceError('weight', `pos_weight must be finite and ≥ 0, got ${w}`, { array: 'pos_weight', index: i });
      }
    });
  }
}

export function resolveReduction(o: LossOptions): Reduction {
  return o.reduction ?? framework(o.semantics).defaultReduction;
}

/** The dtype the framework computes in: the asked one, unless it has its own (XGBoost's float32). */
export function effectiveDtype(semantics: Semantics, asked: Dtype): Dtype {
  return framework(semantics).fixedDtype ?? asked;
}

/**
 * One line that says in words what was computed, e.g. "Keras 3 · probabilities · mean over batch ·
 * float64"; label smoothing is named only when it is used ("… · label smoothing 0.1 · …").
 */
export function describeOptions(o: ResolvedOptions): string {
  const fw = framework(o.semantics);
  const common: Record<Reduction, string> = {
    sum_over_batch_size: 'mean over batch',
    mean: 'mean over batch',
    sum: 'sum',
    none: 'per sample',
    mean_with_sample_weight: 'mean over sample weights',
  };
  const parts = [fw.title, o.fromLogits ? 'logits' : 'probabilities'];
  if (fw.labelSmoothing && o.labelSmoothing !== 0) parts.push(`label smoothing ${o.labelSmoothing}`);
  if (o.posWeight) parts.push(`pos_weight ${o.posWeight.join(', ')}`);
  parts.push(fw.reductionWords?.[o.reduction] ?? common[o.reduction], o.dtype);
  return parts.join(' · ');
}
