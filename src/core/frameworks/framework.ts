import type { Dtype, Reduction } from '../numericTypes';
import type { SnippetRequest } from '../snippets/python';
import type { KernelMode } from '../wasm/kernelModes';

export type { Dtype, Reduction };

/** What an element formula depends on (the framework itself is the one the formula belongs to). */
export interface ElementOptions {
  fromLogits: boolean;
  labelSmoothing: number;
  dtype: Dtype;
}

/**
 * Loss of one element: y is the (raw) label, v the prediction (probability or logit), pw the
 * pos_weight of the element's label (1 when unused). Label smoothing is applied inside.
 */
export type ElementLoss = (y: number, v: number, pw: number) => number;

/**
 * What keeps log(0) away, as a framework does it. The panel draws it (the plateau of a clip) and
 * says it in words; the comparison uses `threshold` to tell whether the data reaches it.
 */
export interface LossGuard {
  kind: 'clip' | 'clamp' | 'stable';
  /** Predictions at or below `threshold` (or at or above 1 − threshold) hit the guard. */
  threshold: number;
  /** Loss of a y = 1 element whose prediction is 0 (label smoothing applied): the plateau height. */
  maxLoss: number;
  /** One line, e.g. "clips ŷ to [1e-7, 1 − 1e-7]". */
  description: string;
  /** The guard in a few words for the comparison's reasons, e.g. "clip at 1e-7" or "log clamp at −100". */
  short: string;
}

/** How a framework forms ŷ and the two logs of one probability, for the explain view. */
export interface ProbabilityTerms {
  /** The probability inside the logs. */
  yhat: number;
  yhatHow?: 'clip' | 'renormalised';
  logP: number;
  log1mP: number;
  logHow?: 'eps' | 'clamp';
}

/**
 * Everything one framework means by binary cross-entropy. One file per framework under
 * src/core/frameworks holds it; everything else asks the registry (registry.ts).
 */
export interface Framework {
  readonly id: string;
  /** "Keras 3", as the panel and the comparison name it. */
  readonly title: string;
  /** The versions this preset follows and where its formula is, e.g. "Keras 3.0–3.x: keras/src/losses/losses.py". */
  readonly source: string;
  /** One line for the settings' enum description (package.nls.json repeats it; a test keeps them equal). */
  readonly settingDescription: string;
  /** Refusal messages: what the framework does not take at all. */
  readonly refuses: {
    /** Set when it has no form for probabilities (e.g. optax takes logits). */
    readonly probabilities?: string;
    /** Set when it has no form for logits (e.g. scikit-learn's log_loss). */
    readonly logits?: string;
    /** Set when it takes no sample weights. */
    readonly sampleWeights?: string;
    /** Set when it takes one label per sample only. */
    readonly multiLabel?: string;
  };
  readonly labelSmoothing: boolean;
  readonly posWeight: boolean;
  /**
   * Labels are classes, as scikit-learn reads them: strings and booleans allowed, a soft label
   * refused, two prediction columns [P(0), P(1)] accepted, and both classes needed.
   */
  readonly classLabels: boolean;
  /**
   * Class names as scikit-learn's LabelBinarizer reads them: any two values, sorted, the larger
   * one positive; both must occur unless its `labels` argument names them (LossOptions.classes).
   * Without it, class labels are the indices 0 and 1 (Spark).
   */
  readonly classNames: boolean;
  readonly reductions: readonly Reduction[];
  readonly defaultReduction: Reduction;
  /** What its "mean" divides by: the sample count, or the sum of the sample weights. */
  readonly meanDivisor: 'n' | 'weights';
  /** A multi-label sample's loss: the mean over its labels (Keras), or each element counts alone (PyTorch). */
  readonly sums: 'samples' | 'elements';
  /** Words for its reductions where they differ from the common ones ("mean over elements"). */
  readonly reductionWords?: Partial<Record<Reduction, string>>;
  /**
   * Sample weights stored as float32 (gradient boosting keeps them as floats); 'product' when the
   * weighted loss w·ℓ is also a float32 product (XGBoost's EvalRow(…) * wt).
   */
  readonly float32Weights?: 'stored' | 'product';
  /** Set when the framework computes in one dtype whatever is asked (XGBoost's metric is float32). */
  readonly fixedDtype?: Dtype;
  /**
   * Words for the comparison about a step only this framework takes, whatever the data: `has`
   * when it is the other row's, `lacks` when it is the reference's (tf.keras 2's eps inside the log).
   */
  readonly ownStep?: { readonly has: string; readonly lacks: string };
  /** Its clip is followed by a renormalisation of [1 − ŷ, ŷ] (scikit-learn before 1.5). */
  readonly renormalises?: boolean;
  /**
   * Its functional form (keras.losses.binary_crossentropy) broadcasts labels shaped (n,) against
   * predictions shaped (n, 1) to (n, n) instead of refusing them.
   */
  readonly broadcastsRanks?: boolean;
  /** The id of the version before this one whose number differs on some data (the sklearn-version finding). */
  readonly previousVersion?: string;
  /** Words for the comparison when its guard differs but the data does not reach either guard. */
  readonly guardNote?: string;
  /** The WebAssembly hard-label kernel's mode for float64 probabilities, when the kernel has its formula. */
  readonly kernel?: KernelMode;
  elementLoss(o: ElementOptions): ElementLoss;
  /** For class labels: the loss of a sample with probability columns [P(class 0), P(class 1)]. */
  columnsLoss?(o: ElementOptions, y: number, q0: number, q1: number): number;
  /** The guard on probabilities (logits use the stable form everywhere). */
  probabilityGuard(o: ElementOptions): Omit<LossGuard, 'maxLoss'>;
  /** ŷ and the logs of one probability as the framework evaluates them. */
  probabilityTerms(o: ElementOptions, y: number, p: number): ProbabilityTerms;
  /** A Python snippet that prints the same number with the real library; absent where none exists. */
  snippet?(req: SnippetRequest): string[];
  /** The Python package a snippet needs, for the button's words ("keras", "torch"). */
  readonly snippetLibrary?: string;
}
