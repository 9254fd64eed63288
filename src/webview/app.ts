/**
 * The panel page: renders the host's views, sends option changes, answers the host's requests
 * from the DOM, keeps its state across reloads (setState) and redraws on theme changes.
 */
import * as l10n from '@vscode/l10n';
import { describeCurve } from '../core';
import { optionsOfView, type PanelOptions, type PanelView, type SampleRowView } from '../shared/panelView';
import { isHostMessage, isPersistedState, type HostMessage, type HostRequest, type PanelState, type RevealTarget } from '../shared/protocol';
import { isOneOf, isRecord } from '../shared/validate';
import { ChartSlot } from './charts/chartSlot';
import { epochSpec } from './charts/epochSpec';
import { svgToPngBase64 } from './charts/exportImage';
import { lossCurveSpec, type XMode } from './charts/lossCurveSpec';
import { chartToSvg } from './charts/svgChart';
import { LIGHT_EXPORT, type Theme } from './charts/theme';
import { observeTheme, readTheme } from './charts/themeDom';
import { Controls } from './controls';
import { h } from './dom';
import { buildLayout, type Layout } from './layout';
import type { SortKey } from './model';
import { renderComparison } from './render/comparison';
import { renderExplain } from './render/explain';
import { renderDiagnosis } from './render/diagnosis';
import { LensView } from './render/lens';
import { renderPerLabel } from './render/perLabel';
import { SamplesTable } from './render/samples';
import { renderSummary } from './render/summary';
import { post, saveState, vscodeApi } from './vscodeApi';

export interface UiState {
  sortKey: SortKey;
  descending: boolean;
  page: number;
  xMode: XMode;
  light: boolean;
}

const DEFAULT_UI: UiState = { sortKey: 'index', descending: false, page: 0, xMode: 'logit', light: false };
const SORT_KEYS: readonly SortKey[] = ['index', 'line', 'row', 'label', 'prediction', 'weight', 'loss'];

/** The UI part of a restored state, each field checked (the state is ours, but from an older version maybe). */
function uiFrom(x: unknown): UiState {
  if (!isRecord(x)) return { ...DEFAULT_UI };
  return {
    sortKey: isOneOf(x.sortKey, SORT_KEYS) ? x.sortKey : DEFAULT_UI.sortKey,
    descending: x.descending === true,
    page: typeof x.page === 'number' && Number.isInteger(x.page) && x.page >= 0 ? x.page : 0,
    xMode: x.xMode === 'linear' ? 'linear' : 'logit',
    light: x.light === true,
  };
}

const CHART_SIZE = { width: 960, height: 540 };

export class App {
  private readonly layout: Layout;
  private readonly controls: Controls;
  private readonly samplesTable: SamplesTable;
  private readonly curve: ChartSlot;
  private readonly epochChart: ChartSlot;
  private readonly lens: LensView;
  private view: PanelView | undefined;
  private ui: UiState;
  private theme: Theme;
  /** Option changes sent; the host echoes the one it answers. */
  private seq = 0;
  private readonly waiters = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private busy = false;
  /** Why the shown result is out of date, while it is. */
  private stale: string | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeFrame = 0;
  /** The comparison row whose "use" was pressed: it gets focus when its view arrives. */
  private pendingUse: { semantics: string; dtype: string } | undefined;

  constructor(root: HTMLElement) {
    this.layout = buildLayout(root);
    const saved = vscodeApi().getState();
    const state = isPersistedState(saved) ? saved : {};
    this.ui = uiFrom(state.ui);
    this.theme = readTheme();
    this.controls = new Controls(this.layout, (o) => this.sendOptions(o));
    this.samplesTable = new SamplesTable(
      this.layout,
      { sort: { key: this.ui.sortKey, descending: this.ui.descending }, page: this.ui.page },
      {
        reveal: (row, preserveFocus) => this.reveal(row, preserveFocus),
        uiChanged: (s) => {
          this.ui = { ...this.ui, sortKey: s.sort.key, descending: s.sort.descending, page: s.page };
          this.persist();
        },
      },
    );
    this.curve = new ChartSlot(this.layout.curve, this.layout.curveTable, 340);
    this.epochChart = new ChartSlot(this.layout.epochs, this.layout.epochsTable, 260);
    this.lens = new LensView((format) => void this.exportChart('reliability', format).catch((err: Error) => this.toast(l10n.t('Export failed: {0}', err.message))));
    this.layout.diagnosisSection.after(this.lens.section);
    this.wire();
    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data));
    observeTheme(() => {
      this.theme = readTheme();
      this.drawCharts();
    });
    const resize = new ResizeObserver(() => {
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => {
        this.curve.fitWidth();
        this.epochChart.fitWidth();
        this.lens.fitWidth();
      });
    });
    resize.observe(this.lens.section);
    resize.observe(this.layout.curveSection);
    resize.observe(this.layout.epochsSection);
    // Draw what was on screen before a reload at once; the host's fresh view follows "ready".
    if (state.view) this.render(state.view);
    post({ type: 'ready' });
  }

  // ---- messages -------------------------------------------------------------------------------

  private onMessage(data: unknown): void {
    if (!isHostMessage(data)) {
      console.warn('BCE Lens: ignored a malformed message', data);
      return;
    }
    const m: HostMessage = data;
    switch (m.type) {
      case 'view': {
        const arrived = performance.now();
        this.seq = Math.max(this.seq, m.seq);
        this.setBusy(false);
        this.setStale(undefined);
        this.hideBanner();
        this.render(m.view);
        this.settle(m.seq);
        markPainted(arrived);
        return;
      }
      case 'busy':
        this.setBusy(true, m.label, m.cancellable, m.progress, m.detail);
        return;
      case 'stale':
        this.setBusy(false);
        this.setStale(m.message);
        this.showBanner(m.message, m.reason === 'cancelled' ? 'info' : 'warning', undefined, m.reread);
        return;
      case 'failed':
        this.setBusy(false);
        this.controls.revert();
        this.pendingUse = undefined;
        this.showBanner(m.message, m.cancelled ? 'info' : 'error', m.reveal);
        this.settle(m.seq, new Error(m.message));
        return;
      case 'notice':
        this.toast(m.text);
        return;
      case 'request':
        void this.answer(m.id, m.request);
        return;
    }
  }

  /** Resolves (or rejects) the setOption requests waiting for changes up to `seq`. */
  private settle(seq: number, error?: Error): void {
    for (const [s, w] of this.waiters) {
      if (s > seq) continue;
      this.waiters.delete(s);
      if (error && s === seq) w.reject(error);
      else w.resolve();
    }
    if (this.waiters.size === 0) this.layout.app.removeAttribute('aria-busy');
  }

  private async answer(id: number, request: HostRequest): Promise<void> {
    try {
      if (request.kind === 'panelState') {
        // uPlot draws on the next frame: answer after it, so a state asked right after a view is complete.
        await this.curve.whenDrawn(1500);
        post({ type: 'response', id, ok: true, value: this.panelState() });
        return;
      }
      await this.setOption(request.name, String(request.value));
      post({ type: 'response', id, ok: true });
    } catch (e) {
      post({ type: 'response', id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Changes a control the way a user does (value, then a change event) and waits for the redraw. */
  private setOption(name: Parameters<Controls['element']>[0], value: string): Promise<void> {
    const refusal = this.controls.refusal(name, value);
    if (refusal) return Promise.reject(new Error(refusal));
    const el = this.controls.element(name);
    const same = el instanceof HTMLInputElement ? Number(el.value) === Number(value) : el.value === value;
    if (same) return Promise.resolve();
    const before = this.seq;
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
    if (this.seq === before) return Promise.reject(new Error(l10n.t('the panel did not accept {0} = {1}', name, value)));
    const seq = this.seq;
    return new Promise((resolve, reject) => this.waiters.set(seq, { resolve, reject }));
  }

  /** Read off the DOM, so a test sees what a person sees. */
  private panelState(): PanelState {
    const canvas = this.layout.curve.querySelector('canvas');
    const banner = this.layout.banner.hidden ? undefined : this.layout.banner.querySelector('.banner-text')?.textContent ?? undefined;
    const n = document.getElementById('n-value');
    return {
      ready: this.layout.app.dataset.ready === 'true',
      displayedLoss: this.layout.lossValue.textContent ?? '',
      semantics: this.layout.semantics.value,
      chartDrawn: this.curve.drawn() && !!canvas && canvas.width > 0 && canvas.height > 0,
      rows: n?.dataset.value ? Number(n.dataset.value) : 0,
      tableRows: this.layout.samples.tBodies[0]?.rows.length ?? 0,
      comparisonRows: this.layout.comparison.tBodies[0]?.rows.length ?? 0,
      description: this.layout.description.textContent ?? '',
      options: this.controls.current(),
      busy: this.busy || this.waiters.size > 0,
      ...(banner ? { error: banner } : {}),
      ...(this.stale ? { stale: this.stale } : {}),
    };
  }

  private sendOptions(options: PanelOptions): void {
    const seq = ++this.seq;
    this.layout.app.setAttribute('aria-busy', 'true');
    this.hideBanner();
    post({ type: 'setOptions', seq, options });
  }

  private reveal(row: SampleRowView, preserveFocus: boolean): void {
    const target: RevealTarget = row.line !== undefined ? { kind: 'line', line: row.line } : { kind: 'sample', index: row.index };
    post({ type: 'reveal', target, preserveFocus });
  }

  // ---- rendering ------------------------------------------------------------------------------

  private render(view: PanelView): void {
    this.view = view;
    this.layout.app.dataset.ready = 'true';
    this.layout.app.removeAttribute('aria-busy');
    renderSummary(this.layout, view);
    this.controls.show(view.options, view.canRecompute);
    // The comparison is drawn anew: focus in it (a "use" button) must not fall back to the page's top.
    const focused = this.layout.comparison.tBodies[0]?.contains(document.activeElement) ? (document.activeElement as HTMLElement).closest('tr') : null;
    const keep = this.pendingUse ?? (focused ? { semantics: focused.dataset.semantics ?? '', dtype: focused.dataset.dtype ?? '' } : undefined);
    const chosen = this.pendingUse !== undefined;
    this.pendingUse = undefined;
    renderComparison(this.layout, view, {
      use: (semantics, dtype) => {
        this.pendingUse = { semantics, dtype };
        this.layout.semantics.value = semantics;
        this.layout.semantics.dispatchEvent(new Event('change', { bubbles: true }));
        if (this.layout.dtype.value !== dtype) {
          this.layout.dtype.value = dtype;
          this.layout.dtype.dispatchEvent(new Event('change', { bubbles: true }));
        }
      },
    });
    if (keep) this.focusComparisonRow(keep, chosen);
    this.offerSnippets(view);
    renderDiagnosis(this.layout, view);
    this.lens.render(view, this.theme);
    this.samplesTable.render(view);
    renderPerLabel(this.layout, view);
    renderExplain(this.layout, view);
    this.renderAxisToggle(view);
    this.layout.exportEpochs.hidden = !view.epochs;
    this.layout.chooseColumns.hidden = !(view.file && (view.file.format === 'csv' || view.file.format === 'tsv'));
    this.drawCharts();
    this.persist();
  }

  private drawCharts(): void {
    const view = this.view;
    if (!view) return;
    this.curve.render(lossCurveSpec(view, this.ui.xMode, this.theme), this.theme);
    this.layout.curveCaption.textContent = l10n.t('{0}. Drag to zoom, double-click to reset.', describeCurve(optionsOfView(view)));
    this.layout.epochsSection.hidden = !view.epochs;
    if (view.epochs) this.epochChart.render(epochSpec(view.epochs, this.theme), this.theme);
    else this.epochChart.destroy();
    this.lens.draw(this.theme);
  }

  /**
   * Focus on a comparison row after a redraw: the row just chosen with "use" (its name, now marked
   * chosen: Tab goes on to the next row's button), or the row that had it (its "use" button).
   */
  private focusComparisonRow(at: { semantics: string; dtype: string }, chosen: boolean): void {
    const rows = Array.from(this.layout.comparison.tBodies[0]?.rows ?? []);
    const row = rows.find((r) => r.dataset.semantics === at.semantics && r.dataset.dtype === at.dtype) ?? rows.find((r) => r.dataset.semantics === at.semantics);
    const target = row ? (!chosen && row.querySelector<HTMLElement>('button.use')) || row.querySelector<HTMLElement>('th') : this.layout.semantics;
    target?.focus();
  }

  /** A snippet only where its framework computes this data: the shown semantics, or a comparison row without a refusal. */
  private offerSnippets(view: PanelView): void {
    for (const b of this.layout.copyMenu.list.querySelectorAll<HTMLButtonElement>('[data-copy="python"]')) {
      const semantics = b.dataset.framework;
      const row = view.comparison.rows.find((r) => r.semantics === semantics);
      b.hidden = !(semantics === view.result.semantics || (row !== undefined && row.relation !== 'error'));
    }
  }

  private renderAxisToggle(view: PanelView): void {
    const box = this.layout.curveAxis;
    box.hidden = view.result.fromLogits;
    if (view.result.fromLogits) return;
    const option = (mode: XMode, label: string) => {
      const b = h('button', { type: 'button', role: 'radio', 'aria-checked': String(this.ui.xMode === mode), tabindex: this.ui.xMode === mode ? 0 : -1 }, label);
      b.addEventListener('click', () => this.setXMode(mode));
      b.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          this.setXMode(mode === 'logit' ? 'linear' : 'logit');
          (box.querySelector('[aria-checked="true"]') as HTMLElement | null)?.focus();
        }
      });
      return b;
    };
    box.replaceChildren(h('span', { class: 'segmented-label' }, l10n.t('ŷ axis')), option('logit', l10n.t('log-odds')), option('linear', l10n.t('linear')));
  }

  private setXMode(mode: XMode): void {
    if (this.ui.xMode === mode || !this.view) return;
    this.ui = { ...this.ui, xMode: mode };
    this.renderAxisToggle(this.view);
    this.drawCharts();
    this.persist();
  }

  private persist(): void {
    saveState({ ...(this.view ? { view: this.view } : {}), ui: { ...this.ui } });
  }

  // ---- busy, banner, notices ------------------------------------------------------------------

  /** What is being read and, once the host knows, how far (`progress` in [0, 1]). */
  private setBusy(busy: boolean, label = '', cancellable = false, progress?: number, detail = ''): void {
    const layout = this.layout;
    // Cancel had focus and goes away with the bar: the keyboard goes on from the options, not the page's top.
    const refocus = !busy && !layout.busy.hidden && document.activeElement === layout.busyCancel;
    this.busy = busy;
    layout.busy.hidden = !busy;
    layout.busyLabel.textContent = label;
    layout.busyDetail.textContent = detail;
    layout.busyCancel.hidden = !cancellable;
    layout.busyProgress.classList.toggle('indeterminate', progress === undefined);
    if (progress === undefined) {
      layout.busyProgress.removeAttribute('aria-valuenow');
      layout.busyFill.style.width = '';
    } else {
      const percent = Math.round(progress * 100);
      layout.busyProgress.setAttribute('aria-valuenow', String(percent));
      layout.busyFill.style.width = `${percent}%`;
    }
    layout.app.classList.toggle('is-busy', busy);
    if (busy) layout.app.setAttribute('aria-busy', 'true');
    else if (this.waiters.size === 0) layout.app.removeAttribute('aria-busy');
    if (refocus) layout.semantics.focus();
  }

  /** The shown result is out of date (`why`), or current again (undefined). */
  private setStale(why: string | undefined): void {
    this.stale = why;
    this.layout.staleBadge.hidden = why === undefined;
    this.layout.staleBadge.title = why ?? '';
    this.layout.app.classList.toggle('is-stale', why !== undefined);
  }

  private showBanner(message: string, kind: 'info' | 'warning' | 'error', reveal?: RevealTarget, reread = false): void {
    const b = this.layout.banner;
    b.className = `banner banner-${kind}`;
    const parts: HTMLElement[] = [h('span', { class: 'banner-text' }, message)];
    if (reread) {
      const again = h('button', { type: 'button', class: 'link', id: 'reread' }, l10n.t('Read again'));
      again.addEventListener('click', () => this.sendOptions(this.controls.current()));
      parts.push(again);
    }
    if (reveal) {
      const show = h('button', { type: 'button', class: 'link' }, l10n.t('Show in editor'));
      show.addEventListener('click', () => post({ type: 'reveal', target: reveal }));
      parts.push(show);
    }
    const close = h('button', { type: 'button', class: 'icon', 'aria-label': l10n.t('Dismiss') }, '×');
    close.addEventListener('click', () => this.hideBanner());
    parts.push(close);
    b.replaceChildren(...parts);
    b.hidden = false;
  }

  private hideBanner(): void {
    this.layout.banner.hidden = true;
    this.layout.banner.replaceChildren();
  }

  private toast(text: string): void {
    this.layout.notice.textContent = text;
    this.layout.notice.classList.add('visible');
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.layout.notice.classList.remove('visible');
      this.layout.notice.textContent = '';
    }, 3000);
  }

  // ---- toolbar --------------------------------------------------------------------------------

  private wire(): void {
    const layout = this.layout;
    // Ctrl+A (Cmd+A) in a text or number field selects that field's text, not the whole panel:
    // VS Code forwards the keys to its Select All, which selects the page around a number input.
    window.addEventListener(
      'keydown',
      (e) => {
        const field = e.target;
        if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
        if (e.key.toLowerCase() !== 'a' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        field.select();
      },
      true,
    );
    layout.busyCancel.addEventListener('click', () => post({ type: 'cancel' }));
    layout.chooseColumns.addEventListener('click', () => post({ type: 'chooseColumns' }));
    const showLight = () => layout.exportLight.setAttribute('aria-checked', String(this.ui.light));
    showLight();
    layout.exportLight.addEventListener('click', () => {
      // A checkbox item: toggles and leaves the menu open, as menus do.
      this.ui = { ...this.ui, light: !this.ui.light };
      showLight();
      this.persist();
    });
    layout.copyMenu.list.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-copy]');
      if (!b) return;
      const what = b.dataset.copy as 'text' | 'json' | 'python';
      const framework = b.dataset.framework as 'keras' | 'torch' | 'sklearn' | undefined;
      post(what === 'python' && framework ? { type: 'copy', what, framework } : { type: 'copy', what: what === 'json' ? 'json' : 'text' });
      // Focus back on the menu's button, so the next Tab goes on from the toolbar.
      layout.copyMenu.close(true);
    });
    layout.exportMenu.list.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-export]');
      if (!b) return;
      const [chart, format] = (b.dataset.export ?? '').split(':');
      layout.exportMenu.close(true);
      void this.exportChart(chart === 'epochs' || chart === 'reliability' ? chart : 'loss-curve', format === 'svg' ? 'svg' : 'png').catch((err: Error) => this.toast(l10n.t('Export failed: {0}', err.message)));
    });
    // One menu open at a time; a click elsewhere closes them, as menus do.
    const menus = [layout.copyMenu, layout.exportMenu];
    for (const menu of menus) menu.onToggle((open) => open && menus.forEach((m) => m !== menu && m.close(false)));
    document.addEventListener('click', (e) => {
      for (const menu of menus) if (menu.isOpen && !menu.root.contains(e.target as Node)) menu.close(false);
    });
    window.addEventListener('resize', () => menus.forEach((m) => m.place()));
  }

  private async exportChart(chart: 'loss-curve' | 'epochs' | 'reliability', format: 'png' | 'svg'): Promise<void> {
    const view = this.view;
    if (!view) return;
    const light = this.ui.light;
    const theme = light ? LIGHT_EXPORT : this.theme;
    const spec = chart === 'reliability' ? this.lens.spec(theme) : chart === 'epochs' ? (view.epochs ? epochSpec(view.epochs, theme) : undefined) : lossCurveSpec(view, this.ui.xMode, theme);
    if (!spec) return;
    const svg = chartToSvg(spec, theme, CHART_SIZE);
    const data = format === 'svg' ? svg : await svgToPngBase64(svg, CHART_SIZE.width, CHART_SIZE.height);
    post({ type: 'save', chart, format, light, data });
  }
}

/**
 * Marks the time from a view's arrival to the frame after it was drawn (the second animation frame
 * runs once the first has been painted) as the measure "bce-lens:view-paint", the latest only: the
 * editor bench (bench/editor.js) reads it; nothing else does.
 */
function markPainted(arrived: number): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.clearMeasures('bce-lens:view-paint');
      performance.measure('bce-lens:view-paint', { start: arrived, end: performance.now() });
    }),
  );
}
