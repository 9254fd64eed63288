/**
 * The per-sample table: every sample of a small input, the k worst of a large one. Sortable by
 * column (buttons in the headers, aria-sort), paged, one tab stop with arrow keys between rows
 * (a roving tabindex). Enter or a click shows the sample in the editor with focus kept here (the
 * next keys typed must not edit the user's file); Alt+Enter or a double-click moves into the editor.
 */
import { formatCount, formatShort } from '../../shared/format';
import type { PanelView, SampleRowView } from '../../shared/panelView';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import type { Layout } from '../layout';
import { PAGE_SIZE, cellText, pageCount, pageRows, sortRows, type SortKey, type SortState } from '../model';

export interface SamplesUi {
  sort: SortState;
  page: number;
}

interface Column {
  key: SortKey | null;
  title: string;
  /** What the column holds, when its title alone could be misread (index vs line). */
  tip?: string;
  numeric: boolean;
  cell(row: SampleRowView): string;
}

export class SamplesTable {
  private view: PanelView | undefined;
  private sorted: SampleRowView[] = [];
  private focusIndex = 0;

  constructor(
    private readonly l: Layout,
    private ui: SamplesUi,
    private readonly callbacks: { reveal(row: SampleRowView, preserveFocus: boolean): void; uiChanged(ui: SamplesUi): void },
  ) {
    l.samples.addEventListener('keydown', (e) => this.onKey(e));
  }

  get state(): SamplesUi {
    return this.ui;
  }

  render(view: PanelView): void {
    this.view = view;
    const { samples } = view;
    // A new kind of table (e.g. a file after a selection) starts sorted by loss, worst first.
    if (samples.kind === 'worst' && this.ui.sort.key === 'index' && !this.ui.sort.descending) this.ui = { sort: { key: 'loss', descending: true }, page: 0 };
    this.sorted = sortRows(samples.rows, this.ui.sort);
    // A redraw replaces the rows: a row that had focus gives it to the row at its place.
    const hadFocus = this.l.samples.tBodies[0]?.contains(document.activeElement) ?? false;
    const heading = this.l.samplesSection.querySelector('h2');
    // The worst-k list of a small file holds every sample: say so rather than call it a selection.
    const everySample = samples.kind === 'all' || samples.rows.length >= samples.total;
    if (heading) heading.textContent = everySample ? l10n.t('Samples') : l10n.t('The {0} worst samples', samples.rows.length);
    // A binary file (Parquet, Arrow, NumPy) has no lines to open: the table is the place to read a row.
    const binary = view.file
      ? l10n.t('A row of a {0} file cannot be opened in the editor: its row in the file (0-based) and its values are shown here.', view.file.container?.name ?? view.file.format.toUpperCase())
      : '';
    const hint = samples.revealable ? l10n.t('Enter or a click shows a row in the editor; Alt+Enter or a double-click goes there.') : binary;
    const what = everySample
      ? samples.labels > 1
        ? l10n.t('All {0} samples; loss is the unweighted per-sample loss (mean over labels).', formatCount(samples.total))
        : l10n.t('All {0} samples; loss is the unweighted per-sample loss.', formatCount(samples.total))
      : l10n.t('{0} samples are too many to list: these are the {1} with the largest loss.', formatCount(samples.total), samples.rows.length);
    this.l.samplesCaption.textContent = hint ? `${what} ${hint}` : what;
    this.draw();
    if (hadFocus) this.moveFocus(this.focusIndex);
  }

  private columns(view: PanelView): Column[] {
    const s = view.samples;
    // "index" (the sample's position, 0-based as in the arrays) and "line" (where it is in the file, 1-based as editors count).
    const cols: Column[] = [{ key: 'index', title: l10n.t('index'), tip: l10n.t('sample index, 0-based as in {0}', 'y_true[i]'), numeric: true, cell: (r) => String(r.index) }];
    if (s.rows.some((r) => r.line !== undefined)) {
      cols.push({ key: 'line', title: l10n.t('line'), tip: l10n.t('line in the file, 1-based as the editor counts'), numeric: true, cell: (r) => (r.line === undefined ? '' : String(r.line)) });
    }
    // The file's own row: where a file without lines keeps the sample, or where rows skipped as invalid put it past its index.
    if (s.rows.some((r) => r.row !== undefined && (r.line === undefined || r.row !== r.index))) {
      cols.push({ key: 'row', title: l10n.t('row in file'), tip: l10n.t('row in the file, 0-based, rows skipped as invalid counted'), numeric: true, cell: (r) => (r.row === undefined ? '' : String(r.row)) });
    }
    const groupKind = view.file?.container?.groupKind;
    if (groupKind && s.rows.some((r) => r.group)) {
      const batches = groupKind === 'record batches';
      cols.push({ key: 'row', title: batches ? l10n.t('record batch, row') : l10n.t('row group, row'), tip: batches ? l10n.t('record batch and the row in it, 0-based') : l10n.t('row group and the row in it, 0-based'), numeric: true, cell: (r) => (r.group ? `${r.group.index}, ${r.group.row}` : '') });
    }
    cols.push({ key: 'label', title: 'y_true', numeric: false, cell: (r) => cellText(r.yTrue) });
    cols.push({ key: 'prediction', title: view.result.fromLogits ? l10n.t('{0} (logit)', 'y_pred') : 'y_pred', numeric: false, cell: (r) => cellText(r.yPred) });
    if (s.hasWeights) cols.push({ key: 'weight', title: l10n.t('weight'), numeric: true, cell: (r) => formatShort(r.weight, 6) });
    cols.push({ key: 'loss', title: s.labels > 1 ? l10n.t('loss (mean)') : l10n.t('loss'), numeric: true, cell: (r) => formatShort(r.loss, 7) });
    if (s.labels > 1 && s.rows.some((r) => r.elements)) cols.push({ key: null, title: l10n.t('per label'), numeric: false, cell: (r) => (r.elements ? `[${r.elements.map((v) => formatShort(v, 4)).join(', ')}]` : '') });
    return cols;
  }

  private draw(): void {
    const view = this.view;
    if (!view) return;
    const cols = this.columns(view);
    const pages = pageCount(this.sorted.length);
    this.ui.page = Math.min(this.ui.page, pages - 1);
    const rows = pageRows(this.sorted, this.ui.page);
    const head = h(
      'tr',
      {},
      ...cols.map((c) => {
        const active = c.key !== null && this.ui.sort.key === c.key;
        const th = h('th', { scope: 'col', class: c.numeric ? 'num' : undefined, 'aria-sort': active ? (this.ui.sort.descending ? 'descending' : 'ascending') : undefined });
        if (c.key === null) {
          th.textContent = c.title;
          return th;
        }
        const key = c.key;
        const b = h('button', { type: 'button', class: 'sort', title: l10n.t('Sort by {0}', c.tip ?? c.title) }, c.title, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (this.ui.sort.descending ? '▼' : '▲') : ''));
        b.addEventListener('click', () => this.sortBy(key));
        th.append(b);
        return th;
      }),
    );
    const revealable = view.samples.revealable;
    this.focusIndex = Math.min(this.focusIndex, Math.max(rows.length - 1, 0));
    const body = h(
      'tbody',
      {},
      ...rows.map((row, i) => {
        const tr = h('tr', { tabindex: i === this.focusIndex ? 0 : -1, 'data-index': row.index, class: revealable ? 'revealable' : undefined });
        cols.forEach((c, k) => tr.append(k === 0 ? h('th', { scope: 'row', class: 'num' }, c.cell(row)) : h('td', { class: c.numeric ? 'num' : undefined }, c.cell(row))));
        tr.addEventListener('click', () => {
          this.focusIndex = i;
          this.moveFocus(i, false);
          if (revealable) this.callbacks.reveal(row, true);
        });
        tr.addEventListener('dblclick', () => {
          if (revealable) this.callbacks.reveal(row, false);
        });
        return tr;
      }),
    );
    this.l.samples.replaceChildren(h('caption', { class: 'visually-hidden' }, this.l.samplesCaption.textContent ?? ''), h('thead', {}, head), body);
    this.drawPager(pages);
  }

  private drawPager(pages: number): void {
    const pager = this.l.pager;
    pager.hidden = pages <= 1;
    if (pages <= 1) {
      pager.replaceChildren();
      return;
    }
    const go = (p: number, from: HTMLButtonElement) => {
      const label = from.getAttribute('aria-label');
      this.ui.page = Math.min(Math.max(p, 0), pages - 1);
      this.focusIndex = 0;
      this.draw();
      this.callbacks.uiChanged(this.ui);
      // The pager is drawn anew: focus goes to the same button, or the nearest one still enabled.
      const buttons = Array.from(this.l.pager.querySelectorAll<HTMLButtonElement>('button'));
      const same = buttons.find((b) => b.getAttribute('aria-label') === label);
      const k = same ? buttons.indexOf(same) : 0;
      const enabled = buttons.filter((b) => !b.disabled).sort((a, b) => Math.abs(buttons.indexOf(a) - k) - Math.abs(buttons.indexOf(b) - k));
      enabled[0]?.focus();
    };
    const button = (label: string, target: number, disabled: boolean, aria: string) => {
      const b = h('button', { type: 'button', class: 'secondary', 'aria-label': aria, disabled }, label);
      b.addEventListener('click', () => go(target, b));
      return b;
    };
    const from = this.ui.page * PAGE_SIZE + 1;
    const to = Math.min((this.ui.page + 1) * PAGE_SIZE, this.sorted.length);
    pager.replaceChildren(
      button('«', 0, this.ui.page === 0, l10n.t('First page')),
      button('‹', this.ui.page - 1, this.ui.page === 0, l10n.t('Previous page')),
      h('span', { class: 'page-info', 'aria-live': 'polite' }, l10n.t('{0}–{1} of {2}', from, to, formatCount(this.sorted.length))),
      button('›', this.ui.page + 1, this.ui.page >= pages - 1, l10n.t('Next page')),
      button('»', pages - 1, this.ui.page >= pages - 1, l10n.t('Last page')),
    );
  }

  private sortBy(key: SortKey): void {
    const same = this.ui.sort.key === key;
    // Loss sorts worst first on the first press; everything else ascending.
    const descending = same ? !this.ui.sort.descending : key === 'loss';
    this.ui = { sort: { key, descending }, page: 0 };
    if (this.view) this.sorted = sortRows(this.view.samples.rows, this.ui.sort);
    this.draw();
    this.l.samples.querySelector<HTMLButtonElement>(`thead th[aria-sort] button`)?.focus();
    this.callbacks.uiChanged(this.ui);
  }

  private rowsInBody(): HTMLTableRowElement[] {
    return Array.from(this.l.samples.tBodies[0]?.rows ?? []);
  }

  private moveFocus(i: number, focus = true): void {
    const rows = this.rowsInBody();
    if (!rows.length) return;
    const k = Math.min(Math.max(i, 0), rows.length - 1);
    rows.forEach((r, j) => r.setAttribute('tabindex', j === k ? '0' : '-1'));
    this.focusIndex = k;
    if (focus) rows[k].focus();
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (target.tagName !== 'TR') return;
    const rows = this.rowsInBody();
    const i = rows.indexOf(target as HTMLTableRowElement);
    if (i < 0) return;
    const moves: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1, PageDown: i + 10, PageUp: i - 10 };
    if (e.key in moves) {
      e.preventDefault();
      this.moveFocus(moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const view = this.view;
      const row = pageRows(this.sorted, this.ui.page)[i];
      // Alt+Enter goes into the editor; Enter and Space only show the place.
      if (view?.samples.revealable && row) this.callbacks.reveal(row, !(e.key === 'Enter' && e.altKey));
    }
  }
}
