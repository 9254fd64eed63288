import { BceError } from './errors';

export type Semantics = 'keras' | 'tf-keras2' | 'torch' | 'sklearn';
export type Reduction = 'sum_over_batch_size' | 'mean' | 'sum' | 'none' | 'mean_with_sample_weight';
export type Dtype = 'float64' | 'float32';
export type FromLogits = 'auto' | boolean;

export const SEMANTICS: readonly Semantics[] = ['keras', 'tf-keras2', 'torch', 'sklearn'];
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
}

/** Options after validation, with the framework's default reduction filled in and logits decided. */
export interface ResolvedOptions {
  semantics: Semantics;
  fromLogits: boolean;
  labelSmoothing: number;
  reduction: Reduction;
  posWeight?: readonly number[];
  dtype: Dtype;
}

export const DEFAULT_OPTIONS: LossOptions = {
  semantics: 'keras',
  fromLogits: 'auto',
  labelSmoothing: 0,
  dtype: 'float64',
};

interface PresetInfo {
  title: string;
  defaultReduction: Reduction;
  reductions: readonly Reduction[];
}

/** Reductions as each framework names them (Keras 3 accepts 'mean' as an alias of sum_over_batch_size). */
export const PRESETS: Readonly<Record<Semantics, PresetInfo>> = {
  keras: {
    title: 'Keras 3',
    defaultReduction: 'sum_over_batch_size',
    reductions: ['sum_over_batch_size', 'mean', 'sum', 'none', 'mean_with_sample_weight'],
  },
  'tf-keras2': {
    title: 'tf.keras 2',
    defaultReduction: 'sum_over_batch_size',
    reductions: ['sum_over_batch_size', 'sum', 'none'],
  },
  torch: {
    title: 'PyTorch',
    defaultReduction: 'mean',
    reductions: ['mean', 'sum', 'none'],
  },
  sklearn: {
    title: 'scikit-learn log_loss',
    defaultReduction: 'mean',
    reductions: ['mean', 'sum'],
  },
};

/** Validates options that do not depend on the data; fromLogits 'auto' is decided later by the caller. */
export function validateOptions(o: LossOptions): void {
  if (!SEMANTICS.includes(o.semantics)) {
    throw new BceError('option', `unknown semantics "${o.semantics}"; expected one of ${SEMANTICS.join(', ')}`);
  }
  if (!DTYPES.includes(o.dtype)) {
    throw new BceError('option', `unknown dtype "${o.dtype}"; expected float64 or float32`);
  }
  const preset = PRESETS[o.semantics];
  if (o.reduction !== undefined && !preset.reductions.includes(o.reduction)) {
    throw new BceError(
      'option',
      `reduction "${o.reduction}" is not one of ${preset.title}'s: ${preset.reductions.join(', ')}`,
    );
  }
  if (!Number.isFinite(o.labelSmoothing) || o.labelSmoothing < 0 || o.labelSmoothing > 1) {
    throw new BceError('option', `label smoothing must be a number in [0, 1], got ${o.labelSmoothing}`);
  }
  if (o.labelSmoothing > 0 && (o.semantics === 'torch' || o.semantics === 'sklearn')) {
    throw new BceError(
      'option',
      `${preset.title} has no label smoothing for binary cross-entropy; use keras or tf-keras2, or smooth the labels yourself`,
    );
  }
  if (o.semantics === 'sklearn' && o.fromLogits === true) {
    throw new BceError('option', 'scikit-learn log_loss takes probabilities, not logits; apply a sigmoid first or choose another semantics');
  }
  if (o.posWeight !== undefined) {
    if (o.semantics !== 'torch') {
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
  return o.reduction ?? PRESETS[o.semantics].defaultReduction;
}

/** One line that says in words what was computed, e.g. "Keras 3 · probabilities · label smoothing 0 · mean over batch". */
export function describeOptions(o: ResolvedOptions): string {
  const reductionWords: Record<Reduction, string> = {
    sum_over_batch_size: 'mean over batch',
    mean: o.semantics === 'torch' ? 'mean over elements' : o.semantics === 'sklearn' ? 'weighted mean' : 'mean over batch',
    sum: 'sum',
    none: 'per sample',
    mean_with_sample_weight: 'mean over sample weights',
  };
  const parts = [PRESETS[o.semantics].title, o.fromLogits ? 'logits' : 'probabilities'];
  if (o.semantics === 'keras' || o.semantics === 'tf-keras2') parts.push(`label smoothing ${o.labelSmoothing}`);
  if (o.posWeight) parts.push(`pos_weight ${o.posWeight.join(', ')}`);
  parts.push(reductionWords[o.reduction], o.dtype);
  return parts.join(' · ');
}
