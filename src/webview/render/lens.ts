/**
 * The lens on the classifier beside the Diagnosis: the reliability diagram (uPlot, exported like the
 * loss curve) and the threshold view, whose slider recomputes the confusion matrix and its metrics
 * in the page from the counts the host sent (no round trip). One label at a time for multi-label.
 */
import { confusionOf, type Confusion } from '../../core';
import { formatShort } from '../../shared/format';
import type { LabelLensView, PanelView } from '../../shared/panelView';
import { ChartSlot } from '../charts/chartSlot';
import type { ChartSpec } from '../charts/chartSpec';
import { reliabilitySpec, type ReliabilityStrategy } from '../charts/reliabilitySpec';
import type { Theme } from '../charts/theme';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';

export class LensView {
  readonly section: HTMLElement;
  private readonly label: HTMLSelectElement;
  private readonly labelControl: HTMLElement;
  private readonly strategy: HTMLSelectElement;
  private readonly slider: HTMLInputElement;
  private readonly value: HTMLOutputElement;
  private readonly table: HTMLTableElement;
  private readonly copy: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly chart: ChartSlot;
  private lens: LabelLensView[] = [];
  private theme: Theme | undefined;

  /** `exportChart`: save the diagram as the loss curve is saved (the light-background choice of the Export menu applies). */
  constructor(exportChart: (format: 'png' | 'svg') => void) {
    this.label = h('select', { id: 'lens-label' });
    this.labelControl = h('div', { class: 'control' }, h('label', { for: 'lens-label' }, l10n.t('Label')), this.label);
    this.strategy = h('select', { id: 'lens-strategy' }, h('option', { value: 'uniform' }, l10n.t('{0} uniform bins', 10)), h('option', { value: 'quantile' }, l10n.t('{0} quantile bins', 10)));
    const chartEl = h('div', { id: 'reliability-chart', class: 'chart-slot', role: 'img' });
    const chartTable = h('div', { id: 'reliability-table' });
    this.slider = h('input', { id: 'threshold-slider', type: 'range', min: '0', max: '100', step: '1', value: '50' });
    this.value = h('output', { id: 'threshold-value', for: 'threshold-slider' }, '0.50');
    this.table = h('table', { id: 'threshold-table', class: 'data' });
    this.copy = h('button', { type: 'button', id: 'copy-threshold', class: 'secondary' }, l10n.t('Copy the threshold view'));
    this.status = h('p', { class: 'note', role: 'status', 'aria-live': 'polite' });
    this.section = h(
      'section',
      { id: 'lens-section', class: 'card', 'aria-labelledby': 'lens-section-heading' },
      h('h2', { id: 'lens-section-heading' }, l10n.t('Calibration and thresholds')),
      h('div', { class: 'controls-row' }, this.labelControl, h('div', { class: 'control' }, h('label', { for: 'lens-strategy' }, l10n.t('Reliability bins')), this.strategy)),
      chartEl,
      h('details', { class: 'table-behind' }, h('summary', {}, l10n.t('Reliability diagram as a table')), chartTable),
      h(
        'div',
        { class: 'controls-row' },
        ...(['png', 'svg'] as const).map((format) => {
          const b = h('button', { type: 'button', class: 'secondary', 'data-export-reliability': format }, l10n.t('Export the diagram as {0}', format.toUpperCase()));
          b.addEventListener('click', () => exportChart(format));
          return b;
        }),
      ),
      h('div', { class: 'control threshold-control' }, h('label', { for: 'threshold-slider' }, l10n.t('Predict positive at ŷ ≥')), this.slider, this.value),
      h('div', { class: 'table-scroll' }, this.table),
      this.copy,
      this.status,
    );
    this.section.hidden = true;
    this.chart = new ChartSlot(chartEl, chartTable, 280);
    this.slider.addEventListener('input', () => this.renderThreshold());
    this.label.addEventListener('change', () => this.redraw());
    this.strategy.addEventListener('change', () => this.drawChart());
    this.copy.addEventListener('click', () => void this.copyText());
  }

  /** Draws the view's lens (hidden without metrics). */
  render(view: PanelView, theme: Theme): void {
    this.theme = theme;
    const lens = view.diagnosis?.lens ?? [];
    this.lens = lens;
    this.section.hidden = lens.length === 0;
    if (lens.length === 0) {
      this.chart.destroy();
      return;
    }
    const keep = Math.min(Number(this.label.value) || 0, lens.length - 1);
    this.label.replaceChildren(...lens.map((_, j) => h('option', { value: String(j) }, l10n.t('label {0}', j))));
    this.label.value = String(keep);
    this.labelControl.hidden = lens.length < 2;
    this.redraw();
  }

  /** The theme changed: the chart again, in its colours. */
  draw(theme: Theme): void {
    this.theme = theme;
    if (this.lens.length) this.drawChart();
  }

  fitWidth(): void {
    this.chart.fitWidth();
  }

  /** The reliability diagram as it is shown, for export in another theme; undefined without one. */
  spec(theme: Theme): ChartSpec | undefined {
    const lens = this.current();
    if (!lens) return undefined;
    const strategy = this.strategy.value as ReliabilityStrategy;
    return reliabilitySpec(lens.reliability[strategy], strategy, theme, this.lens.length > 1 ? l10n.t('label {0}', this.label.value) : undefined);
  }

  /** The confusion matrix at the slider's threshold, from the kept counts. */
  confusion(): Confusion | undefined {
    const lens = this.current();
    if (!lens) return undefined;
    const t = lens.thresholds;
    const steps = t.truePositive.length - 1;
    const k = Math.min(Math.max(Math.round(Number(this.slider.value)), 0), steps);
    return confusionOf(k / steps, t.truePositive[k], t.falsePositive[k], t.positives, t.negatives);
  }

  private current(): LabelLensView | undefined {
    return this.lens[Number(this.label.value) || 0];
  }

  private redraw(): void {
    this.drawChart();
    this.renderThreshold();
  }

  private drawChart(): void {
    const spec = this.theme ? this.spec(this.theme) : undefined;
    if (spec && this.theme) this.chart.render(spec, this.theme);
  }

  private renderThreshold(): void {
    const c = this.confusion();
    if (!c) return;
    const t = c.threshold.toFixed(2);
    this.value.textContent = t;
    this.slider.setAttribute('aria-valuetext', l10n.t('ŷ ≥ {0}: precision {1}, recall {2}', t, formatShort(c.precision, 3), formatShort(c.recall, 3)));
    const n = (x: number) => formatShort(x, 6);
    this.table.replaceChildren(
      h('caption', {}, l10n.t('Confusion matrix at ŷ ≥ {0} (weighted counts)', t)),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col', class: 'num' }, l10n.t('predicted {0}', 1)), h('th', { scope: 'col', class: 'num' }, l10n.t('predicted {0}', 0)))),
      h(
        'tbody',
        {},
        h('tr', {}, h('th', { scope: 'row' }, l10n.t('actual {0}', 1)), h('td', { class: 'num', 'data-cell': 'tp' }, n(c.truePositive)), h('td', { class: 'num', 'data-cell': 'fn' }, n(c.falseNegative))),
        h('tr', {}, h('th', { scope: 'row' }, l10n.t('actual {0}', 0)), h('td', { class: 'num', 'data-cell': 'fp' }, n(c.falsePositive)), h('td', { class: 'num', 'data-cell': 'tn' }, n(c.trueNegative))),
        ...(
          [
            ['accuracy', l10n.t('accuracy'), c.accuracy],
            ['precision', l10n.t('precision'), c.precision],
            ['recall', l10n.t('recall'), c.recall],
            ['F1', 'F1', c.f1],
          ] as const
        ).map(([cell, name, v]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', { class: 'num', colspan: '2', 'data-cell': cell }, formatShort(v, 4)))),
      ),
    );
  }

  /** The threshold view as tab-separated text: what the copy button puts on the clipboard. */
  text(): string {
    const c = this.confusion();
    if (!c) return '';
    // The numbers in full (String, never the locale's format): pasted into a sheet they must read back the same.
    const rows: [string, number][] = [
      [l10n.t('threshold'), c.threshold],
      [l10n.t('true positives'), c.truePositive],
      [l10n.t('false positives'), c.falsePositive],
      [l10n.t('true negatives'), c.trueNegative],
      [l10n.t('false negatives'), c.falseNegative],
      [l10n.t('accuracy'), c.accuracy],
      [l10n.t('precision'), c.precision],
      [l10n.t('recall'), c.recall],
      ['F1', c.f1],
    ];
    return rows.map(([name, v]) => `${name}\t${v}`).join('\n');
  }

  private async copyText(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text());
      this.status.textContent = l10n.t('Copied the threshold view.');
    } catch (e) {
      this.status.textContent = l10n.t('Could not copy: {0}; select the table and copy it instead.', (e as Error).message);
    }
  }
}
