/** The webview's entry point (bundled to dist/webview.js; uPlot's CSS is emitted beside it as dist/webview.css). */
import 'uplot/dist/uPlot.min.css';
import * as l10n from '@vscode/l10n';
import { App } from './app';
import { useTranslations } from './translations';

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  useTranslations(root);
  try {
    new App(root);
  } catch (e) {
    root.textContent = l10n.t('BCE Lens could not start its panel: {0}', (e as Error).message);
    throw e;
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
