/**
 * The panel's view-model: everything the webview derives from a PanelView before touching the
 * DOM (control choices, facts, table sorting and paging, the explain view's terms). Pure.
 */
import {
  framework,
  SEMANTICS,
  explainElement,
  explainReduction,
  explainSklearnColumns,
  formatTerm,
  formulaNumber,
  lossGuard,
  type ElementExplanation,
  type ResolvedOptions,
  type Reduction,
  type Semantics,
} from '../core';
import * as l10n from '@vscode/l10n';
import { formatBytes, formatCount, formatDuration, formatShort } from '../shared/format';
import { optionsOfView, type PanelOptions, type PanelView, type SampleRowView } from '../shared/panelView';

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
  title?: string;
}

export function semanticsChoices(): Choice[] {
  return SEMANTICS.map((s) => ({ value: s, label: framework(s).title, title: framework(s).source }));
}

/** A reduction's name (what the framework calls it) with what it does, in the page's language. */
function reductionWords(r: Reduction): string {
  switch (r) {
    case 'sum_over_batch_size':
      return l10n.t('{0} (mean over batch)', r);
    case 'none':
      return l10n.t('{0} (per sample)', r);
    case 'mean_with_sample_weight':
      return `${r} (÷ Σw)`;
    default:
      return r;
  }
}

/** The reductions the semantics has, its default first. */
export function reductionChoices(semantics: Semantics): Choice[] {
  const fw = framework(semantics);
  const meanWords = fw.sums === 'elements' ? l10n.t('{0} (over elements)', 'mean') : fw.meanDivisor === 'weights' ? l10n.t('{0} (weighted, ÷ Σw)', 'mean') : reductionWords('mean');
  return [
    // The reduction's name first: a narrow select that cuts the label still says which it is.
    { value: 'default', label: l10n.t('{0} (default)', fw.defaultReduction) },
    ...fw.reductions.map((r) => ({ value: r, label: r === 'mean' ? meanWords : reductionWords(r) })),
  ];
}

export function fromLogitsChoices(semantics: Semantics): Choice[] {
  const { refuses } = framework(semantics);
  return [
    { value: 'auto', label: l10n.t('auto'), title: l10n.t('logits when any prediction lies outside {0}', '[0, 1]') },
    { value: 'true', label: l10n.t('logits'), ...(refuses.logits ? { disabled: true, title: refuses.logits } : {}) },
    { value: 'false', label: l10n.t('probabilities'), ...(refuses.probabilities ? { disabled: true, title: refuses.probabilities } : {}) },
  ];
}

/** What the framework has: most have no label smoothing for BCE. */
export function smoothingAvailable(semantics: Semantics): boolean {
  return framework(semantics).labelSmoothing;
}

/**
 * Options after a control changed, made consistent: a reduction the new semantics lacks becomes
 * 'default', logits are not offered to scikit-learn.
 */
export function consistentOptions(o: PanelOptions): PanelOptions {
  const fw = framework(o.semantics);
  const reductions = fw.reductions as readonly string[];
  const refused = (o.fromLogits === 'true' && fw.refuses.logits) || (o.fromLogits === 'false' && fw.refuses.probabilities);
  return {
    ...o,
    reduction: o.reduction === 'default' || reductions.includes(o.reduction) ? o.reduction : 'default',
    fromLogits: refused ? 'auto' : o.fromLogits,
  };
}

export interface Fact {
  label: string;
  value: string;
  /** Full value or explanation for the tooltip. */
  title?: string;
  id?: string;
}

export function summaryFacts(view: PanelView): Fact[] {
  const r = view.result;
  const s = r.stats;
  const facts: Fact[] = [{ label: 'N', value: formatCount(r.n), id: 'n-value', title: r.labels > 1 ? l10n.t('{0} samples × {1} labels', r.n, r.labels) : l10n.t('{0} samples', r.n) }];
  if (r.labels > 1) facts.push({ label: l10n.t('labels'), value: String(r.labels) });
  facts.push({ label: l10n.t('positives'), value: formatCount(s.positives), title: l10n.t('elements with label exactly {0}', 1) });
  facts.push({ label: l10n.t('negatives'), value: formatCount(s.negatives), title: l10n.t('elements with label exactly {0}', 0) });
  if (s.soft) facts.push({ label: l10n.t('soft labels'), value: formatCount(s.soft), title: l10n.t('elements with a label strictly between 0 and 1') });
  if (view.file) {
    facts.push({
      label: l10n.t('invalid rows'),
      value: formatCount(view.file.invalidRows),
      ...(view.file.firstInvalid ? { title: l10n.t('first at line {0}: {1}', view.file.firstInvalid.line, view.file.firstInvalid.reason) } : {}),
      id: 'invalid-rows',
    });
  }
  const container = view.file?.container;
  if (container) {
    facts.push({
      label: l10n.t('file'),
      value: [container.name, container.groupKind === 'record batches' ? l10n.t('{0} record batches', formatCount(container.groups)) : l10n.t('{0} row groups', formatCount(container.groups)), ...container.compression].join(' · '),
      title: [container.writer ? l10n.t('written by {0}', container.writer) : '', l10n.t('columns: {0}', container.columns.map((c) => `${c.name} ${c.type}`).join(', '))].filter(Boolean).join('; '),
      id: 'file-facts',
    });
  }
  if (view.samples.hasWeights) facts.push({ label: l10n.t('Σ weights'), value: formatShort(s.weightSum, 6) });
  facts.push({ label: l10n.t('time'), value: formatDuration(view.elapsedMs), id: 'elapsed', title: view.file ? l10n.t('read {0} and computed {1} option sets in one pass', formatBytes(view.file.bytes), view.comparison.rows.length) : l10n.t('parse and compute') });
  return facts;
}

/** Secondary statistics: class means, sample extremes, prediction range. */
export function statFacts(view: PanelView): Fact[] {
  const s = view.result.stats;
  const facts: Fact[] = [
    { label: l10n.t('mean loss, {0}', 'y = 1'), value: formatShort(s.meanLossPositive) },
    { label: l10n.t('mean loss, {0}', 'y = 0'), value: formatShort(s.meanLossNegative) },
    { label: l10n.t('per-sample loss'), value: `${formatShort(s.minSampleLoss)} … ${formatShort(s.maxSampleLoss)}`, title: l10n.t('mean {0} (unweighted)', formatShort(s.meanSampleLoss, 7)) },
    { label: view.result.fromLogits ? l10n.t('logits') : l10n.t('predictions'), value: `${formatShort(s.minPrediction)} … ${formatShort(s.maxPrediction)}` },
  ];
  return facts;
}

// ---- samples table ---------------------------------------------------------------------------

export type SortKey = 'index' | 'line' | 'row' | 'label' | 'prediction' | 'weight' | 'loss';
export interface SortState {
  key: SortKey;
  descending: boolean;
}

export const PAGE_SIZE = 100;

function sortValue(row: SampleRowView, key: SortKey): number {
  switch (key) {
    case 'index':
      return row.index;
    case 'line':
      return row.line ?? row.index;
    case 'row':
      return row.row ?? row.index;
    case 'label':
      return row.y[0] ?? 0;
    case 'prediction':
      return row.yPred[row.yPred.length === 2 && row.y.length === 1 ? 1 : 0] ?? 0;
    case 'weight':
      return row.weight;
    case 'loss':
      return row.loss ?? -Infinity;
  }
}

/** Sorted copy; ties keep input order (stable), so paging is predictable. */
export function sortRows(rows: readonly SampleRowView[], sort: SortState): SampleRowView[] {
  const dir = sort.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, sort.key) }))
    .sort((a, b) => (a.v === b.v ? a.i - b.i : a.v < b.v ? -dir : dir))
    .map((x) => x.row);
}

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

export function pageRows<T>(rows: readonly T[], page: number, size = PAGE_SIZE): T[] {
  const p = Math.min(Math.max(page, 0), pageCount(rows.length, size) - 1);
  return rows.slice(p * size, (p + 1) * size);
}

export function labelText(v: number | string | boolean): string {
  return typeof v === 'number' ? formatShort(v, 6) : String(v);
}

/** A row's labels / predictions as text ("1", "[0, 1]"). */
export function cellText(values: readonly (number | string | boolean)[]): string {
  return values.length === 1 ? labelText(values[0]) : `[${values.map(labelText).join(', ')}]`;
}

// ---- explain view ----------------------------------------------------------------------------

/** Elements explained term by term; beyond this the view shows the first ones. */
export const MAX_EXPLAINED = 24;

export interface ExplainedTerm {
  /** "y_true[2] = 1, y_pred[2] = 0.4" */
  what: string;
  /** How ŷ came about, when not the input itself: "ŷ = clip(0, 1e-7, 1 − 1e-7) = 1e-7". */
  how?: string;
  /** "−[1 · log(0.4) + 0 · log(0.6)] = 0.9163" with the guarded logs' values. */
  term: string;
  explanation: ElementExplanation;
  sample: number;
  label?: number;
}

export interface Explanation {
  terms: ExplainedTerm[];
  /** More elements than shown. */
  more: number;
  /** "(0.9163 + 0.7136) / 2 = 0.8149" */
  reduction?: string;
  /** What the symbols are under this semantics. */
  legend: string;
}

function howText(e: ElementExplanation, o: ResolvedOptions): string | undefined {
  const n = formulaNumber;
  const eps = lossGuard(o).threshold;
  switch (e.yhatHow) {
    case 'clip':
      return `ŷ = clip(${n(e.input)}, ${n(eps)}, 1 − ${n(eps)}) = ${n(e.yhat)}`;
    case 'sigmoid':
      return `ŷ = σ(${n(e.input)}) = ${n(e.yhat)}`;
    case 'renormalised':
      return l10n.t('ŷ = clip at {0} and renormalise → {1}', n(eps), n(e.yhat));
  }
  if (e.logHow === 'clamp') return l10n.t('a log below {0} is clamped to {0}', '−100');
  if (e.logHow === 'eps') return l10n.t('the logs are {0} and {1}', 'log(ŷ + 1e-7)', 'log(1 − ŷ + 1e-7)');
  return undefined;
}

export function explain(view: PanelView, max = MAX_EXPLAINED): Explanation | undefined {
  const { samples } = view;
  if (samples.kind !== 'all') return undefined;
  const o = optionsOfView(view);
  const terms: ExplainedTerm[] = [];
  let total = 0;
  for (const row of samples.rows) {
    const labels = samples.twoColumns ? 1 : row.yPred.length;
    for (let j = 0; j < labels; j++) {
      total++;
      if (terms.length >= max) continue;
      const idx = labels > 1 ? `[${row.index}][${j}]` : `[${row.index}]`;
      const e = samples.twoColumns
        ? explainSklearnColumns(o, row.y[0], row.yPred[0], row.yPred[1])
        : explainElement(o, row.y[j], row.yPred[j], o.posWeight ? (o.posWeight.length === 1 ? o.posWeight[0] : o.posWeight[j]) : 1);
      const pred = samples.twoColumns ? `[${row.yPred.map((p) => formulaNumber(p)).join(', ')}]` : formulaNumber(row.yPred[j]);
      const how = howText(e, o);
      terms.push({
        what: `y_true${idx} = ${labelText(row.yTrue[j] ?? row.y[j])}${o.labelSmoothing > 0 ? ` → ${formulaNumber(e.yUsed)}` : ''}, y_pred${idx} = ${pred}`,
        ...(how ? { how } : {}),
        term: formatTerm(e),
        explanation: e,
        sample: row.index,
        ...(labels > 1 ? { label: j } : {}),
      });
    }
  }
  const r = view.result;
  const reduction =
    r.reduction === 'none'
      ? undefined
      : explainReduction(o, samples.rows.map((row) => ({ loss: row.loss, weight: row.weight })), samples.twoColumns ? 1 : r.labels, r.loss);
  const y = o.labelSmoothing > 0 ? l10n.t('y = label·(1 − {0}) + {1}', o.labelSmoothing, o.labelSmoothing / 2) : l10n.t('y = the label');
  const fw = framework(o.semantics);
  const yhat = o.fromLogits ? l10n.t('ŷ = σ(logit), the logs computed stably') : `${fw.title} ${lossGuard(o).description}`;
  const formula = 'ℓ = −[y·log ŷ + (1 − y)·log(1 − ŷ)]';
  const legend =
    r.labels > 1 && !samples.twoColumns
      ? fw.sums === 'elements'
        ? l10n.t('{0} with {1}, {2}; {3} averages all elements.', formula, y, yhat, fw.title)
        : l10n.t('{0} with {1}, {2}; a sample’s loss is the mean over its labels.', formula, y, yhat)
      : l10n.t('{0} with {1}, {2}.', formula, y, yhat);
  return { terms, more: total - terms.length, ...(reduction ? { reduction } : {}), legend };
}
