import { KernelMode } from '../wasm/kernelModes';
import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import { weightedMean } from './traits';
import type { ElementOptions, Framework, ProbabilityTerms } from './framework';

const f = Math.fround;

/** np.finfo(dtype).eps, log_loss's eps="auto" from 1.2 (sklearn/metrics/_classification.py). */
export const SKLEARN_EPSILON = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7 } as const;
/** log_loss's default eps before 1.2 (sklearn 1.1 sklearn/metrics/_classification.py: `eps=1e-15`). */
export const SKLEARN_11_EPSILON = 1e-15;

const clip = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * The versions' steps for one sample with probability columns [q0, q1] (1-D input: [1 − p, p]):
 * 1.1 clips p before forming the columns, 1.2–1.4 clip both columns; both renormalise the
 * columns to sum 1; 1.5 and later clip and do not renormalise. −log of the true class's column.
 */
export type SklearnVersion = '1.1' | '1.2' | '1.5';

export function sklearnColumns(version: SklearnVersion, o: ElementOptions, y: number, q0: number, q1: number): number {
  const { c0, c1 } = clippedColumns(version, o, q0, q1);
  const r = o.dtype === 'float32' ? f : (x: number) => x;
  const c = y === 1 ? c1 : c0;
  if (version === '1.5') return -r(Math.log(c));
  return -r(Math.log(r(c / r(c0 + c1))));
}

function clippedColumns(version: SklearnVersion, o: ElementOptions, q0: number, q1: number): { c0: number; c1: number } {
  const r = o.dtype === 'float32' ? f : (x: number) => x;
  // float32 arrays clipped at Python floats stay float32: the bounds round (1 − 1e-15 becomes 1).
  const eps = r(version === '1.1' ? SKLEARN_11_EPSILON : SKLEARN_EPSILON[o.dtype]);
  const hi = r(1 - eps);
  return { c0: clip(r(q0), eps, hi), c1: clip(r(q1), eps, hi) };
}

/** 1-D y_pred as each version forms the columns: 1.1 clips p first, later versions append 1 − p first. */
function elementLoss(version: SklearnVersion) {
  return (o: ElementOptions) => {
    const r = o.dtype === 'float32' ? f : (x: number) => x;
    if (version === '1.1') {
      // Clipped once, before the columns exist: 1 − pc is not clipped again (at p = 1 it is 9.99e-16).
      const eps = r(SKLEARN_11_EPSILON);
      const hi = r(1 - SKLEARN_11_EPSILON);
      return (y: number, p: number) => {
        const c1 = clip(r(p), eps, hi);
        const c0 = r(1 - c1);
        return -r(Math.log(r((y === 1 ? c1 : c0) / r(c0 + c1))));
      };
    }
    // sklearnColumns(version, o, y, r(1 − r(p)), r(p)) with its bounds made once, not per element
    // (an object and a closure per element were a sixth of a selection's comparison, and a tenth of
    // a file worker's time).
    const eps = r(SKLEARN_EPSILON[o.dtype]);
    const hi = r(1 - eps);
    const renormalise = version !== '1.5';
    return (y: number, p: number) => {
      const q1 = r(p);
      const c0 = clip(r(r(1 - q1)), eps, hi);
      const c1 = clip(r(q1), eps, hi);
      const c = y === 1 ? c1 : c0;
      return renormalise ? -r(Math.log(r(c / r(c0 + c1)))) : -r(Math.log(c));
    };
  };
}

/** ŷ and the logs of one probability as the version evaluates them. */
export function sklearnTerms(version: SklearnVersion, o: ElementOptions, q0: number, q1: number): ProbabilityTerms {
  const { c0, c1 } = clippedColumns(version, o, q0, q1);
  const sum = version === '1.5' ? 1 : c0 + c1;
  const yhat = c1 / sum;
  const changed = yhat !== q1 || c0 / sum !== q0;
  return {
    yhat,
    ...(changed ? { yhatHow: version === '1.5' ? ('clip' as const) : ('renormalised' as const) } : {}),
    logP: Math.log(c1 / sum),
    log1mP: Math.log(c0 / sum),
  };
}

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  // sklearn wants y_true as classes (1-D) and y_pred as the positive-class probability or two columns.
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: false, numericLabels: false });
  const flatten = req.data.kind === 'file' ? ['y_true = np.ravel(y_true)', 'if y_pred.ndim == 2 and y_pred.shape[1] == 1:', '    y_pred = np.ravel(y_pred)'] : [];
  return pythonScript(req.data, ['import numpy as np', 'from sklearn.metrics import log_loss'], [...arrays.lines, ...flatten], [
    `print(log_loss(y_true, y_pred${arrays.weighted ? ', sample_weight=sample_weight' : ''}${o.reduction === 'sum' ? ', normalize=False' : ''}))`,
  ]);
}

const classes = {
  refuses: {
    logits: 'scikit-learn log_loss takes probabilities, not logits; apply a sigmoid first or choose another semantics',
    multiLabel: 'scikit-learn log_loss is for one binary label per sample; a 2-D y_true is multi-label',
  },
  ...weightedMean,
  classLabels: true,
  classNames: true,
  snippet,
  snippetLibrary: 'sklearn',
} as const;

function guard(version: SklearnVersion, o: ElementOptions) {
  const eps = version === '1.1' ? SKLEARN_11_EPSILON : SKLEARN_EPSILON[o.dtype];
  const e = eps.toExponential(1).replace('.0e', 'e');
  const then = version === '1.5' ? '' : ' and renormalises [1 − ŷ, ŷ]';
  return { kind: 'clip' as const, threshold: eps, description: `clips ŷ to [${e}, 1 − ${e}]${then}`, short: `clip at ${e}` };
}

export const sklearn = {
  id: 'sklearn',
  title: 'scikit-learn log_loss',
  source: 'scikit-learn 1.2–1.4: sklearn/metrics/_classification.py log_loss (eps="auto" = np.finfo(y_pred.dtype).eps, columns clipped then renormalised)',
  settingDescription: 'scikit-learn log_loss 1.2–1.4: clip at machine epsilon, renormalise; weighted mean; labels are classes.',
  ...classes,
  guardNote: 'scikit-learn renormalises [1 − ŷ, ŷ] after clipping at machine epsilon',
  renormalises: true,
  previousVersion: 'sklearn-1.1',
  kernel: KernelMode.ClipColumnsRenormalise,
  elementLoss: elementLoss('1.2'),
  columnsLoss: (o, y, q0, q1) => sklearnColumns('1.2', o, y, q0, q1),
  probabilityGuard: (o) => guard('1.2', o),
  probabilityTerms: (o, _y, p) => sklearnTerms('1.2', o, 1 - p, p),
} as const satisfies Framework;

export const sklearn11 = {
  id: 'sklearn-1.1',
  title: 'scikit-learn 1.1 log_loss',
  source: 'scikit-learn ≤ 1.1: sklearn/metrics/_classification.py log_loss (eps=1e-15; y_pred clipped, then [1 − p, p], then renormalised)',
  settingDescription: 'scikit-learn log_loss before 1.2: eps = 1e-15 clips ŷ first, then renormalises; weighted mean.',
  ...classes,
  guardNote: 'scikit-learn 1.1 clips ŷ at 1e-15, then renormalises [1 − ŷ, ŷ]',
  renormalises: true,
  elementLoss: elementLoss('1.1'),
  columnsLoss: (o, y, q0, q1) => sklearnColumns('1.1', o, y, q0, q1),
  probabilityGuard: (o) => guard('1.1', o),
  probabilityTerms: (_o, _y, p) => {
    const c1 = clip(p, SKLEARN_11_EPSILON, 1 - SKLEARN_11_EPSILON);
    const c0 = 1 - c1;
    const yhat = c1 / (c0 + c1);
    return { yhat, ...(yhat !== p ? { yhatHow: 'renormalised' as const } : {}), logP: Math.log(yhat), log1mP: Math.log(c0 / (c0 + c1)) };
  },
} as const satisfies Framework;

export const sklearn15 = {
  id: 'sklearn-1.5',
  title: 'scikit-learn 1.5+ log_loss',
  source: 'scikit-learn ≥ 1.5: sklearn/metrics/_classification.py log_loss (eps argument removed; columns clipped at np.finfo(dtype).eps, no renormalisation, a warning when rows do not sum to 1)',
  settingDescription: 'scikit-learn log_loss 1.5 and later: clip at machine epsilon, no renormalisation; weighted mean.',
  ...classes,
  guardNote: 'scikit-learn 1.5 clips each column at machine epsilon and does not renormalise',
  previousVersion: 'sklearn',
  elementLoss: elementLoss('1.5'),
  columnsLoss: (o, y, q0, q1) => sklearnColumns('1.5', o, y, q0, q1),
  probabilityGuard: (o) => guard('1.5', o),
  probabilityTerms: (o, _y, p) => sklearnTerms('1.5', o, 1 - p, p),
} as const satisfies Framework;
