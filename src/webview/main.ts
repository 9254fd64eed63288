/** The webview's entry point (bundled to dist/webview.js; uPlot's CSS is emitted beside it as dist/webview.css). */
import 'uplot/dist/uPlot.min.css';
import { App } from './app';

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  try {
    new App(root);
  } catch (e) {
    root.textContent = `BCE Lens could not start its panel: ${(e as Error).message}`;
    throw e;
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
