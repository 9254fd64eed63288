/** The Diagnosis list (why the loss is what it is) and the metrics beside the loss, for arrays in memory. */
import { formatShort } from '../../shared/format';
import type { MetricsView, PanelView } from '../../shared/panelView';
import { h } from '../dom';
import type { Layout } from '../layout';

const ROWS: [Exclude<keyof MetricsView, 'rocAucError' | 'averagePrecisionError'>, string, string][] = [
  ['baselineLoss', 'Base-rate loss', 'the loss of predicting the share of positives for every sample'],
  ['skill', 'Skill', '1 − loss / base-rate loss: 0 is no better than the base rate, 1 is perfect'],
  ['brier', 'Brier score', 'mean squared error of the probabilities'],
  ['rocAuc', 'ROC AUC', 'how well the predictions rank positives above negatives (0.5 is chance)'],
  ['averagePrecision', 'Average precision', 'area under the precision–recall steps'],
  ['accuracyAtHalf', 'Accuracy at 0.5', 'share of samples on the right side of ŷ = 0.5'],
  ['f1AtHalf', 'F1 at 0.5', 'harmonic mean of precision and recall at ŷ ≥ 0.5'],
  ['bestF1', 'Best F1', 'the largest F1 over every threshold'],
  ['bestThreshold', 'Best F1 threshold', 'predict positive at ŷ ≥ this'],
  ['calibrationError', 'Calibration error', 'expected calibration error over 10 uniform bins'],
];

export function renderDiagnosis(l: Layout, view: PanelView): void {
  const d = view.diagnosis;
  l.diagnosisSection.hidden = !d;
  if (!d) return;
  l.findings.replaceChildren(
    ...(d.findings.length
      ? d.findings.map((f) => h('li', { class: `finding ${f.severity}`, 'data-code': f.code }, h('strong', {}, f.severity === 'warning' ? 'Check: ' : 'Note: '), f.message))
      : [h('li', { class: 'finding none' }, 'Nothing unusual: none of the common causes of a surprising loss shows in this data.')]),
    // What was not looked for (a data file: the broadcast trap), after the list.
    ...(d.findingsNote ? [h('li', { class: 'finding note' }, d.findingsNote)] : []),
  );
  const metrics = d.metrics ?? [];
  l.metrics.hidden = metrics.length === 0;
  l.metricsNote.textContent = d.metricsNote ? `No metrics: ${d.metricsNote}` : d.approximation ? `Approximate: ${d.approximation}.` : '';
  if (metrics.length === 0) return;
  const labels = metrics.length > 1 ? metrics.map((_, j) => `label ${j}`) : ['value'];
  l.metrics.replaceChildren(
    h('caption', { class: 'visually-hidden' }, 'Metrics beside the loss, with scikit-learn 1.2’s definitions'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), ...labels.map((t) => h('th', { scope: 'col', class: 'num' }, t)))),
    h(
      'tbody',
      {},
      ...ROWS.map(([key, name, title]) =>
        h('tr', {}, h('th', { scope: 'row', title }, name), ...metrics.map((m) => h('td', { class: 'num' }, cell(m, key)))),
      ),
    ),
  );
}

/** A metric's cell; ROC AUC and average precision from a histogram carry their error bound. */
function cell(m: MetricsView, key: (typeof ROWS)[number][0]): string {
  const v = m[key];
  if (v === null) return '—';
  const error = key === 'rocAuc' ? m.rocAucError : key === 'averagePrecision' ? m.averagePrecisionError : null;
  return error === null ? formatShort(v, 4) : `${formatShort(v, 6)} ± ${error.toPrecision(2)}`;
}
