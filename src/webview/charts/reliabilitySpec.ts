/**
 * The reliability diagram: each bin's share of positives against its mean predicted probability
 * (scikit-learn's calibration_curve), beside the diagonal of perfect calibration. Pure.
 */
import * as l10n from '@vscode/l10n';
import { formatShort } from '../../shared/format';
import type { ReliabilityBinView } from '../../shared/panelView';
import { niceTicks, type ChartSpec } from './chartSpec';
import type { Theme } from './theme';

export type ReliabilityStrategy = 'uniform' | 'quantile';

/** "uniform bins" or "quantile bins", in the page's language. */
function strategyBins(strategy: ReliabilityStrategy): string {
  return strategy === 'uniform' ? l10n.t('uniform bins') : l10n.t('quantile bins');
}

export function reliabilitySpec(bins: readonly ReliabilityBinView[], strategy: ReliabilityStrategy, theme: Theme, label?: string): ChartSpec {
  const title = label ? l10n.t('Reliability diagram ({0})', label) : l10n.t('Reliability diagram');
  const total = bins.reduce((s, b) => s + b.weight, 0);
  const worst = bins.reduce((w, b) => Math.max(w, Math.abs(b.fractionPositive - b.meanPredicted)), 0);
  const ece = bins.reduce((s, b) => s + (total > 0 ? (b.weight / total) * Math.abs(b.fractionPositive - b.meanPredicted) : 0), 0);
  const ticks = niceTicks(0, 1, 5);
  return {
    title,
    x: { label: l10n.t('mean predicted probability'), min: 0, max: 1, scale: 'linear', ticks },
    y: { label: l10n.t('fraction of positives'), min: 0, max: 1, scale: 'linear', ticks },
    series: [
      { kind: 'line', label: l10n.t('perfectly calibrated'), color: theme.muted, width: 1, dash: [4, 4], x: [0, 1], y: [0, 1] },
      { kind: 'line', label: strategyBins(strategy), color: theme.positive, width: theme.lineWidth, dots: true, x: bins.map((b) => b.meanPredicted), y: bins.map((b) => b.fractionPositive) },
    ],
    markers: [],
    summary: l10n.t('{0} non-empty bins of {1} ({2}); expected calibration error {3}, largest gap {4}.', bins.length, 10, strategyBins(strategy), formatShort(ece, 4), formatShort(worst, 4)),
    table: {
      caption: `${title}, ${strategyBins(strategy)}`,
      columns: [l10n.t('mean predicted'), l10n.t('fraction positive'), l10n.t('gap'), l10n.t('weight')],
      rows: bins.map((b) => [formatShort(b.meanPredicted, 6), formatShort(b.fractionPositive, 6), formatShort(b.fractionPositive - b.meanPredicted, 4), formatShort(b.weight, 6)]),
    },
  };
}
