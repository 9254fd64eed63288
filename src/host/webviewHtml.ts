/**
 * The panel's HTML shell: a strict CSP with a nonce, the bundled script and styles, and the
 * translations the webview's own strings need (the same l10n bundle as the host's). Pure: unit-tested.
 */
import { L10N_ATTRIBUTE, type L10nBundle } from '../shared/pageL10n';

export interface HtmlParts {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  /** asWebviewUri strings */
  script: string;
  styles: readonly string[];
  /** VS Code's display language (vscode.env.language): the page's lang. */
  language: string;
  /** vscode.l10n.bundle: the translations of the display language; undefined in English. */
  l10n: L10nBundle | undefined;
  /** Shown until the script has drawn the panel (already translated by the host). */
  loading: string;
}


/** 32 random alphanumerics: a fresh nonce for every page load. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * No inline script or style, no eval: script-src only the nonce, style-src only the extension's own
 * files (uPlot and the panel set element styles through the CSSOM, which the CSP allows). Images
 * as data: and blob: URLs only, for the chart export. Nothing else may load.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function panelHtml(p: HtmlParts): string {
  // An attribute, not a script: the CSP allows no inline script, and the page needs the words at
  // once (no message round trip before the first draw). '<' and '"' are escaped by attr().
  const l10n = p.l10n ? ` ${L10N_ATTRIBUTE}="${attr(JSON.stringify(p.l10n))}"` : '';
  const links = p.styles.map((href) => `<link rel="stylesheet" href="${attr(href)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="${attr(p.language)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>BCE Lens</title>
  </head>
  <body>
    <main id="app" aria-busy="true"${l10n}>
      <p class="placeholder">${attr(p.loading)}</p>
    </main>
    <script nonce="${attr(p.nonce)}" src="${attr(p.script)}"></script>
  </body>
</html>
`;
}
