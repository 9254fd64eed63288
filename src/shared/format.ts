/** Number formats shared by the panel, the status bar and the copied text, so they agree. */

/**
 * A loss for display: 7 significant digits (what float32 holds), trailing zeros trimmed, exponent
 * form outside [1e-4, 1e6), ASCII only so parseFloat reads it back. The full value goes into
 * tooltips and copies.
 */
export function formatLoss(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e6) return x.toExponential(6).replace(/\.?0+e/, 'e');
  return trimZeros(x.toPrecision(7));
}

/** Shorter, for tables and axis labels: 5 significant digits. */
export function formatShort(x: number | null | undefined, digits = 5): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e7) return x.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return trimZeros(x.toPrecision(digits));
}

/** A signed difference, e.g. "+2.3e−8" or "−0.0012". */
export function formatDelta(x: number): string {
  if (x === 0) return '0';
  const sign = x > 0 ? '+' : '−';
  const a = Math.abs(x);
  const body = a < 1e-3 || a >= 1e6 ? a.toExponential(1).replace('e-', 'e−') : trimZeros(a.toPrecision(3));
  return sign + body;
}

/** Thousands separated with thin spaces, e.g. 10 000 000 (locale-free so tests and copies are stable). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = Math.round(Math.abs(n)).toString();
  const grouped = s.length <= 4 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  return (n < 0 ? '−' : '') + grouped;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return '< 1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function trimZeros(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}
