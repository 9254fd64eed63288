/** One chart on the page: its uPlot instance, its accessible summary and the table behind it. */
import * as l10n from '@vscode/l10n';
import { dataTable } from '../render/table';
import type { ChartSpec } from './chartSpec';
import type { Theme } from './theme';
import { renderChart, type ChartHandle } from './uplotChart';

export class ChartSlot {
  private handle: ChartHandle | undefined;
  private drawCount = 0;
  private drawWaiters: (() => void)[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly tableHost: HTMLElement,
    private readonly height: number,
  ) {}

  render(spec: ChartSpec, theme: Theme): void {
    this.destroy();
    this.container.setAttribute('aria-label', l10n.t('{0}. {1} The same data is in the table below the chart.', spec.title, spec.summary));
    try {
      this.handle = renderChart(this.container, spec, theme, {
        height: this.height,
        onDraw: () => {
          this.drawCount++;
          const waiters = this.drawWaiters;
          this.drawWaiters = [];
          waiters.forEach((w) => w());
        },
      });
    } catch (e) {
      // A chart that cannot draw (no canvas) must not take the numbers and tables down with it.
      this.container.textContent = l10n.t('The chart could not be drawn: {0}', (e as Error).message);
    }
    this.tableHost.replaceChildren(dataTable(spec.table));
  }

  /** uPlot drew onto a canvas of non-zero size. */
  drawn(): boolean {
    return this.handle?.drawn() ?? false;
  }

  /**
   * Resolves once uPlot has drawn (at once if it has, or if there is no chart); false after
   * `timeoutMs` (a hidden page gets no animation frames, so a draw may never come).
   */
  whenDrawn(timeoutMs: number): Promise<boolean> {
    if (!this.handle || this.drawn()) return Promise.resolve(this.drawn());
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.drawn()), timeoutMs);
      this.drawWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.drawn());
      });
    });
  }

  get draws(): number {
    return this.drawCount;
  }

  fitWidth(): void {
    const w = this.container.clientWidth;
    if (this.handle && w > 0) this.handle.setWidth(w);
  }

  destroy(): void {
    this.handle?.destroy();
    this.handle = undefined;
    this.container.replaceChildren();
  }
}
