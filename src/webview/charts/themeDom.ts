/** Reads the chart theme from VS Code's --vscode-* variables, and watches for theme switches. */
import { FALLBACKS, type Theme } from './theme';

function themeKind(body: HTMLElement): Theme['kind'] {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const body = document.body;
  const kind = themeKind(body);
  const fallback = FALLBACKS[kind];
  const style = getComputedStyle(body);
  const v = (name: string, dflt: string) => style.getPropertyValue(name).trim() || dflt;
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  const fontSize = parseFloat(v('--vscode-font-size', '')) || fallback.fontSize;
  return {
    kind,
    background: v('--vscode-editor-background', fallback.background),
    foreground: v('--vscode-editor-foreground', v('--vscode-foreground', fallback.foreground)),
    muted: hc ? v('--vscode-foreground', fallback.muted) : v('--vscode-descriptionForeground', fallback.muted),
    grid: hc ? v('--vscode-contrastBorder', fallback.grid) : v('--vscode-charts-lines', v('--vscode-editorWidget-border', fallback.grid)),
    positive: v('--vscode-charts-blue', fallback.positive),
    negative: v('--vscode-charts-orange', fallback.negative),
    accent: v('--vscode-charts-purple', fallback.accent),
    train: v('--vscode-charts-blue', fallback.train),
    validation: v('--vscode-charts-orange', fallback.validation),
    fontFamily: v('--vscode-font-family', fallback.fontFamily),
    fontSize: Math.min(Math.max(fontSize - 1, 10), 16),
    lineWidth: hc ? 3 : 2,
  };
}

/**
 * Calls back when VS Code switches the colour theme: it swaps the body's vscode-* classes and
 * rewrites the variables in the style attribute of <html>; watch both.
 */
export function observeTheme(onChange: () => void): () => void {
  let last = JSON.stringify(readTheme());
  const check = () => {
    const now = JSON.stringify(readTheme());
    if (now !== last) {
      last = now;
      onChange();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
