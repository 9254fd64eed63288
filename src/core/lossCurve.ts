import { makeElementLoss } from './elementLoss';
import type { LossGuard } from './frameworks/framework';
import { framework } from './frameworks/registry';
import type { ResolvedOptions } from './options';

export type { LossGuard };

export interface LossCurve {
  /** 'probability': x is ŷ in [0, 1]; 'logit': x is the logit. */
  axis: 'probability' | 'logit';
  x: number[];
  /** Element loss with label 1 and label 0 at each x (label smoothing applied, as the framework does). */
  positive: number[];
  negative: number[];
  /** The same curves without label smoothing, present only when smoothing is on (to show the shift). */
  unsmoothed?: { positive: number[]; negative: number[] };
  /** Labels after smoothing: the y = 1 curve is lowest where ŷ = targets.positive. */
  targets: { positive: number; negative: number };
  guard: LossGuard;
}

/** Smallest probability the curve grid reaches (logit ≈ ±25.3), below every guard threshold but torch's. */
export const CURVE_MIN_PROBABILITY = 1e-11;

/** The guard of the options' semantics (probabilities or logits). */
export function lossGuard(o: ResolvedOptions): LossGuard {
  // With label smoothing the plateau is lower: the smoothed label is below 1.
  const loss = makeElementLoss(o);
  if (o.fromLogits) {
    return {
      kind: 'stable',
      threshold: 0,
      maxLoss: Infinity,
      description: 'uses the stable form max(x, 0) − x·y + log(1 + e^−|x|): no clipping, the loss grows linearly with the logit',
      short: 'the stable logits form',
    };
  }
  return { ...framework(o.semantics).probabilityGuard(o), maxLoss: loss(1, 0, 1) };
}

/** 1e-7, 2.2e-16: one decimal only where it says something. */
export function formatEps(eps: number): string {
  return eps.toExponential(1).replace('.0e', 'e');
}

/** σ(t) without overflow for large |t|. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** log(p / (1 − p)); ±Infinity at 0 and 1. */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/**
 * Probabilities to draw the curve at: evenly spaced in log-odds (so the clip plateau near 0 and 1
 * gets points), evenly spaced in ŷ (so a linear axis looks smooth), and the points where the curve
 * bends: 0, 1, the guard threshold, and the smoothed targets.
 */
export function probabilityGrid(o: ResolvedOptions, points = 400): number[] {
  const set = new Set<number>([0, 1]);
  const tMax = logit(1 - CURVE_MIN_PROBABILITY);
  for (let k = 0; k <= points; k++) set.add(sigmoid(-tMax + (2 * tMax * k) / points));
  for (let k = 0; k <= points; k++) set.add(k / points);
  const guard = lossGuard(o);
  if (guard.kind === 'clip') {
    for (const t of [guard.threshold, 1 - guard.threshold]) set.add(t);
  }
  const s = o.labelSmoothing;
  if (s > 0) {
    set.add(s / 2);
    set.add(1 - s / 2);
  }
  return [...set].filter((p) => p >= 0 && p <= 1).sort((a, b) => a - b);
}

/** The loss of one element against ŷ (probabilities) or against the logit (logits), for y = 1 and y = 0. */
export function lossCurve(o: ResolvedOptions, options: { points?: number; logitRange?: readonly [number, number] } = {}): LossCurve {
  const points = options.points ?? 400;
  const axis = o.fromLogits ? 'logit' : 'probability';
  let x: number[];
  if (axis === 'probability') x = probabilityGrid(o, points);
  else {
    const [lo, hi] = options.logitRange ?? [-20, 20];
    x = Array.from({ length: points + 1 }, (_, k) => lo + ((hi - lo) * k) / points);
    if (lo < 0 && hi > 0 && !x.includes(0)) x.push(0);
    x.sort((a, b) => a - b);
  }
  const pw = o.posWeight && o.posWeight.length > 0 ? o.posWeight[0] : 1;
  const loss = makeElementLoss(o);
  const curve: LossCurve = {
    axis,
    x,
    positive: x.map((v) => loss(1, v, pw)),
    negative: x.map((v) => loss(0, v, pw)),
    targets: { positive: 1 - o.labelSmoothing / 2, negative: o.labelSmoothing / 2 },
    guard: lossGuard(o),
  };
  if (o.labelSmoothing > 0) {
    const plain = makeElementLoss({ ...o, labelSmoothing: 0 });
    curve.unsmoothed = { positive: x.map((v) => plain(1, v, pw)), negative: x.map((v) => plain(0, v, pw)) };
  }
  return curve;
}

/** One line under the chart saying what the curve shows, e.g. "Keras 3 clips ŷ to [1e-7, 1 − 1e-7]: at most 16.12 per element". */
export function describeCurve(o: ResolvedOptions): string {
  const guard = lossGuard(o);
  const title = framework(o.semantics).title;
  const parts = [`${title} ${guard.description}`];
  if (guard.kind !== 'stable') parts[0] += `: at most ${guard.maxLoss.toFixed(2)} per element`;
  if (o.labelSmoothing > 0) {
    const s = o.labelSmoothing;
    parts.push(`label smoothing ${s} moves the targets to ${1 - s / 2} and ${s / 2}, so even a perfect prediction costs more than 0`);
  }
  return parts.join('; ');
}
