/** The Diagnosis list (why the loss is what it is) and the metrics beside the loss, for arrays in memory. */
import { formatShort } from '../../shared/format';
import type { MetricsView, PanelView } from '../../shared/panelView';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import type { Layout } from '../layout';

type MetricKey = Exclude<keyof MetricsView, 'rocAucError' | 'averagePrecisionError'>;

/** The rows: a function, so the words are looked up once the page has its translations. */
function rows(): [MetricKey, string, string][] {
  return [
    ['baselineLoss', l10n.t('Base-rate loss'), l10n.t('the loss of predicting the share of positives for every sample')],
    ['skill', l10n.t('Skill'), l10n.t('1 − loss / base-rate loss: 0 is no better than the base rate, 1 is perfect')],
    ['brier', l10n.t('Brier score'), l10n.t('mean squared error of the probabilities')],
    ['rocAuc', l10n.t('ROC AUC'), l10n.t('how well the predictions rank positives above negatives (0.5 is chance)')],
    ['averagePrecision', l10n.t('Average precision'), l10n.t('area under the precision–recall steps')],
    ['accuracyAtHalf', l10n.t('Accuracy at {0}', '0.5'), l10n.t('share of samples on the right side of {0}', 'ŷ = 0.5')],
    ['f1AtHalf', l10n.t('F1 at {0}', '0.5'), l10n.t('harmonic mean of precision and recall at {0}', 'ŷ ≥ 0.5')],
    ['bestF1', l10n.t('Best F1'), l10n.t('the largest F1 over every threshold')],
    ['bestThreshold', l10n.t('Best F1 threshold'), l10n.t('predict positive at ŷ ≥ this')],
    ['calibrationError', l10n.t('Calibration error'), l10n.t('expected calibration error over {0} uniform bins', 10)],
  ];
}

export function renderDiagnosis(l: Layout, view: PanelView): void {
  const d = view.diagnosis;
  l.diagnosisSection.hidden = !d;
  if (!d) return;
  l.findings.replaceChildren(
    ...(d.findings.length
      ? d.findings.map((f) => h('li', { class: `finding ${f.severity}`, 'data-code': f.code }, h('strong', {}, f.severity === 'warning' ? l10n.t('Check: ') : l10n.t('Note: ')), f.message))
      : [h('li', { class: 'finding none' }, l10n.t('Nothing unusual: none of the common causes of a surprising loss shows in this data.'))]),
    // What was not looked for (a data file: the broadcast trap), after the list.
    ...(d.findingsNote ? [h('li', { class: 'finding note' }, d.findingsNote)] : []),
  );
  const metrics = d.metrics ?? [];
  l.metrics.hidden = metrics.length === 0;
  l.metricsNote.textContent = d.metricsNote ? l10n.t('No metrics: {0}', d.metricsNote) : d.approximation ? l10n.t('Approximate: {0}.', d.approximation) : '';
  if (metrics.length === 0) return;
  const labels = metrics.length > 1 ? metrics.map((_, j) => l10n.t('label {0}', j)) : [l10n.t('value')];
  l.metrics.replaceChildren(
    h('caption', { class: 'visually-hidden' }, l10n.t('Metrics beside the loss, with the definitions of {0}', 'scikit-learn 1.2')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, l10n.t('Metric')), ...labels.map((t) => h('th', { scope: 'col', class: 'num' }, t)))),
    h(
      'tbody',
      {},
      ...rows().map(([key, name, title]) =>
        h('tr', {}, h('th', { scope: 'row', title }, name), ...metrics.map((m) => h('td', { class: 'num' }, cell(m, key)))),
      ),
    ),
  );
}

/** A metric's cell; ROC AUC and average precision from a histogram carry their error bound. */
function cell(m: MetricsView, key: MetricKey): string {
  const v = m[key];
  if (v === null) return '—';
  const error = key === 'rocAuc' ? m.rocAucError : key === 'averagePrecision' ? m.averagePrecisionError : null;
  return error === null ? formatShort(v, 4) : `${formatShort(v, 6)} ± ${error.toPrecision(2)}`;
}
