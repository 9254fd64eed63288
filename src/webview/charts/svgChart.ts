/**
 * A ChartSpec as a standalone SVG document (for "Save as SVG", and rasterised for PNG): axes,
 * grid, density bars, lines, points, markers and a legend, in the given theme's colours. Pure.
 */
import { logit } from '../../core';
import { markerLabel, thinTicks, type ChartSpec, type LineSeries } from './chartSpec';
import { densityAlpha, type Theme } from './theme';

export interface SvgSize {
  width: number;
  height: number;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function num(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}

/** Maps axis values to pixels, in log-odds for a logit probability axis (clamped to the axis). */
export function axisMapper(axis: ChartSpec['x'], from: number, to: number): (v: number) => number {
  const f = axis.scale === 'logit' ? (v: number) => logit(Math.min(Math.max(v, axis.min), axis.max)) : (v: number) => v;
  const a = f(axis.min);
  const b = f(axis.max);
  return (v) => from + ((f(v) - a) / (b - a)) * (to - from);
}

/** Legend entries laid out in rows that fit the width: [x, y, series index]. */
function legendLayout(labels: string[], width: number, left: number, charWidth: number): { x: number; row: number }[] {
  const out: { x: number; row: number }[] = [];
  let x = left;
  let row = 0;
  for (const label of labels) {
    const w = 26 + label.length * charWidth + 18;
    if (x + w > width - 8 && x > left) {
      row++;
      x = left;
    }
    out.push({ x, row });
    x += w;
  }
  return out;
}

export function chartToSvg(spec: ChartSpec, theme: Theme, size: SvgSize = { width: 960, height: 540 }): string {
  const { width, height } = size;
  const fs = theme.fontSize;
  const charWidth = fs * 0.56;
  const legendLabels = spec.series.map((s) => s.label);
  const layout = legendLayout(legendLabels, width, 64, charWidth);
  const legendRows = layout.length ? Math.max(...layout.map((l) => l.row)) + 1 : 0;
  const margin = { top: fs * 2.6, right: 24, bottom: fs * 5 + 10 + legendRows * (fs + 8), left: 64 };
  const plot = { left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom };
  const X = axisMapper(spec.x, plot.left, plot.right);
  // The densities' strip takes the bottom of the plot; the loss axis the rest.
  const band = spec.strip ? (plot.bottom - plot.top) * spec.strip.fraction : 0;
  const lossBottom = plot.bottom - band;
  const Y = axisMapper(spec.y, lossBottom, plot.top);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(theme.fontFamily)}" font-size="${fs}">`,
    `<title>${esc(spec.title)}</title>`,
    `<desc>${esc(spec.summary)}</desc>`,
    `<rect width="100%" height="100%" fill="${esc(theme.background)}"/>`,
    `<text x="${plot.left}" y="${num(fs * 1.6)}" fill="${esc(theme.foreground)}" font-size="${fs + 2}" font-weight="600">${esc(spec.title)}</text>`,
    `<defs><clipPath id="plot"><rect x="${num(plot.left)}" y="${num(plot.top)}" width="${num(plot.right - plot.left)}" height="${num(plot.bottom - plot.top)}"/></clipPath></defs>`,
  );

  // Grid and ticks.
  const xTicks = thinTicks(spec.x.ticks, X, fs * 4.5);
  const yTicks = thinTicks(spec.y.ticks, Y, fs * 2);
  for (const t of xTicks) {
    const px = num(X(t.value));
    out.push(`<line x1="${px}" y1="${num(plot.top)}" x2="${px}" y2="${num(plot.bottom)}" stroke="${esc(theme.grid)}" stroke-width="1"/>`);
    out.push(`<text x="${px}" y="${num(plot.bottom + fs + 6)}" fill="${esc(theme.muted)}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  for (const t of yTicks) {
    const py = num(Y(t.value));
    out.push(`<line x1="${num(plot.left)}" y1="${py}" x2="${num(plot.right)}" y2="${py}" stroke="${esc(theme.grid)}" stroke-width="1"/>`);
    out.push(`<text x="${num(plot.left - 8)}" y="${num(Y(t.value) + fs * 0.35)}" fill="${esc(theme.muted)}" text-anchor="end">${esc(t.label)}</text>`);
  }
  out.push(`<rect x="${num(plot.left)}" y="${num(plot.top)}" width="${num(plot.right - plot.left)}" height="${num(plot.bottom - plot.top)}" fill="none" stroke="${esc(theme.grid)}"/>`);
  out.push(`<text x="${num((plot.left + plot.right) / 2)}" y="${num(plot.bottom + fs * 2.7)}" fill="${esc(theme.foreground)}" text-anchor="middle">${esc(spec.x.label)}</text>`);
  out.push(
    `<text transform="translate(${num(fs * 1.1)} ${num((plot.top + plot.bottom) / 2)}) rotate(-90)" fill="${esc(theme.foreground)}" text-anchor="middle">${esc(spec.y.label)}</text>`,
  );

  out.push('<g clip-path="url(#plot)">');
  // The densities in their strip, on its own axis (share per bin).
  const strip = spec.strip;
  if (strip) {
    const room = band * 0.88;
    for (const d of spec.series) {
      if (d.kind !== 'density') continue;
      for (const b of d.bins) {
        const x0 = X(b.x0);
        const x1 = X(b.x1);
        const h = (b.share / strip.max) * room;
        out.push(
          `<rect x="${num(x0)}" y="${num(plot.bottom - h)}" width="${num(Math.max(x1 - x0, 1))}" height="${num(h)}" fill="${esc(d.color)}" fill-opacity="${densityAlpha(theme)}" stroke="${esc(d.color)}" stroke-width="1"/>`,
        );
      }
    }
  }
  for (const m of spec.markers) {
    const dash = m.dash.join(' ');
    if (m.axis === 'x') {
      const px = num(X(m.value));
      const where = markerLabel(m, X(m.value), { left: plot.left, width: plot.right - plot.left, top: plot.top, bottom: lossBottom }, fs, 1);
      const anchor = where.align === 'right' ? 'end' : where.align === 'center' ? 'middle' : 'start';
      out.push(`<line x1="${px}" y1="${num(plot.top)}" x2="${px}" y2="${num(plot.bottom)}" stroke="${esc(m.color)}" stroke-dasharray="${dash}"/>`);
      out.push(`<text x="${num(X(m.value) + where.dx)}" y="${num(where.y)}" fill="${esc(m.color)}" text-anchor="${anchor}">${esc(m.label)}</text>`);
    } else {
      const py = num(Y(m.value));
      out.push(`<line x1="${num(plot.left)}" y1="${py}" x2="${num(plot.right)}" y2="${py}" stroke="${esc(m.color)}" stroke-dasharray="${dash}"/>`);
      out.push(`<text x="${num(plot.left + (plot.right - plot.left) * 0.2)}" y="${num(Y(m.value) - 4)}" fill="${esc(m.color)}" text-anchor="middle">${esc(m.label)}</text>`);
    }
  }
  for (const s of spec.series) {
    if (s.kind === 'line') out.push(...linePath(s, X, Y, theme));
    else if (s.kind === 'points') {
      out.push(`<g fill="${esc(s.color)}" fill-opacity="0.85" stroke="${esc(theme.background)}" stroke-width="0.75">`);
      s.x.forEach((xv, i) => {
        const yv = s.y[i];
        if (Number.isFinite(xv) && Number.isFinite(yv)) out.push(`<circle cx="${num(X(xv))}" cy="${num(Y(yv))}" r="${num(s.radius)}"/>`);
      });
      out.push('</g>');
    }
  }
  out.push('</g>');
  if (strip) {
    out.push(`<line x1="${num(plot.left)}" y1="${num(lossBottom)}" x2="${num(plot.right)}" y2="${num(lossBottom)}" stroke="${esc(theme.muted)}"/>`);
    out.push(`<text x="${num(plot.left + 4)}" y="${num(lossBottom + fs + 2)}" fill="${esc(theme.muted)}">${esc(strip.label)}</text>`);
    for (const t of strip.ticks) {
      const y = plot.bottom - (t.value / strip.max) * band * 0.88;
      out.push(`<text x="${num(plot.left - 8)}" y="${num(t.value === 0 ? y - 2 : y + fs * 0.35)}" fill="${esc(theme.muted)}" text-anchor="end">${esc(t.label)}</text>`);
    }
  }

  // Legend.
  const legendTop = height - legendRows * (fs + 8) - 6;
  spec.series.forEach((s, i) => {
    const { x, row } = layout[i];
    const y = legendTop + row * (fs + 8);
    const mid = y + fs * 0.35 - fs * 0.3;
    if (s.kind === 'line') {
      out.push(`<line x1="${num(x)}" y1="${num(mid)}" x2="${num(x + 20)}" y2="${num(mid)}" stroke="${esc(s.color)}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`);
    } else if (s.kind === 'points') {
      out.push(`<circle cx="${num(x + 10)}" cy="${num(mid)}" r="4" fill="${esc(s.color)}"/>`);
    } else {
      out.push(`<rect x="${num(x + 2)}" y="${num(mid - 5)}" width="16" height="10" fill="${esc(s.color)}" fill-opacity="${densityAlpha(theme)}" stroke="${esc(s.color)}"/>`);
    }
    out.push(`<text x="${num(x + 26)}" y="${num(y + fs * 0.35)}" fill="${esc(theme.foreground)}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

function linePath(s: LineSeries, X: (v: number) => number, Y: (v: number) => number, theme: Theme): string[] {
  const parts: string[] = [];
  let pen = false;
  s.x.forEach((xv, i) => {
    const yv = s.y[i];
    if (yv === null || !Number.isFinite(yv) || !Number.isFinite(xv)) {
      pen = false;
      return;
    }
    // Clamp far-off values so the path stays finite; the clip path hides them.
    const py = Math.max(Math.min(Y(yv), 1e6), -1e6);
    parts.push(`${pen ? 'L' : 'M'}${num(X(xv))} ${num(py)}`);
    pen = true;
  });
  const out = [`<path d="${parts.join(' ')}" fill="none" stroke="${esc(s.color)}" stroke-width="${s.width}" stroke-linejoin="round"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`];
  if (s.dots) {
    s.x.forEach((xv, i) => {
      const yv = s.y[i];
      if (yv !== null && Number.isFinite(yv)) out.push(`<circle cx="${num(X(xv))}" cy="${num(Y(yv))}" r="3.5" fill="${esc(s.color)}" stroke="${esc(theme.background)}"/>`);
    });
  }
  return out;
}
