/*
 * The panel's own page (dist/webview.js with dist/webview.css and media/panel.css) in Chromium at
 * the widths a person gives it, 360 to 1,600 px, drawing views built by the host's view model
 * (test/unit/webviewFixtures.ts): no sideways scroll (page or tables), the file name whole on one
 * line, the Reduction box wide enough for its label, and at half width (620 × 700, a 1280 × 800
 * window split in two) the number and the chart above the fold (issue 14, item 5).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The Dark+ variables the page reads (VS Code sets them on <html>; only what the layout needs). */
const VSCODE_VARS = `:root {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: "Droid Sans Mono", monospace; --vscode-foreground: #cccccc;
  --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d; --vscode-focusBorder: #0078d4;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-input-background: #313131; --vscode-widget-border: #313131; --vscode-editorWidget-background: #202020;
  --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616;
}
body { margin: 0; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }`;

const WIDTHS = [360, 420, 620, 980, 1232, 1600];

/** Measures the page as drawn, in the page. */
function measure() {
  /* global document, window */
  const doc = document.documentElement;
  const rect = (sel) => {
    const el = document.querySelector(sel);
    return el ? el.getBoundingClientRect().toJSON() : undefined;
  };
  const sideways = [...document.querySelectorAll('.table-scroll, .card, .top')]
    .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${el.id || el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
  const title = document.getElementById('source-title');
  const lineHeight = parseFloat(window.getComputedStyle(title).lineHeight) || 18;
  const reduction = document.getElementById('reduction');
  const style = window.getComputedStyle(reduction);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const label = reduction.selectedOptions[0] ? reduction.selectedOptions[0].textContent : '';
  const chart = document.querySelector('#loss-curve canvas');
  return {
    pageSideways: doc.scrollWidth > doc.clientWidth ? `${doc.scrollWidth} > ${doc.clientWidth}` : '',
    sideways,
    title: { text: title.textContent, height: title.getBoundingClientRect().height, lineHeight, cut: title.scrollWidth > title.clientWidth + 1 },
    reduction: { label, needs: ctx.measureText(label).width + 28, has: reduction.clientWidth },
    loss: rect('#loss-value'),
    chart: chart ? chart.getBoundingClientRect().toJSON() : undefined,
    viewport: { width: window.innerWidth, height: window.innerHeight },
  };
}

module.exports = async function panelLayout({ browser, test, assert, root }) {
  require('tsx/cjs'); // the fixtures are TypeScript
  const { viewOf, bigInput, keras } = require(path.join(root, 'test/unit/webviewFixtures.ts'));
  const script = fs.readFileSync(path.join(root, 'dist/webview.js'), 'utf8');
  const css = [fs.readFileSync(path.join(root, 'dist/webview.css'), 'utf8'), fs.readFileSync(path.join(root, 'media/panel.css'), 'utf8')];
  const file = viewOf(bigInput(10000), keras, { file: true, line: true });
  file.source = { kind: 'file', title: 'training-log.csv', detail: 'CSV · 72 KB · columns y_true, y_pred, epoch, split', uri: 'file:///w/training-log.csv' };
  const selection = viewOf({ yTrue: [[0, 1], [0, 0], [1, 1]], yPred: [[0.6, 0.4], [0.4, 0.6], [0.9, 0.7]] }, keras);
  const views = { file, selection };

  const page = await browser.newPage({ viewport: { width: 620, height: 700 } });
  try {
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body class="vscode-dark"><main id="app"></main></body></html>');
    await page.addStyleTag({ content: VSCODE_VARS });
    for (const c of css) await page.addStyleTag({ content: c });
    await page.evaluate(() => {
      window.acquireVsCodeApi = () => ({ postMessage() {}, getState: () => undefined, setState() {} });
    });
    await page.addScriptTag({ content: script });
    const show = async (view) => {
      await page.evaluate((v) => window.postMessage({ type: 'view', seq: 0, view: v }, '*'), view);
      await page.waitForFunction(() => document.querySelector('#loss-curve canvas'));
      await page.waitForTimeout(150); // the chart fits its width on the next frame
    };

    for (const [name, view] of Object.entries(views)) {
      for (const width of WIDTHS) {
        await test(`panel layout, ${name} at ${width} px: no sideways scroll, the file name on one line, the Reduction box not cut`, async () => {
          await page.setViewportSize({ width, height: 700 });
          await show(view);
          const m = await page.evaluate(measure);
          assert(!m.pageSideways, `the page scrolls sideways: ${m.pageSideways}`);
          assert(m.sideways.length === 0, `sideways scroll inside: ${m.sideways.join('; ')}`);
          assert(m.title.height < m.title.lineHeight * 1.6 && !m.title.cut, `the file name ${JSON.stringify(m.title.text)} is broken or cut: ${JSON.stringify(m.title)}`);
          assert(m.reduction.needs <= m.reduction.has, `the Reduction box cuts ${JSON.stringify(m.reduction.label)}: ${Math.ceil(m.reduction.needs)} px needed, ${m.reduction.has} px wide`);
          if (width === 620) {
            await page.screenshot({ path: path.join(root, 'test-results', 'screenshots', `web-panel-${name}-${width}.png`) }).catch(() => undefined);
            assert(m.loss && m.loss.bottom <= m.viewport.height, `the number is below the fold: ${JSON.stringify(m.loss)}`);
            assert(m.chart && m.chart.bottom <= m.viewport.height, `the chart is below the fold at half width: its canvas ends at ${m.chart && Math.round(m.chart.bottom)} px of ${m.viewport.height}`);
          }
          if (width === 360 || width === 1232) await page.screenshot({ path: path.join(root, 'test-results', 'screenshots', `web-panel-${name}-${width}.png`), fullPage: true }).catch(() => undefined);
        });
      }
    }
  } finally {
    await page.close();
  }
};
