/**
 * A chart described as data: axes with their ticks, lines, points, density bars and markers. The
 * same spec is drawn by uPlot on screen and written as SVG (and PNG) for export, so both show the
 * same thing; and it is what the unit tests check. Pure.
 */

export interface Tick {
  value: number;
  label: string;
  /** Lower is more important: when ticks crowd, renderers keep the important ones (see thinTicks). */
  priority?: number;
}

export interface AxisSpec {
  label: string;
  /** The axis' name in the cursor readout, when shorter than `label` ("ŷ"). */
  short?: string;
  min: number;
  max: number;
  /** 'logit': a probability axis spaced in log-odds (the clip plateaus near 0 and 1 get room). */
  scale: 'linear' | 'logit';
  ticks: Tick[];
}

export interface LineSeries {
  kind: 'line';
  label: string;
  color: string;
  width: number;
  dash?: number[];
  x: number[];
  y: (number | null)[];
  /** Draw a dot at every point (few points, e.g. epochs). */
  dots?: boolean;
}

export interface PointSeries {
  kind: 'points';
  label: string;
  color: string;
  /** Radius in CSS pixels. */
  radius: number;
  x: number[];
  y: number[];
}

/** A histogram drawn in the strip under the plot, on the strip's own axis (ChartSpec.strip). */
export interface DensitySeries {
  kind: 'density';
  label: string;
  color: string;
  /** Bins in x units (already mapped to the axis, e.g. logits); `share` is count ÷ all predictions. */
  bins: { x0: number; x1: number; count: number; share: number }[];
}

/**
 * The strip under the plot where the densities are drawn, with an axis of its own (share of the
 * samples per bin, 0 to `max`): they are never read against the loss axis.
 */
export interface StripSpec {
  label: string;
  max: number;
  ticks: Tick[];
  /** Fraction of the plot's height the strip takes, below the loss axis' 0. */
  fraction: number;
}

/** The loss axis' range once the strip is under it: the strip lies below `min`, in the same pixels at every width. */
export function rangeWithStrip(y: AxisSpec, strip: StripSpec | undefined): [number, number] {
  if (!strip) return [y.min, y.max];
  return [y.min - ((y.max - y.min) * strip.fraction) / (1 - strip.fraction), y.max];
}

export interface Marker {
  axis: 'x' | 'y';
  /** Where a vertical marker's label goes: low on the inner side (edges), or high on the outer side. */
  place?: 'bottom' | 'top';
  value: number;
  label: string;
  color: string;
  dash: number[];
}

export type Series = LineSeries | PointSeries | DensitySeries;

export interface ChartSpec {
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  series: Series[];
  markers: Marker[];
  /** Where the densities are drawn, when there are any. */
  strip?: StripSpec;
  /** What the chart shows, for screen readers (aria-label) and under the chart. */
  summary: string;
  /** The chart as a table (every chart has one behind it). */
  table: { caption: string; columns: string[]; rows: string[][] };
}

/** About `count` round ticks over [min, max] (1, 2, 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 6, format: (v: number) => string = defaultTickLabel): Tick[] {
  if (!(max > min)) return [{ value: min, label: format(min) }];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: Tick[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) {
    const value = Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12));
    ticks.push({ value, label: format(value) });
  }
  return ticks;
}

export function defaultTickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(6)));
}

/** Probability tick labels: "1e-7", "0.5", "1−1e-7". */
export function probabilityLabel(p: number): string {
  if (p === 0 || p === 1 || p === 0.5) return String(p);
  if (p < 0.001) return p.toExponential(0);
  if (p > 0.999) return `1−${(1 - p).toExponential(0)}`;
  return String(Number(p.toPrecision(3)));
}

/** The ticks of a log-odds-spaced probability axis; the clip points 1e-7 and 1 − 1e-7 rank high. */
export function logitProbabilityTicks(min: number, max: number): Tick[] {
  const candidates: [number, number][] = [
    [0.5, 0],
    [0.1, 1],
    [0.9, 1],
    [1e-7, 1],
    [1 - 1e-7, 1],
    [0.01, 2],
    [0.99, 2],
    [1e-4, 3],
    [1 - 1e-4, 3],
    [1e-8, 4],
    [1 - 1e-8, 4],
    [1e-3, 5],
    [0.999, 5],
    [1e-6, 6],
    [1 - 1e-6, 6],
  ];
  return candidates
    .filter(([p]) => p >= min * (1 - 1e-9) && 1 - p >= (1 - max) * (1 - 1e-9))
    .sort((a, b) => a[0] - b[0])
    .map(([p, priority]) => ({ value: p, label: probabilityLabel(p), priority }));
}

/**
 * The ticks that fit: taken by priority, each kept only if it is at least `gap` pixels from those
 * already kept (`toPx` maps a value to its pixel position). Returned in axis order.
 */
export function thinTicks(ticks: readonly Tick[], toPx: (v: number) => number, gap: number): Tick[] {
  const kept: { tick: Tick; px: number }[] = [];
  const order = ticks.map((t, i) => ({ t, i })).sort((a, b) => (a.t.priority ?? 0) - (b.t.priority ?? 0) || a.i - b.i);
  for (const { t } of order) {
    const px = toPx(t.value);
    if (kept.every((k) => Math.abs(k.px - px) >= gap)) kept.push({ tick: t, px });
  }
  return kept.sort((a, b) => a.px - b.px).map((k) => k.tick);
}

/**
 * Where a vertical marker's label goes: near the bottom on the inner side of the line (markers
 * near the edges, like the clip points), or near the top on the outer side (markers near the
 * middle, like the smoothed targets, which come in pairs around ŷ = 0.5).
 */
export function markerLabel(m: Marker, x: number, box: { left: number; width: number; top: number; bottom: number }, fontPx: number, ratio: number): { align: 'left' | 'right' | 'center'; dx: number; y: number } {
  const rightHalf = x > box.left + box.width / 2;
  if (m.place === 'top') return { align: rightHalf ? 'left' : 'right', dx: (rightHalf ? 4 : -4) * ratio, y: box.top + fontPx + 2 * ratio };
  return { align: rightHalf ? 'right' : 'left', dx: (rightHalf ? -4 : 4) * ratio, y: box.bottom - 6 * ratio };
}
