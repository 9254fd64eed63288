/**
 * The panel's static skeleton, built once: sections, headings, controls and the elements later
 * filled by the renderers. Stable ids (and data-testid) for the UI tests.
 */
import * as l10n from '@vscode/l10n';
import { h } from './dom';
import { FRAMEWORK_LIST } from '../core';
import { Menu } from './menu';

function testable<T extends HTMLElement>(el: T): T {
  if (el.id) el.setAttribute('data-testid', el.id);
  return el;
}

function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { id, class: 'card', 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, title), ...children);
}

function control(id: string, label: string, field: HTMLElement, hint?: HTMLElement, wide = false): HTMLElement {
  return h('div', { class: wide ? 'control control-wide' : 'control' }, h('label', { for: id }, label), field, hint ?? null);
}

export interface Layout {
  app: HTMLElement;
  sourceTitle: HTMLElement;
  sourceDetail: HTMLElement;
  banner: HTMLElement;
  busy: HTMLElement;
  busyLabel: HTMLElement;
  busyDetail: HTMLElement;
  /** The progress bar: indeterminate until the host says how far (then aria-valuenow and the fill's width). */
  busyProgress: HTMLElement;
  busyFill: HTMLElement;
  busyCancel: HTMLButtonElement;
  /** "out of date" beside the loss while the shown result is not the latest asked for. */
  staleBadge: HTMLElement;
  lossValue: HTMLOutputElement;
  lossCaption: HTMLElement;
  description: HTMLElement;
  facts: HTMLElement;
  stats: HTMLElement;
  warnings: HTMLElement;
  semantics: HTMLSelectElement;
  fromLogits: HTMLSelectElement;
  labelSmoothing: HTMLInputElement;
  smoothingHint: HTMLElement;
  reduction: HTMLSelectElement;
  dtype: HTMLSelectElement;
  controlsNote: HTMLElement;
  comparison: HTMLTableElement;
  comparisonNote: HTMLElement;
  curveSection: HTMLElement;
  curveAxis: HTMLElement;
  curve: HTMLElement;
  curveCaption: HTMLElement;
  curveTable: HTMLElement;
  epochsSection: HTMLElement;
  epochs: HTMLElement;
  epochsTable: HTMLElement;
  diagnosisSection: HTMLElement;
  findings: HTMLUListElement;
  metrics: HTMLTableElement;
  metricsNote: HTMLElement;
  perLabelSection: HTMLElement;
  perLabel: HTMLTableElement;
  samplesSection: HTMLElement;
  samplesCaption: HTMLElement;
  samples: HTMLTableElement;
  pager: HTMLElement;
  explainSection: HTMLElement;
  explainLegend: HTMLElement;
  explain: HTMLOListElement;
  explainReduction: HTMLElement;
  /** "Columns…": choose a CSV/TSV file's columns by hand (shown for those files only). */
  chooseColumns: HTMLButtonElement;
  copyMenu: Menu;
  exportMenu: Menu;
  /** A menuitemcheckbox (aria-checked) in the Export menu. */
  exportLight: HTMLButtonElement;
  exportEpochs: HTMLElement;
  notice: HTMLElement;
}

export function buildLayout(app: HTMLElement): Layout {
  const { header, ...top } = topParts();
  const { summary, ...summaryEls } = summaryParts();
  const { controls, ...controlEls } = controlParts();
  const charts = chartParts();
  const { comparisonSection, ...tables } = tableParts();
  app.replaceChildren(
    header,
    top.banner,
    top.busy,
    // In the order a person reads them (and Tab moves): panel.css puts the chart beside the others when wide.
    h('div', { class: 'layout' }, summary, charts.curveSection, controls),
    h('div', { class: 'layout-wide' }, tables.diagnosisSection, comparisonSection, charts.epochsSection, tables.perLabelSection, tables.samplesSection, tables.explainSection),
    top.notice,
  );
  return { app, ...top, ...summaryEls, ...controlEls, ...charts, ...tables };
}

/** The header (the source, Columns…, the Copy and Export menus), the banner, the busy bar and the notice. */
function topParts(): Pick<Layout, 'sourceTitle' | 'sourceDetail' | 'banner' | 'busy' | 'busyLabel' | 'busyDetail' | 'busyProgress' | 'busyFill' | 'busyCancel' | 'chooseColumns' | 'copyMenu' | 'exportMenu' | 'exportLight' | 'exportEpochs' | 'notice'> & { header: HTMLElement } {
  const sourceTitle = h('span', { id: 'source-title', class: 'source-title' });
  const sourceDetail = h('span', { id: 'source-detail', class: 'source-detail' });
  const banner = h('div', { id: 'banner', class: 'banner', role: 'alert', hidden: true });
  const busyLabel = h('span', { id: 'busy-label', class: 'busy-label' });
  const busyDetail = h('span', { id: 'busy-detail', class: 'busy-detail' });
  const busyCancel = testable(h('button', { type: 'button', id: 'busy-cancel', class: 'secondary' }, l10n.t('Cancel')));
  const busyFill = h('div', { class: 'progress-fill' });
  const busyProgress = h('div', { id: 'busy-progress', class: 'progress indeterminate', role: 'progressbar', 'aria-labelledby': 'busy-label', 'aria-valuemin': 0, 'aria-valuemax': 100 }, busyFill);
  const busy = testable(
    h('div', { id: 'busy', class: 'busy', role: 'status', hidden: true }, h('div', { class: 'busy-text' }, busyLabel, busyDetail), busyProgress, busyCancel),
  );

  // A snippet item per framework that has one; each view hides those whose framework refuses the data.
  const copyButtons = [
    ['text', undefined, l10n.t('Result as text')],
    ['json', undefined, l10n.t('Result as JSON')],
    ...FRAMEWORK_LIST.filter((fw) => fw.snippet).map((fw) => ['python', fw.id, l10n.t('Python snippet: {0}', fw.title)]),
  ].map(([what, framework, label]) => h('button', { type: 'button', class: 'menu-item', role: 'menuitem', 'data-copy': what, 'data-framework': framework }, label as string));
  const copyMenu = new Menu('copy-menu', l10n.t('Copy'), copyButtons);
  const exportLight = h('button', { type: 'button', id: 'export-light', class: 'menu-item menu-check', role: 'menuitemcheckbox', 'aria-checked': 'false' }, l10n.t('Light background'));
  const exportEpochs = h(
    'div',
    { class: 'menu-group', role: 'group', hidden: true },
    h('button', { type: 'button', class: 'menu-item', role: 'menuitem', 'data-export': 'epochs:png' }, l10n.t('Loss per epoch as PNG')),
    h('button', { type: 'button', class: 'menu-item', role: 'menuitem', 'data-export': 'epochs:svg' }, l10n.t('Loss per epoch as SVG')),
  );
  const exportMenu = new Menu('export-menu', l10n.t('Export chart'), [
    h('button', { type: 'button', class: 'menu-item', role: 'menuitem', 'data-export': 'loss-curve:png' }, l10n.t('Loss curve as PNG')),
    h('button', { type: 'button', class: 'menu-item', role: 'menuitem', 'data-export': 'loss-curve:svg' }, l10n.t('Loss curve as SVG')),
    exportEpochs,
    h('div', { class: 'menu-separator', role: 'separator' }),
    exportLight,
  ]);
  const notice = h('div', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' });
  const chooseColumns = testable(
    h('button', { type: 'button', id: 'choose-columns', class: 'secondary', hidden: true, title: l10n.t('Choose the columns of labels, predictions and weights') }, l10n.t('Columns…')),
  );

  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'source' }, h('span', { class: 'codicon-like', 'aria-hidden': 'true' }, '∑'), sourceTitle, sourceDetail),
    h('div', { class: 'toolbar' }, chooseColumns, copyMenu.root, exportMenu.root),
  );
  return { header, sourceTitle, sourceDetail, banner, busy, busyLabel, busyDetail, busyProgress, busyFill, busyCancel, chooseColumns, copyMenu, exportMenu, exportLight, exportEpochs, notice };
}

/** The number, its words, the facts and statistics, the warnings. */
function summaryParts(): Pick<Layout, 'staleBadge' | 'lossValue' | 'lossCaption' | 'description' | 'facts' | 'stats' | 'warnings'> & { summary: HTMLElement } {
  const staleBadge = testable(h('span', { id: 'stale-badge', class: 'stale-badge', hidden: true }, l10n.t('out of date')));
  const lossValue = testable(h('output', { id: 'loss-value', class: 'loss-value', 'aria-live': 'polite', 'aria-atomic': 'true', 'aria-describedby': 'loss-description' }));
  const lossCaption = h('span', { id: 'loss-caption', class: 'loss-caption' }, l10n.t('binary cross-entropy'));
  const description = testable(h('p', { id: 'loss-description', class: 'loss-description' }));
  const facts = h('dl', { id: 'facts', class: 'facts' });
  const stats = h('dl', { id: 'stats', class: 'facts secondary' });
  const warnings = h('ul', { id: 'warnings', class: 'warnings' });

  const summary = h(
    'section',
    { id: 'summary', class: 'card summary', 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading', class: 'visually-hidden' }, l10n.t('Loss')),
    h('div', { class: 'loss-line' }, lossValue, lossCaption, staleBadge),
    description,
    facts,
    stats,
    warnings,
  );
  return { summary, staleBadge, lossValue, lossCaption, description, facts, stats, warnings };
}

/** The options: semantics, predictions, label smoothing, reduction, dtype. */
function controlParts(): Pick<Layout, 'semantics' | 'fromLogits' | 'labelSmoothing' | 'smoothingHint' | 'reduction' | 'dtype' | 'controlsNote'> & { controls: HTMLElement } {
  const semantics = testable(h('select', { id: 'semantics' }));
  const fromLogits = testable(h('select', { id: 'from-logits' }));
  const smoothingHint = h('span', { id: 'label-smoothing-hint', class: 'hint' });
  const labelSmoothing = testable(
    h('input', { id: 'label-smoothing', type: 'number', min: 0, max: 1, step: 0.05, inputmode: 'decimal', 'aria-describedby': 'label-smoothing-hint' }),
  );
  const reduction = testable(h('select', { id: 'reduction' }));
  const dtype = testable(h('select', { id: 'dtype' }));
  for (const [value, label] of [
    ['float64', 'float64'],
    ['float32', l10n.t('{0} (framework default)', 'float32')],
  ]) {
    dtype.append(h('option', { value }, label));
  }
  const controlsNote = h('p', { id: 'controls-note', class: 'hint' });

  const controls = h(
    'section',
    { id: 'controls', class: 'card controls', 'aria-labelledby': 'controls-heading' },
    h('h2', { id: 'controls-heading' }, l10n.t('Options')),
    h(
      'div',
      { class: 'control-grid' },
      control('semantics', l10n.t('Semantics'), semantics),
      control('from-logits', l10n.t('Predictions'), fromLogits),
      control('label-smoothing', l10n.t('Label smoothing'), labelSmoothing, smoothingHint),
      // A row of its own: "sum_over_batch_size (default)" is never cut.
      control('reduction', l10n.t('Reduction'), reduction, undefined, true),
      control('dtype', 'dtype', dtype),
    ),
    controlsNote,
  );
  return { controls, semantics, fromLogits, labelSmoothing, smoothingHint, reduction, dtype, controlsNote };
}

/** The loss curve and the loss per epoch, each with the table behind it. */
function chartParts(): Pick<Layout, 'curveSection' | 'curveAxis' | 'curve' | 'curveCaption' | 'curveTable' | 'epochsSection' | 'epochs' | 'epochsTable'> {
  const curveAxis = h('div', { id: 'curve-axis', class: 'segmented', role: 'radiogroup', 'aria-label': l10n.t('Probability axis spacing') });
  const curve = testable(h('div', { id: 'loss-curve', class: 'chart-slot', role: 'img' }));
  const curveCaption = h('p', { id: 'curve-caption', class: 'hint' });
  const curveTable = h('div', { id: 'loss-curve-table' });
  const epochs = testable(h('div', { id: 'epochs-chart', class: 'chart-slot', role: 'img' }));
  const epochsTable = h('div', { id: 'epochs-table' });
  const curveSection = section(
    'curve-section',
    l10n.t('Loss curve'),
    h('div', { class: 'chart-toolbar' }, curveAxis),
    curve,
    curveCaption,
    h('details', { class: 'table-behind' }, h('summary', {}, l10n.t('Loss curve as a table')), curveTable),
  );
  const epochsSection = section('epochs-section', l10n.t('Loss per epoch'), epochs, h('details', { class: 'table-behind' }, h('summary', {}, l10n.t('Loss per epoch as a table')), epochsTable));
  epochsSection.hidden = true;
  return { curveSection, curveAxis, curve, curveCaption, curveTable, epochsSection, epochs, epochsTable };
}

/** The diagnosis, the comparison, the loss per label, the samples and the explanation. */
function tableParts(): Pick<
  Layout,
  | 'comparison'
  | 'comparisonNote'
  | 'diagnosisSection'
  | 'findings'
  | 'metrics'
  | 'metricsNote'
  | 'perLabelSection'
  | 'perLabel'
  | 'samplesSection'
  | 'samplesCaption'
  | 'samples'
  | 'pager'
  | 'explainSection'
  | 'explainLegend'
  | 'explain'
  | 'explainReduction'
> & { comparisonSection: HTMLElement } {
  const comparison = testable(
    h(
      'table',
      { id: 'comparison', class: 'data-table comparison' },
      h('caption', { class: 'visually-hidden' }, l10n.t('The same data under each framework’s semantics')),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, l10n.t('Framework')), h('th', { scope: 'col', class: 'num' }, l10n.t('Loss')), h('th', { scope: 'col', class: 'num' }, 'Δ'), h('th', { scope: 'col' }, l10n.t('Why it differs'))),
      ),
      h('tbody'),
    ),
  );
  const comparisonNote = h('p', { id: 'comparison-note', class: 'hint' });

  const perLabel = testable(h('table', { id: 'per-label', class: 'data-table' }));
  const samplesCaption = h('p', { id: 'samples-caption', class: 'hint' });
  const samples = testable(h('table', { id: 'samples', class: 'data-table samples', 'aria-describedby': 'samples-caption' }));
  const pager = h('nav', { id: 'samples-pager', class: 'pager', 'aria-label': l10n.t('Sample table pages') });
  const explainLegend = h('p', { id: 'explain-legend', class: 'formula' });
  const explain = testable(h('ol', { id: 'explain', class: 'explain' }));
  const explainReduction = h('p', { id: 'explain-reduction', class: 'formula' });

  const findings = h('ul', { id: 'findings', class: 'findings' });
  const metrics = h('table', { id: 'metrics', class: 'data-table' });
  const metricsNote = h('p', { id: 'metrics-note', class: 'hint' });
  const diagnosisSection = section('diagnosis-section', l10n.t('Diagnosis'), findings, h('div', { class: 'table-scroll' }, metrics), metricsNote);
  diagnosisSection.hidden = true;
  const perLabelSection = section('per-label-section', l10n.t('Loss per label'), perLabel);
  perLabelSection.hidden = true;
  const samplesSection = section('samples-section', l10n.t('Samples'), samplesCaption, h('div', { class: 'table-scroll' }, samples), pager);
  const explainSection = section('explain-section', l10n.t('How the number comes about'), explainLegend, explain, explainReduction);
  explainSection.hidden = true;

  const comparisonSection = section('comparison-section', l10n.t('Under each framework'), h('div', { class: 'table-scroll' }, comparison), comparisonNote);
  return {
    comparisonSection,
    comparison,
    comparisonNote,
    diagnosisSection,
    findings,
    metrics,
    metricsNote,
    perLabelSection,
    perLabel,
    samplesSection,
    samplesCaption,
    samples,
    pager,
    explainSection,
    explainLegend,
    explain,
    explainReduction,
  };
}
