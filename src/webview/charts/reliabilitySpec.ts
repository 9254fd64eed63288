/**
 * The reliability diagram: each bin's share of positives against its mean predicted probability
 * (scikit-learn's calibration_curve), beside the diagonal of perfect calibration. Pure.
 */
import { formatShort } from '../../shared/format';
import type { ReliabilityBinView } from '../../shared/panelView';
import { niceTicks, type ChartSpec } from './chartSpec';
import type { Theme } from './theme';

export type ReliabilityStrategy = 'uniform' | 'quantile';

export function reliabilitySpec(bins: readonly ReliabilityBinView[], strategy: ReliabilityStrategy, theme: Theme, label?: string): ChartSpec {
  const title = `Reliability diagram${label ? ` (${label})` : ''}`;
  const total = bins.reduce((s, b) => s + b.weight, 0);
  const worst = bins.reduce((w, b) => Math.max(w, Math.abs(b.fractionPositive - b.meanPredicted)), 0);
  const ece = bins.reduce((s, b) => s + (total > 0 ? (b.weight / total) * Math.abs(b.fractionPositive - b.meanPredicted) : 0), 0);
  const ticks = niceTicks(0, 1, 5);
  return {
    title,
    x: { label: 'mean predicted probability', min: 0, max: 1, scale: 'linear', ticks },
    y: { label: 'fraction of positives', min: 0, max: 1, scale: 'linear', ticks },
    series: [
      { kind: 'line', label: 'perfectly calibrated', color: theme.muted, width: 1, dash: [4, 4], x: [0, 1], y: [0, 1] },
      { kind: 'line', label: `${strategy} bins`, color: theme.positive, width: theme.lineWidth, dots: true, x: bins.map((b) => b.meanPredicted), y: bins.map((b) => b.fractionPositive) },
    ],
    markers: [],
    summary: `${bins.length} non-empty ${strategy} bins of 10; expected calibration error ${formatShort(ece, 4)}, largest gap ${formatShort(worst, 4)}.`,
    table: {
      caption: `${title}, ${strategy} bins`,
      columns: ['mean predicted', 'fraction positive', 'gap', 'weight'],
      rows: bins.map((b) => [formatShort(b.meanPredicted, 6), formatShort(b.fractionPositive, 6), formatShort(b.fractionPositive - b.meanPredicted, 4), formatShort(b.weight, 6)]),
    },
  };
}
