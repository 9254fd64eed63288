/** The big number, what it is in words, the counts behind it and the warnings. */
import { formatLoss } from '../../shared/format';
import type { PanelView } from '../../shared/panelView';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import type { Layout } from '../layout';
import { statFacts, summaryFacts, type Fact } from '../model';

function factList(el: HTMLElement, facts: Fact[]): void {
  el.replaceChildren(
    ...facts.map((f) =>
      h('div', { class: 'fact', title: f.title }, h('dt', {}, f.label), h('dd', f.id ? { id: f.id, 'data-testid': f.id } : {}, f.value)),
    ),
  );
}

export function renderSummary(l: Layout, view: PanelView): void {
  const r = view.result;
  l.sourceTitle.textContent = view.source.title;
  // Cut with an ellipsis when the panel is too narrow: the whole name in the tooltip.
  l.sourceTitle.title = view.source.title;
  l.sourceDetail.textContent = view.source.detail;
  l.lossValue.textContent = formatLoss(r.loss);
  l.lossValue.title = l10n.t('{0} (full precision)', r.loss === null ? l10n.t('undefined') : String(r.loss));
  l.lossValue.dataset.value = String(r.loss);
  l.lossCaption.textContent = r.perSample ? l10n.t('mean of {0} per-sample values (reduction "{1}")', r.perSample.count, 'none') : l10n.t('binary cross-entropy');
  l.description.textContent = r.description;
  factList(l.facts, summaryFacts(view));
  const n = l.facts.querySelector<HTMLElement>('#n-value');
  if (n) n.dataset.value = String(r.n);
  factList(l.stats, statFacts(view));
  const notes: string[] = [];
  notes.push(...r.warnings);
  if (view.file?.invalidRows && view.file.firstInvalid) {
    const f = view.file.firstInvalid;
    notes.push(l10n.t('{0} invalid row(s) skipped; the first at line {1}, column {2}: {3}.', view.file.invalidRows, f.line, f.column, f.reason));
  }
  // Only for arrays written as code: a file's column is plainly n samples.
  if (view.source.kind === 'selection' && r.labels === 1 && !view.samples.twoColumns && (r.reduction === 'sum' || r.reduction === 'none')) {
    notes.push(l10n.t('A 1-D array is read as n samples of one label, shape (n, 1): Keras called on a plain 1-D list would treat it as ONE sample and give the mean.'));
  }
  l.warnings.replaceChildren(...notes.map((t) => h('li', {}, t)));
  l.warnings.hidden = notes.length === 0;
}
