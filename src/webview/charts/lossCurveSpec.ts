/**
 * The loss curve: BCE of one element against ŷ (or against the logit for logits) for y = 1 and
 * y = 0, under the result's semantics, with the guard (clip plateau, log clamp) and the label
 * smoothing shift marked, and the user's samples on it: every point of a small input, the
 * histogram as a density (plus the worst samples) for a large one. Pure.
 */
import { framework, describeCurve, logit, lossCurve, lossGuard, makeElementLoss, sigmoid, type LossCurve, type ResolvedOptions } from '../../core';
import * as l10n from '@vscode/l10n';
import { formatCount, formatShort } from '../../shared/format';
import { optionsOfView, type PanelView } from '../../shared/panelView';
import {
  logitProbabilityTicks,
  niceTicks,
  probabilityLabel,
  type ChartSpec,
  type DensitySeries,
  type LineSeries,
  type Marker,
  type PointSeries,
  type StripSpec,
} from './chartSpec';
import type { Theme } from './theme';

/** How the probability axis is spaced. */
export type XMode = 'logit' | 'linear';

/** The probability axis in log-odds spacing reaches ŷ = 1e-8 and 1 − 1e-8: past Keras' 1e-7 clip. */
export const LOGIT_AXIS_MIN = 1e-8;

/** A share as a percentage with two significant digits (12%, 3.4%, 0.052%). */
export function percentLabel(share: number): string {
  const p = share * 100;
  return `${p >= 10 ? Math.round(p) : Number(p.toPrecision(2))}%`;
}

/** The points of the user's samples: one per element, split by class (label ≥ 0.5 counts as 1). */
export function samplePoints(view: PanelView): { positive: { x: number[]; y: number[] }; negative: { x: number[]; y: number[] } } {
  const positive = { x: [] as number[], y: [] as number[] };
  const negative = { x: [] as number[], y: [] as number[] };
  const { samples } = view;
  const o = optionsOfView(view);
  const element = makeElementLoss(o);
  for (const row of samples.rows) {
    if (samples.twoColumns) {
      const target = row.y[0] >= 0.5 ? positive : negative;
      target.x.push(row.yPred[1]);
      target.y.push(row.loss);
      continue;
    }
    for (let j = 0; j < row.yPred.length; j++) {
      const yj = row.y[j];
      // Worst-sample rows carry only the sample's mean loss: recompute the element's own loss.
      const l = row.elements ? row.elements[j] : row.yPred.length === 1 ? row.loss : element(yj, row.yPred[j], o.posWeight?.[j] ?? o.posWeight?.[0] ?? 1);
      const target = yj >= 0.5 ? positive : negative;
      target.x.push(row.yPred[j]);
      target.y.push(l);
    }
  }
  return { positive, negative };
}

export function lossCurveSpec(view: PanelView, xMode: XMode, theme: Theme): ChartSpec {
  const o = optionsOfView(view);
  const r = view.result;
  const title = framework(o.semantics).title;
  const { x, curve } = curveAxis(view, xMode);
  const inRange = (v: number) => v >= x.min && v <= x.max;
  const lines = curveLines(curve, inRange, o.labelSmoothing, theme);
  const data = dataSeries(view, x, theme);
  const y = lossAxis(lines, data.points, o.fromLogits, xMode, x);
  const n = data.points.reduce((sum, p) => sum + p.x.length, 0);
  const summary = [
    o.fromLogits ? l10n.t('Loss of one element against the logit under {0}.', describeCurve(o)) : l10n.t('Loss of one element against the predicted probability under {0}.', describeCurve(o)),
    view.samples.kind === 'all'
      ? l10n.t('{0} elements of your data are plotted.', formatCount(n))
      : l10n.t('Density of {0} predictions, and the {1} worst samples.', formatCount(r.n * r.labels), view.samples.rows.length),
  ].join(' ');
  return {
    title: l10n.t('Loss curve · {0}', title),
    x,
    y,
    series: [...data.density, ...lines, ...data.points],
    markers: curveMarkers(o, curve, xMode, y.max, inRange, theme),
    ...(data.strip ? { strip: data.strip } : {}),
    summary,
    table: curveTable(o, x, title),
  };
}

/** The x axis (logits, or ŷ spaced linearly or in log-odds) and the curves computed over it. */
function curveAxis(view: PanelView, xMode: XMode): { x: ChartSpec['x']; curve: LossCurve } {
  const o = optionsOfView(view);
  const stats = view.result.stats;
  if (o.fromLogits) {
    const extent = Math.max(Math.abs(stats.minPrediction), Math.abs(stats.maxPrediction), 8);
    const R = Math.min(Math.ceil(extent * 1.1), 1e6);
    return { curve: lossCurve(o, { logitRange: [-R, R], points: 400 }), x: { label: l10n.t('logit x'), short: l10n.t('logit x'), min: -R, max: R, scale: 'linear', ticks: niceTicks(-R, R, 8) } };
  }
  const x: ChartSpec['x'] =
    xMode === 'logit'
      ? { label: l10n.t('predicted probability ŷ (log-odds spacing)'), short: 'ŷ', min: LOGIT_AXIS_MIN, max: 1 - LOGIT_AXIS_MIN, scale: 'logit', ticks: logitProbabilityTicks(LOGIT_AXIS_MIN, 1 - LOGIT_AXIS_MIN) }
      : { label: l10n.t('predicted probability ŷ'), short: 'ŷ', min: 0, max: 1, scale: 'linear', ticks: niceTicks(0, 1, 5, probabilityLabel) };
  return { curve: lossCurve(o, { points: 400 }), x };
}

/** The loss of y = 1 and of y = 0 where the axis shows them, and without smoothing when there is some. */
function curveLines(curve: LossCurve, inRange: (v: number) => boolean, smoothing: number, theme: Theme): LineSeries[] {
  const keep = curve.x.map(inRange);
  const pick = (ys: number[]) => ys.filter((_, i) => keep[i]);
  const cx = pick(curve.x);
  const lw = theme.lineWidth;
  const classLabel = (y: string, target: number) => (smoothing > 0 ? l10n.t('{0} (smoothed to {1})', y, formatShort(target, 4)) : y);
  const lines: LineSeries[] = [
    { kind: 'line', label: classLabel('y = 1', curve.targets.positive), color: theme.positive, width: lw, x: cx, y: pick(curve.positive) },
    { kind: 'line', label: classLabel('y = 0', curve.targets.negative), color: theme.negative, width: lw, x: cx, y: pick(curve.negative) },
  ];
  if (curve.unsmoothed) {
    lines.push(
      { kind: 'line', label: l10n.t('{0} without smoothing', 'y = 1'), color: theme.positive, width: Math.max(1, lw / 2), dash: [4, 4], x: cx, y: pick(curve.unsmoothed.positive) },
      { kind: 'line', label: l10n.t('{0} without smoothing', 'y = 0'), color: theme.negative, width: Math.max(1, lw / 2), dash: [4, 4], x: cx, y: pick(curve.unsmoothed.negative) },
    );
  }
  return lines;
}

/** The user's data: every element of a small input; a density in its own strip (and the worst samples) of a large one. */
function dataSeries(view: PanelView, x: ChartSpec['x'], theme: Theme): { points: PointSeries[]; density: DensitySeries[]; strip?: StripSpec } {
  const o = optionsOfView(view);
  const r = view.result;
  const { samples } = view;
  const points = samplePoints(view);
  const mapX = (v: number) => Math.min(Math.max(v, x.min), x.max);
  const few = points.positive.x.length + points.negative.x.length <= 200;
  const radius = (few ? 3.5 : 2.5) * (theme.lineWidth > 2 ? 1.3 : 1);
  const pointLabel = (y: string) => (samples.kind === 'all' ? l10n.t('samples, {0}', y) : l10n.t('{0} worst samples, {1}', samples.rows.length, y));
  const pointSeries: PointSeries[] = [];
  if (points.positive.x.length) pointSeries.push({ kind: 'points', label: pointLabel('y = 1'), color: theme.positive, radius, x: points.positive.x.map(mapX), y: points.positive.y });
  if (points.negative.x.length) pointSeries.push({ kind: 'points', label: pointLabel('y = 0'), color: theme.negative, radius, x: points.negative.x.map(mapX), y: points.negative.y });
  if (samples.kind !== 'worst') return { points: pointSeries, density: [] };
  const h = r.stats.histogram;
  const toAxis = (p: number) => (o.fromLogits ? mapX(p <= 0 ? -Infinity : p >= 1 ? Infinity : logit(p)) : mapX(p));
  const total = [...h.positive, ...h.negative].reduce((a, c) => a + c, 0);
  const bins = (counts: number[]) =>
    counts
      .map((count, i) => ({ x0: toAxis(h.edges[i]), x1: toAxis(h.edges[i + 1]), count, share: total > 0 ? count / total : 0 }))
      .filter((b) => b.count > 0 && b.x1 > b.x0);
  const shareOf = (y: string) => (r.labels > 1 ? l10n.t('ŷ of {0} (share of predictions)', y) : l10n.t('ŷ of {0} (share of samples)', y));
  const density: DensitySeries[] = [
    { kind: 'density', label: shareOf('y = 1'), color: theme.positive, bins: bins(h.positive) },
    { kind: 'density', label: shareOf('y = 0'), color: theme.negative, bins: bins(h.negative) },
  ];
  const max = Math.max(...density.flatMap((d) => d.bins.map((b) => b.share)), Number.MIN_VALUE);
  const strip: StripSpec = { label: r.labels > 1 ? l10n.t('share of predictions') : l10n.t('share of samples'), max, ticks: [{ value: 0, label: '0%' }, { value: max, label: percentLabel(max) }], fraction: 0.28 };
  return { points: pointSeries, density, strip };
}

/** The loss axis: the curves where the axis shows them (on a linear ŷ axis, away from the edges where they shoot up), and every point. */
function lossAxis(lines: readonly LineSeries[], points: readonly PointSeries[], fromLogits: boolean, xMode: XMode, x: ChartSpec['x']): ChartSpec['y'] {
  let yMax = 1;
  const bodyLimit = !fromLogits && xMode === 'linear' ? 0.005 : 0;
  for (const line of lines) {
    line.y.forEach((v, i) => {
      const xv = line.x[i];
      if (v !== null && Number.isFinite(v) && xv >= x.min + bodyLimit && xv <= x.max - bodyLimit) yMax = Math.max(yMax, v);
    });
  }
  for (const p of points) for (const v of p.y) if (Number.isFinite(v)) yMax = Math.max(yMax, v);
  yMax *= 1.06;
  return { label: l10n.t('loss of one element'), min: 0, max: yMax, scale: 'linear', ticks: niceTicks(0, yMax, 6) };
}

/** Where the framework clips, the largest loss its guard allows, and the smoothed targets. */
function curveMarkers(o: ResolvedOptions, curve: LossCurve, xMode: XMode, yMax: number, inRange: (v: number) => boolean, theme: Theme): Marker[] {
  const guard = lossGuard(o);
  const markers: Marker[] = [];
  if (!o.fromLogits && guard.kind === 'clip' && xMode === 'logit') {
    for (const t of [guard.threshold, 1 - guard.threshold]) {
      if (inRange(t)) markers.push({ axis: 'x', value: t, label: l10n.t('clip {0}', probabilityLabel(t)), color: theme.accent, dash: [2, 3], place: 'bottom' });
    }
  }
  if (guard.kind !== 'stable' && guard.maxLoss <= yMax) {
    markers.push({ axis: 'y', value: guard.maxLoss, label: l10n.t('max {0}', formatShort(guard.maxLoss, 4)), color: theme.accent, dash: [2, 3] });
  }
  if (o.labelSmoothing > 0) {
    for (const t of [curve.targets.positive, curve.targets.negative]) {
      const at = o.fromLogits ? logit(t) : t;
      if (inRange(at)) markers.push({ axis: 'x', value: at, label: l10n.t('target {0}', formatShort(t, 4)), color: theme.accent, dash: [6, 3], place: 'top' });
    }
  }
  return markers;
}

/** The table behind the chart: the curves at telling points. */
function curveTable(o: ResolvedOptions, x: ChartSpec['x'], title: string): NonNullable<ChartSpec['table']> {
  const at = o.fromLogits ? [-20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20].filter((v) => v >= x.min && v <= x.max) : [0, 1e-8, 1e-7, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-4, 1 - 1e-7, 1];
  const element = makeElementLoss(o);
  const pw = o.posWeight?.[0] ?? 1;
  const rows = at.map((v) => [o.fromLogits ? `${v} (ŷ = ${formatShort(sigmoid(v), 4)})` : probabilityLabel(v), formatShort(element(1, v, pw), 6), formatShort(element(0, v, pw), 6)]);
  const s = o.labelSmoothing;
  return {
    caption: s > 0 ? l10n.t('Loss of one element under {0} with label smoothing {1}', title, s) : l10n.t('Loss of one element under {0}', title),
    columns: [o.fromLogits ? l10n.t('logit x') : 'ŷ', l10n.t('loss, {0}', 'y = 1'), l10n.t('loss, {0}', 'y = 0')],
    rows,
  };
}
