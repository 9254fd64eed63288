import { columnsLoss, makeElementLoss } from './elementLoss';
import { framework } from './frameworks/registry';
import { sigmoid } from './lossCurve';
import type { ResolvedOptions } from './options';

/**
 * One element's term −[y·log ŷ + (1−y)·log(1−ŷ)] with the numbers the framework actually uses:
 * the smoothed label, the clipped (or sigmoid) prediction and the guarded logs. `loss` is the
 * element loss itself (makeElementLoss), so what the panel explains is what was summed.
 */
export interface ElementExplanation {
  /** The label as given (0/1, or soft). */
  y: number;
  /** The label after label smoothing (equal to y without smoothing). */
  yUsed: number;
  /** The prediction as given: a probability or a logit. */
  input: number;
  /** The probability inside the logs. */
  yhat: number;
  /** How ŷ came from the input, when it is not the input itself: "clip", "σ(x)" or "renormalised". */
  yhatHow?: 'clip' | 'sigmoid' | 'renormalised';
  /** The two logs as the framework evaluates them (eps added or clamped). */
  logP: number;
  log1mP: number;
  /** What guards the logs: tf.keras 2's eps inside, PyTorch's clamp at −100 (only when it acted). */
  logHow?: 'eps' | 'clamp';
  /** pos_weight applied to the positive term (PyTorch logits), when not 1. */
  posWeight?: number;
  loss: number;
}

export function explainElement(o: ResolvedOptions, y: number, v: number, pw = 1): ElementExplanation {
  const s = o.labelSmoothing;
  const yUsed = s !== 0 ? y * (1 - s) + 0.5 * s : y;
  const loss = makeElementLoss(o)(y, v, pw);
  const base = { y, yUsed, input: v, loss, ...(pw !== 1 ? { posWeight: pw } : {}) };
  if (o.fromLogits) {
    // log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x), in the stable form.
    const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    return { ...base, yhat: sigmoid(v), yhatHow: 'sigmoid', logP: -softplus(-v), log1mP: -softplus(v) };
  }
  return { ...base, ...framework(o.semantics).probabilityTerms(o, y, v) };
}

/** A class-label framework's term for the columns [q0, q1] (scikit-learn's two-column y_pred). */
export function explainSklearnColumns(o: ResolvedOptions, y: number, q0: number, q1: number, input = q1): ElementExplanation {
  const fw = framework(o.semantics);
  // Columns clipped (and renormalised where the version does): the log of each column, as for 1 − ŷ and ŷ.
  const c0 = columnsLoss(o, 0, q0, q1);
  const c1 = columnsLoss(o, 1, q0, q1);
  const yhat = Math.exp(-c1);
  const changed = yhat !== q1 || Math.exp(-c0) !== q0;
  return {
    y,
    yUsed: y,
    input,
    yhat,
    ...(changed ? { yhatHow: fw.renormalises ? ('renormalised' as const) : ('clip' as const) } : {}),
    logP: -c1,
    log1mP: -c0,
    loss: columnsLoss(o, y, q0, q1),
  };
}

/** Short number for formulas: up to 4 significant digits, exponent form for tiny ones. */
export function formulaNumber(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e6) return x.toExponential(3).replace(/\.?0+e/, 'e');
  // Just below 1 (a clipped 1 − 1e-7): say how far below, since 4 digits would round it to 1.
  if (x > 0.9999 && x < 1) return `1 - ${(1 - x).toExponential(3).replace(/\.?0+e/, 'e')}`;
  return Number(x.toPrecision(4)).toString();
}

/** A formula number with a typographic minus, in parentheses when negative: "(−0.9163)". */
function signed(x: number): string {
  const t = formulaNumber(x).replace(/-/g, '−');
  return x < 0 ? `(${t})` : t;
}

/** "1 − 1e−7" needs parentheses after log. */
function paren(t: string): string {
  return t.includes(' ') ? `(${t})` : t;
}

/**
 * The term with the user's numbers, first as the framework writes it, then evaluated:
 * "−[1·log 0.4 + 0·log 0.6] = −[1·(−0.9163) + 0·(−0.5108)] = 0.9163".
 */
export function formatTerm(e: ElementExplanation): string {
  const n = (x: number) => formulaNumber(x).replace(/-/g, '−');
  const pw = e.posWeight !== undefined ? `${n(e.posWeight)}·` : '';
  const y = n(e.yUsed);
  const ny = n(1 - e.yUsed);
  let logs: [string, string];
  if (e.yhatHow === 'sigmoid') logs = [`log σ(${n(e.input)})`, `log(1 − σ(${n(e.input)}))`];
  else if (e.logHow === 'eps') logs = [`log(${n(e.yhat)} + 1e−7)`, `log(${n(1 - e.yhat)} + 1e−7)`];
  else if (e.logHow === 'clamp') logs = [`max(log ${n(e.yhat)}, −100)`, `max(log ${n(1 - e.yhat)}, −100)`];
  else logs = [`log ${paren(n(e.yhat))}`, `log ${paren(n(1 - e.yhat))}`];
  return `−[${pw}${y}·${logs[0]} + ${ny}·${logs[1]}] = −[${pw}${y}·${signed(e.logP)} + ${ny}·${signed(e.log1mP)}] = ${n(e.loss)}`;
}

/**
 * The reduction in numbers: how the per-sample losses (wᵢ·ℓᵢ) become the loss, showing at most
 * `maxTerms` terms, e.g. "(0.9163 + 0.7136) / 2 = 0.8149".
 */
export function explainReduction(
  o: Pick<ResolvedOptions, 'semantics' | 'reduction'>,
  samples: readonly { loss: number; weight: number }[],
  labels: number,
  loss: number,
  maxTerms = 12,
): string {
  const n = formulaNumber;
  const weighted = samples.some((s) => s.weight !== 1);
  // torch sums elements: Σ w·Σⱼ ℓᵢⱼ = Σ w·L·ℓᵢ, where ℓᵢ is the sample's mean over labels.
  const fw = framework(o.semantics);
  const perSample = fw.sums === 'elements' && labels > 1 ? labels : 1;
  const terms = samples.slice(0, maxTerms).map((s) => {
    const l = n(s.loss * perSample);
    return weighted ? `${n(s.weight)}·${l}` : l;
  });
  const more = samples.length > maxTerms ? ` + … (${samples.length - maxTerms} more)` : '';
  const sum = `${terms.join(' + ')}${more}`;
  const N = samples.length;
  const weightSum = samples.reduce((a, s) => a + s.weight, 0);
  let divisor: string;
  switch (o.reduction) {
    case 'sum':
    case 'none':
      return `${sum} = ${n(loss)}`;
    case 'mean_with_sample_weight':
      divisor = `${n(weightSum)} (Σw)`;
      break;
    case 'mean':
      divisor = fw.meanDivisor === 'weights' ? `${n(weightSum)} (Σw)` : fw.sums === 'elements' ? `${N * labels} (elements)` : `${N}`;
      break;
    case 'sum_over_batch_size':
      divisor = `${N}`;
      break;
  }
  return `(${sum}) / ${divisor} = ${n(loss)}`;
}
