/** Loss per epoch (one line per split: train, val), when the data has an epoch column. Pure. */
import * as l10n from '@vscode/l10n';
import { formatShort } from '../../shared/format';
import type { EpochPointView } from '../../shared/panelView';
import { niceTicks, type ChartSpec, type LineSeries } from './chartSpec';
import type { Theme } from './theme';

/** Epochs in their natural order: numerically when they are numbers, else as first seen. */
export function epochOrder(points: readonly EpochPointView[]): string[] {
  const seen = [...new Set(points.map((p) => p.epoch))];
  const numeric = seen.every((e) => e.trim() !== '' && Number.isFinite(Number(e)));
  return numeric ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

function splitColor(split: string, i: number, theme: Theme): string {
  const s = split.toLowerCase();
  if (/^(train|training)$/.test(s)) return theme.train;
  if (/^(val|valid|validation|test|eval|dev)$/.test(s)) return theme.validation;
  return [theme.train, theme.validation, theme.accent, theme.foreground][i % 4];
}

export function epochSpec(points: readonly EpochPointView[], theme: Theme): ChartSpec {
  const epochs = epochOrder(points);
  const index = new Map(epochs.map((e, i) => [e, i]));
  // Data without a split column is one line, named after what it shows.
  const unsplit = l10n.t('loss');
  const splits = [...new Set(points.map((p) => p.split ?? unsplit))];
  const series: LineSeries[] = splits.map((split, i) => {
    const mine = points.filter((p) => (p.split ?? unsplit) === split).sort((a, b) => (index.get(a.epoch) ?? 0) - (index.get(b.epoch) ?? 0));
    return {
      kind: 'line',
      label: split,
      color: splitColor(split, i, theme),
      width: theme.lineWidth,
      dots: true,
      x: mine.map((p) => index.get(p.epoch) ?? 0),
      y: mine.map((p) => p.loss),
    };
  });
  const losses = points.map((p) => p.loss).filter(Number.isFinite);
  const yMax = Math.max(...losses, 0.1) * 1.08;
  // Label at most ~12 epochs; the rest are between ticks.
  const every = Math.max(1, Math.ceil(epochs.length / 12));
  const ticks = epochs.map((e, i) => ({ value: i, label: e })).filter((_, i) => i % every === 0 || i === epochs.length - 1);
  const last = splits.map((split) => {
    const s = series.find((l) => l.label === split) as LineSeries;
    const v = s.y[s.y.length - 1];
    return `${split} ${formatShort(v ?? NaN, 4)}`;
  });
  const rows = epochs.map((e) => [e, ...splits.map((split) => {
    const p = points.find((q) => q.epoch === e && (q.split ?? unsplit) === split);
    return p ? l10n.t('{0} (n = {1})', formatShort(p.loss, 6), p.n) : '—';
  })]);
  return {
    title: l10n.t('Loss per epoch'),
    x: { label: l10n.t('epoch'), min: -0.25, max: Math.max(epochs.length - 1, 0) + 0.25, scale: 'linear', ticks },
    y: { label: l10n.t('loss'), min: 0, max: yMax, scale: 'linear', ticks: niceTicks(0, yMax, 5) },
    series,
    markers: [],
    summary: l10n.t('Loss per epoch over {0} epochs ({1}); last: {2}.', epochs.length, splits.join(', '), last.join(', ')),
    table: { caption: l10n.t('Loss per epoch'), columns: [l10n.t('epoch'), ...splits], rows },
  };
}
