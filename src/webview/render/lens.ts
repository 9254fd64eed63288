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
    this.labelControl = h('div', { class: 'control' }, h('label', { for: 'lens-label' }, 'Label'), this.label);
    this.strategy = h('select', { id: 'lens-strategy' }, h('option', { value: 'uniform' }, '10 uniform bins'), h('option', { value: 'quantile' }, '10 quantile bins'));
    const chartEl = h('div', { id: 'reliability-chart', class: 'chart-slot', role: 'img' });
    const chartTable = h('div', { id: 'reliability-table' });
    this.slider = h('input', { id: 'threshold-slider', type: 'range', min: '0', max: '100', step: '1', value: '50' });
    this.value = h('output', { id: 'threshold-value', for: 'threshold-slider' }, '0.50');
    this.table = h('table', { id: 'threshold-table', class: 'data' });
    this.copy = h('button', { type: 'button', id: 'copy-threshold', class: 'secondary' }, 'Copy the threshold view');
    this.status = h('p', { class: 'note', role: 'status', 'aria-live': 'polite' });
    this.section = h(
      'section',
      { id: 'lens-section', class: 'card', 'aria-labelledby': 'lens-section-heading' },
      h('h2', { id: 'lens-section-heading' }, 'Calibration and thresholds'),
      h('div', { class: 'controls-row' }, this.labelControl, h('div', { class: 'control' }, h('label', { for: 'lens-strategy' }, 'Reliability bins'), this.strategy)),
      chartEl,
      h('details', { class: 'table-behind' }, h('summary', {}, 'Reliability diagram as a table'), chartTable),
      h(
        'div',
        { class: 'controls-row' },
        ...(['png', 'svg'] as const).map((format) => {
          const b = h('button', { type: 'button', class: 'secondary', 'data-export-reliability': format }, `Export the diagram as ${format.toUpperCase()}`);
          b.addEventListener('click', () => exportChart(format));
          return b;
        }),
      ),
      h('div', { class: 'control threshold-control' }, h('label', { for: 'threshold-slider' }, 'Predict positive at ŷ ≥'), this.slider, this.value),
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
    this.label.replaceChildren(...lens.map((_, j) => h('option', { value: String(j) }, `label ${j}`)));
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
    return reliabilitySpec(lens.reliability[strategy], strategy, theme, this.lens.length > 1 ? `label ${this.label.value}` : undefined);
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
    this.slider.setAttribute('aria-valuetext', `ŷ ≥ ${t}: precision ${formatShort(c.precision, 3)}, recall ${formatShort(c.recall, 3)}`);
    const n = (x: number) => formatShort(x, 6);
    this.table.replaceChildren(
      h('caption', {}, `Confusion matrix at ŷ ≥ ${t} (weighted counts)`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col', class: 'num' }, 'predicted 1'), h('th', { scope: 'col', class: 'num' }, 'predicted 0'))),
      h(
        'tbody',
        {},
        h('tr', {}, h('th', { scope: 'row' }, 'actual 1'), h('td', { class: 'num', 'data-cell': 'tp' }, n(c.truePositive)), h('td', { class: 'num', 'data-cell': 'fn' }, n(c.falseNegative))),
        h('tr', {}, h('th', { scope: 'row' }, 'actual 0'), h('td', { class: 'num', 'data-cell': 'fp' }, n(c.falsePositive)), h('td', { class: 'num', 'data-cell': 'tn' }, n(c.trueNegative))),
        ...(
          [
            ['accuracy', c.accuracy],
            ['precision', c.precision],
            ['recall', c.recall],
            ['F1', c.f1],
          ] as const
        ).map(([name, v]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', { class: 'num', colspan: '2', 'data-cell': name }, formatShort(v, 4)))),
      ),
    );
  }

  /** The threshold view as tab-separated text: what the copy button puts on the clipboard. */
  text(): string {
    const c = this.confusion();
    if (!c) return '';
    return [
      `threshold\t${c.threshold}`,
      `true positives\t${c.truePositive}`,
      `false positives\t${c.falsePositive}`,
      `true negatives\t${c.trueNegative}`,
      `false negatives\t${c.falseNegative}`,
      `accuracy\t${c.accuracy}`,
      `precision\t${c.precision}`,
      `recall\t${c.recall}`,
      `F1\t${c.f1}`,
    ].join('\n');
  }

  private async copyText(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text());
      this.status.textContent = 'Copied the threshold view.';
    } catch (e) {
      this.status.textContent = `Could not copy: ${(e as Error).message}; select the table and copy it instead.`;
    }
  }
}
