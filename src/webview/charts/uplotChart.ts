/**
 * Draws a ChartSpec with uPlot: the lines are uPlot series (so zoom by dragging, reset by double
 * click, and a cursor readout come for free); density bars, markers and points are drawn in uPlot's
 * hooks on the same canvas, positioned with its scales. A legend below toggles series.
 */
import uPlot from 'uplot';
import { logit, sigmoid } from '../../core';
import { formatShort } from '../../shared/format';
import * as l10n from '@vscode/l10n';
import { append, h } from '../dom';
import { markerLabel, rangeWithStrip, thinTicks, type ChartSpec, type LineSeries, type Series } from './chartSpec';
import { densityAlpha, type Theme } from './theme';

/** Narrowest chart: fits a 360 px panel's card. */
const MIN_WIDTH = 240;

export interface ChartHandle {
  readonly root: HTMLElement;
  /** uPlot has drawn at least once onto a canvas of non-zero size. */
  drawn(): boolean;
  setWidth(width: number): void;
  destroy(): void;
}

export function renderChart(container: HTMLElement, spec: ChartSpec, theme: Theme, options: { height: number; onDraw?: () => void }): ChartHandle {
  const root = h('div', { class: 'chart' });
  const plotEl = h('div', { class: 'chart-plot' });
  const readout = h('div', { class: 'chart-readout', 'aria-hidden': 'true' }, '\u00a0');
  const legend = h('ul', { class: 'chart-legend', 'aria-label': l10n.t('Series (press to show or hide)') });
  append(root, plotEl, readout, legend);
  container.append(root);

  const lines = spec.series.filter((s): s is LineSeries => s.kind === 'line');
  const extras = spec.series.filter((s) => s.kind !== 'line');
  const hidden = new Set<Series>();
  const { xs, data } = alignedData(lines);
  const xLabel = tickLabel(spec.x.ticks);
  const clampP = (p: number) => Math.min(Math.max(p, spec.x.min), spec.x.max);
  let hasDrawn = false;

  const opts: uPlot.Options = {
    width: Math.max(container.clientWidth, MIN_WIDTH),
    height: options.height,
    legend: { show: false },
    cursor: { drag: { x: true, y: true, uni: 30, setScale: true }, points: { size: 7 } },
    scales: {
      x: {
        time: false,
        range: () => [spec.x.min, spec.x.max],
        ...(spec.x.scale === 'logit' ? { distr: 100, fwd: (p: number) => logit(clampP(p)), bwd: (t: number) => sigmoid(t) } : {}),
      },
      y: { range: () => rangeWithStrip(spec.y, spec.strip) },
    },
    axes: axesOf(spec, theme),
    series: [
      { label: spec.x.label },
      ...lines.map(
        (l): uPlot.Series => ({
          label: l.label,
          stroke: l.color,
          width: l.width,
          ...(l.dash ? { dash: l.dash } : {}),
          spanGaps: true,
          points: l.dots ? { show: true, size: 7, fill: l.color, stroke: theme.background } : { show: false },
        }),
      ),
    ],
    hooks: {
      drawAxes: [(u) => drawUnder(u, spec, theme)],
      draw: [
        (u) => {
          drawStrip(u, spec, extras, hidden, theme);
          drawOver(u, extras, hidden, theme);
          if (u.ctx.canvas.width > 0 && u.ctx.canvas.height > 0) hasDrawn = true;
          options.onDraw?.();
        },
      ],
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined) {
            readout.textContent = '\u00a0';
            return;
          }
          const parts = [`${spec.x.short ?? spec.x.label} ${xLabel(xs[i])}`];
          lines.forEach((l, k) => {
            if (hidden.has(l)) return;
            const v = data[k + 1][i];
            if (v !== null && v !== undefined) parts.push(`${l.label}: ${formatShort(v, 5)}`);
          });
          readout.textContent = parts.join(' · ');
        },
      ],
    },
  };
  const u = new uPlot(opts, data, plotEl);
  u.root.setAttribute('aria-hidden', 'true');

  // Legend: every series, as toggle buttons (keyboard reachable).
  for (const button of legendButtons(spec.series, hidden, (series, show) => {
    const li = lines.indexOf(series as LineSeries);
    if (li >= 0) u.setSeries(li + 1, { show });
    else u.redraw(false, false);
  })) {
    legend.append(h('li', {}, button));
  }

  return {
    root,
    drawn: () => hasDrawn && u.ctx.canvas.width > 0 && u.ctx.canvas.height > 0,
    setWidth: (width) => u.setSize({ width: Math.max(width, MIN_WIDTH), height: options.height }),
    destroy: () => {
      u.destroy();
      root.remove();
    },
  };
}

/** Saves the canvas state and clips drawing to the plot area; the caller restores. */
function clipToPlot(u: uPlot) {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  // Canvas pixels per CSS pixel, so line widths and fonts match uPlot's own.
  const ratio = ctx.canvas.width / Math.max(1, u.width);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  return { ctx, left, top, width, height, ratio };
}

/**
 * The strip under the loss axis: its own background (the curves do not run through it when
 * zoomed), the density bars on its own axis (share per bin), and that axis' ticks and name.
 */
function drawStrip(u: uPlot, spec: ChartSpec, extras: Series[], hidden: Set<Series>, theme: Theme): void {
  const strip = spec.strip;
  if (!strip) return;
  const { ctx, left, top, width, height, ratio } = clipToPlot(u);
  const bottom = top + height;
  const stripTop = bottom - height * strip.fraction;
  ctx.fillStyle = theme.background;
  ctx.fillRect(left, stripTop, width, bottom - stripTop);
  const room = (bottom - stripTop) * 0.88;
  for (const d of extras) {
    if (d.kind !== 'density' || hidden.has(d)) continue;
    ctx.fillStyle = d.color;
    ctx.strokeStyle = d.color;
    ctx.lineWidth = ratio;
    for (const b of d.bins) {
      const x0 = u.valToPos(b.x0, 'x', true);
      const x1 = u.valToPos(b.x1, 'x', true);
      const hgt = (b.share / strip.max) * room;
      ctx.globalAlpha = densityAlpha(theme);
      ctx.fillRect(x0, bottom - hgt, Math.max(x1 - x0, ratio), hgt);
      ctx.globalAlpha = 1;
      ctx.strokeRect(x0, bottom - hgt, Math.max(x1 - x0, ratio), hgt);
    }
  }
  ctx.strokeStyle = theme.muted;
  ctx.lineWidth = ratio;
  ctx.beginPath();
  ctx.moveTo(left, stripTop);
  ctx.lineTo(left + width, stripTop);
  ctx.stroke();
  ctx.font = `${theme.fontSize * ratio}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(strip.label, left + 4 * ratio, stripTop + 3 * ratio);
  ctx.restore();
  // The strip's ticks in the y axis' gutter, beside its top and bottom.
  ctx.save();
  ctx.font = `${theme.fontSize * ratio}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'right';
  for (const t of strip.ticks) {
    const y = bottom - (t.value / strip.max) * room;
    ctx.textBaseline = t.value === 0 ? 'bottom' : 'middle';
    ctx.fillText(t.label, left - 6 * ratio, y);
  }
  ctx.restore();
}

/** Markers, under the lines. */
function drawUnder(u: uPlot, spec: ChartSpec, theme: Theme): void {
  const { ctx, left, top, width, height, ratio } = clipToPlot(u);
  const band = spec.strip ? height * spec.strip.fraction : 0;
  const bottom = top + height;
  ctx.font = `${theme.fontSize * ratio}px ${theme.fontFamily}`;
  ctx.lineWidth = ratio;
  for (const m of spec.markers) {
    ctx.strokeStyle = m.color;
    ctx.fillStyle = m.color;
    ctx.setLineDash(m.dash.map((d) => d * ratio));
    ctx.beginPath();
    if (m.axis === 'x') {
      const x = u.valToPos(m.value, 'x', true);
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      const { align, dx, y } = markerLabel(m, x, { left, width, top, bottom: bottom - band }, theme.fontSize * ratio, ratio);
      ctx.textAlign = align;
      ctx.fillText(m.label, x + dx, y);
    } else {
      const y = u.valToPos(m.value, 'y', true);
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      ctx.textAlign = 'center';
      ctx.fillText(m.label, left + width * 0.2, y - 4 * ratio);
    }
  }
  ctx.setLineDash([]);
  ctx.restore();
}

/** The samples' points, over the lines. */
function drawOver(u: uPlot, extras: Series[], hidden: Set<Series>, theme: Theme): void {
  const { ctx, ratio } = clipToPlot(u);
  for (const s of extras) {
    if (s.kind !== 'points' || hidden.has(s)) continue;
    ctx.fillStyle = s.color;
    ctx.strokeStyle = theme.background;
    ctx.lineWidth = 0.75 * ratio;
    ctx.globalAlpha = 0.85;
    const r = s.radius * ratio;
    for (let i = 0; i < s.x.length; i++) {
      const x = u.valToPos(s.x[i], 'x', true);
      const y = u.valToPos(s.y[i], 'y', true);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
  ctx.restore();
}

/** uPlot's data: one x column shared by every line (each line's missing or non-finite values as gaps). */
function alignedData(lines: readonly LineSeries[]): { xs: number[]; data: uPlot.AlignedData } {
  const xs = [...new Set(lines.flatMap((l) => l.x))].sort((a, b) => a - b);
  const data: uPlot.AlignedData = [
    xs,
    ...lines.map((l) => {
      const at = new Map(l.x.map((x, i) => [x, l.y[i]]));
      return xs.map((x) => {
        const v = at.get(x);
        return v === undefined || v === null || !Number.isFinite(v) ? null : v;
      });
    }),
  ];
  return { xs, data };
}

/** A tick's label: the spec's own where it has one, else the value, short. */
function tickLabel(ticks: ChartSpec['x']['ticks']): (v: number) => string {
  const m = new Map(ticks.map((t) => [t.value, t.label]));
  return (v: number) => m.get(v) ?? formatShort(v, 4);
}

/** Both axes in the theme's font and colours, with the spec's ticks thinned to what fits. */
function axesOf(spec: ChartSpec, theme: Theme): uPlot.Axis[] {
  const font = `${theme.fontSize}px ${theme.fontFamily}`;
  const xLabel = tickLabel(spec.x.ticks);
  const yLabel = tickLabel(spec.y.ticks);
  return [
    {
      stroke: theme.muted,
      font,
      labelFont: font,
      label: spec.x.label,
      labelSize: theme.fontSize + 10,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
      splits: (u) => thinTicks(spec.x.ticks, (v) => u.valToPos(v, 'x'), theme.fontSize * 4.5).map((t) => t.value),
      // uPlot's default filter for distr ≥ 3 keeps only powers of ten: keep every chosen tick.
      filter: (_u, splits) => splits,
      values: (_u, splits) => splits.map(xLabel),
    },
    {
      stroke: theme.muted,
      font,
      labelFont: font,
      label: spec.y.label,
      labelSize: theme.fontSize + 10,
      size: 56,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
      splits: (u) => thinTicks(spec.y.ticks, (v) => u.valToPos(v, 'y'), theme.fontSize * 2).map((t) => t.value),
      filter: (_u, splits) => splits,
      values: (_u, splits) => splits.map(yLabel),
    },
  ];
}

/** A toggle button per series (aria-pressed), which hides or shows it through `toggle`. */
function legendButtons(series: readonly Series[], hidden: Set<Series>, toggle: (s: Series, show: boolean) => void): HTMLButtonElement[] {
  return series.map((s) => {
    const swatch = h('span', { class: `swatch swatch-${s.kind}` });
    swatch.style.setProperty('--swatch', s.color);
    if (s.kind === 'line' && s.dash) swatch.classList.add('dashed');
    const button = h('button', { type: 'button', class: 'legend-item', 'aria-pressed': 'true' }, swatch, s.label);
    button.addEventListener('click', () => {
      const show = hidden.has(s);
      if (show) hidden.delete(s);
      else hidden.add(s);
      button.setAttribute('aria-pressed', String(show));
      toggle(s, show);
    });
    return button;
  });
}
