/**
 * Chart colours. A canvas cannot use var(--vscode-*), so the colours are read from the computed
 * style of <body> (see readTheme in themeDom.ts) and read again when VS Code switches themes.
 * LIGHT_EXPORT is the fixed palette of the "light background" export.
 */
export interface Theme {
  kind: 'dark' | 'light' | 'high-contrast' | 'high-contrast-light';
  background: string;
  foreground: string;
  /** Axis labels, captions. */
  muted: string;
  grid: string;
  /** y = 1 and y = 0 (blue / orange: distinguishable with the common colour-vision deficiencies). */
  positive: string;
  negative: string;
  /** Guard and smoothing markers. */
  accent: string;
  /** Loss-per-epoch lines. */
  train: string;
  validation: string;
  fontFamily: string;
  fontSize: number;
  /** CSS pixels; thicker in high contrast. */
  lineWidth: number;
}

export const LIGHT_EXPORT: Theme = {
  kind: 'light',
  background: '#ffffff',
  foreground: '#1f1f1f',
  muted: '#5a5a5a',
  grid: '#e1e1e1',
  positive: '#1a6fd6',
  negative: '#d1600a',
  accent: '#8a3fbf',
  train: '#1a6fd6',
  validation: '#d1600a',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif',
  fontSize: 12,
  lineWidth: 2,
};

/** Fallbacks per theme kind, for variables a theme does not define. */
export const FALLBACKS: Record<Theme['kind'], Theme> = {
  dark: {
    kind: 'dark',
    background: '#1f1f1f',
    foreground: '#cccccc',
    muted: '#9d9d9d',
    grid: '#3c3c3c',
    positive: '#3794ff',
    negative: '#d18616',
    accent: '#b180d7',
    train: '#3794ff',
    validation: '#d18616',
    fontFamily: 'system-ui, sans-serif',
    fontSize: 12,
    lineWidth: 2,
  },
  light: LIGHT_EXPORT,
  'high-contrast': {
    kind: 'high-contrast',
    background: '#000000',
    foreground: '#ffffff',
    muted: '#ffffff',
    grid: '#6fc3df',
    positive: '#3794ff',
    negative: '#ffa500',
    accent: '#ff66ff',
    train: '#3794ff',
    validation: '#ffa500',
    fontFamily: 'system-ui, sans-serif',
    fontSize: 13,
    lineWidth: 3,
  },
  'high-contrast-light': {
    kind: 'high-contrast-light',
    background: '#ffffff',
    foreground: '#000000',
    muted: '#000000',
    grid: '#0f4a85',
    positive: '#0f4a85',
    negative: '#b5200d',
    accent: '#5b1f8f',
    train: '#0f4a85',
    validation: '#b5200d',
    fontFamily: 'system-ui, sans-serif',
    fontSize: 13,
    lineWidth: 3,
  },
};

/** How opaque density bars are filled (they are outlined in the full colour too): more in high-contrast themes. */
export function densityAlpha(theme: Theme): number {
  return theme.kind.startsWith('high-contrast') ? 0.6 : 0.35;
}
