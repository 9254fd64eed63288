import { BceAccumulator, type AccumulatorState } from '../accumulator';
import { BceError } from '../errors';
import { framework } from '../frameworks/registry';
import type { ResolvedOptions } from '../options';
import type { LossResult } from '../result';
import type { WorstSample } from '../worstSamples';
import type { SqlStateColumn } from './query';
import { SQL_HISTOGRAM_BINS, SQL_WORST_K, type SqlRoles } from './request';

/** One row of the query's result, as a driver returns it (numbers may come as bigint or numeric strings). */
export type SqlRow = Partial<Record<SqlStateColumn | 'kind' | 'epoch' | 'split' | 'bin', unknown>>;

/** What a data problem in the engine's rows is counted as; any of them refuses the result. */
interface SqlChecks {
  badY: number;
  badP: number;
  badW: number;
  outsideUnit: number;
  negativeWeights: number;
}

/**
 * The engine's answer as BCE Lens keeps it: an accumulator per epoch and split (the histogram and
 * the worst rows in `all`), and the checks. States of parts of the data (partitions, days, files,
 * engines) merge with {@link mergeSqlStates}.
 */
export interface SqlState {
  options: ResolvedOptions;
  groups: { epoch: string | null; split: string | null; state: AccumulatorState }[];
  /** Histogram and worst rows (no samples of its own). */
  extras: AccumulatorState;
  checks: SqlChecks;
}

export interface SqlEpochLoss {
  epoch: string;
  split?: string;
  loss: number;
  n: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : typeof v === 'number' ? v : Number(v));

function emptyState(options: ResolvedOptions, worstK: number, bins: number): AccumulatorState {
  return new BceAccumulator({ options, labels: 1, worstK, histogramBins: bins }).toState();
}

/** Reads the rows of one query (buildLossQuery with the same options) into a state. */
export function readSqlRows(rows: readonly SqlRow[], options: ResolvedOptions, worstK = SQL_WORST_K, bins = SQL_HISTOGRAM_BINS): SqlState {
  const checks: SqlChecks = { badY: 0, badP: 0, badW: 0, outsideUnit: 0, negativeWeights: 0 };
  const extras = emptyState(options, worstK, bins);
  const groups: SqlState['groups'] = [];
  const worst: WorstSample[] = [];
  const probabilities = !options.fromLogits;
  for (const row of rows) {
    const kind = String(row.kind);
    if (kind === 'histogram') {
      const b = num(row.bin);
      if (!Number.isInteger(b) || b < 0 || b >= bins) throw new BceError('shape', `the engine returned histogram bin ${String(row.bin)}; expected 0 to ${bins - 1}`);
      const upper = num(row.upper);
      extras.histogramPositive[b] += upper;
      extras.histogramNegative[b] += num(row.n) - upper;
    } else if (kind === 'worst') {
      worst.push({ index: worst.length, loss: num(row.loss), yTrue: [num(row.y)], yPred: [num(row.p)], weight: num(row.w) });
    } else if (kind === 'total') {
      const n = num(row.n);
      if (n === 0) continue;
      checks.badY += num(row.bad_y);
      checks.badP += num(row.bad_p);
      checks.badW += num(row.bad_w);
      checks.outsideUnit += num(row.outside_unit);
      checks.negativeWeights += num(row.negative_weights);
      const positives = num(row.positives);
      const negatives = num(row.negatives);
      const state = emptyState(options, worstK, bins);
      Object.assign(state, {
        samples: n,
        weighted: { sum: num(row.loss_sum), compensation: 0 },
        unweighted: { sum: num(row.unweighted_sum), compensation: 0 },
        weights: { sum: num(row.weight_sum), compensation: 0 },
        classPositive: { sum: num(row.positive_loss), compensation: 0 },
        classNegative: { sum: num(row.negative_loss), compensation: 0 },
        positives,
        negatives,
        soft: n - positives - negatives,
        minSample: num(row.min_loss),
        maxSample: num(row.max_loss),
        minPred: num(row.min_pred),
        maxPred: num(row.max_pred),
        // Counted for the warning below: the engine has no row positions to name.
        clippedOutside: probabilities ? num(row.outside_unit) : 0,
      } satisfies Partial<AccumulatorState>);
      groups.push({ epoch: row.epoch === null || row.epoch === undefined ? null : String(row.epoch), split: row.split === null || row.split === undefined ? null : String(row.split), state });
    } else throw new BceError('shape', `the engine returned a row of kind "${kind}"; expected total, histogram or worst`);
  }
  extras.worst = worst.sort((a, b) => b.loss - a.loss).slice(0, worstK);
  extras.worst.forEach((w, i) => (w.index = i));
  return { options, groups, extras, checks };
}

/** The state of two parts together (same options): groups of the same epoch and split merge. */
export function mergeSqlStates(a: SqlState, b: SqlState): SqlState {
  const groups = a.groups.map((g) => ({ ...g }));
  for (const g of b.groups) {
    const k = groups.findIndex((h) => h.epoch === g.epoch && h.split === g.split);
    if (k < 0) groups.push({ ...g });
    else {
      const acc = BceAccumulator.fromState(groups[k].state);
      acc.merge(BceAccumulator.fromState(g.state));
      groups[k] = { ...groups[k], state: acc.toState() };
    }
  }
  const extras = BceAccumulator.fromState(a.extras);
  extras.merge(BceAccumulator.fromState(b.extras));
  const checks = { ...a.checks };
  for (const key of Object.keys(checks) as (keyof SqlChecks)[]) checks[key] += b.checks[key];
  return { options: a.options, groups, extras: extras.toState(), checks };
}

/** Compares epoch keys as numbers when both are numbers, else as text. */
function byKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : 1;
}

/**
 * The loss and statistics of a state, as for a file; bad values refuse it in one line naming the
 * column. `logitsDetected` and `warnings` as BceAccumulator.result takes them.
 */
export function finishSqlState(s: SqlState, roles: SqlRoles, extra: { logitsDetected?: boolean; warnings?: string[] } = {}): { result: LossResult; epochs?: SqlEpochLoss[] } {
  const o = s.options;
  const fw = framework(o.semantics);
  const c = s.checks;
  const col = (name: string) => `column "${name}"`;
  if (c.badY > 0) throw new BceError('label-range', `${col(roles.yTrue)}: ${c.badY} label(s) NULL, not finite or outside [0, 1]`);
  if (c.badP > 0) throw new BceError('not-finite', `${col(roles.yPred)}: ${c.badP} prediction(s) NULL or not finite`);
  if (c.badW > 0) throw new BceError('weight', `${col(roles.weight ?? 'sample_weight')}: ${c.badW} sample weight(s) NULL or not finite`);
  const total = new BceAccumulator({ options: o, labels: 1, worstK: s.extras.worstK, histogramBins: s.extras.histogramBins });
  const groups = [...s.groups].sort((a, b) => byKey(a.epoch, b.epoch) || byKey(a.split, b.split));
  for (const g of groups) total.merge(BceAccumulator.fromState({ ...g.state, clippedOutside: 0 }));
  total.merge(BceAccumulator.fromState(s.extras));
  if (total.count === 0) throw new BceError('empty', 'the source has no rows');
  const state = total.toState();
  if (fw.classLabels && state.soft > 0) {
    throw new BceError('label-range', `${col(roles.yTrue)}: ${fw.title} treats labels as classes: expected 0 or 1, ${state.soft} label(s) in between`);
  }
  if (fw.classNames && !o.classes && (state.positives === 0 || state.negatives === 0)) {
    throw new BceError('single-class', `${col(roles.yTrue)} contains only one label (${state.positives ? 1 : 0}); scikit-learn's log_loss then needs the labels argument (--labels 0,1), so the loss is undefined here`);
  }
  const warnings = [...(extra.warnings ?? [])];
  if (!o.fromLogits && c.outsideUnit > 0) {
    if (fw.probabilityGuard(o).kind === 'clamp') {
      throw new BceError('prediction-range', `${col(roles.yPred)}: PyTorch BCELoss needs probabilities in [0, 1], got values from ${state.minPred} to ${state.maxPred}; use logits (BCEWithLogitsLoss) instead`);
    }
    warnings.push(`${c.outsideUnit} prediction(s) outside [0, 1] were clipped as ${fw.title} does (${col(roles.yPred)} ranges from ${state.minPred} to ${state.maxPred})`);
  }
  if (c.negativeWeights > 0) {
    warnings.push(`${c.negativeWeights} negative sample weight(s) in ${col(roles.weight ?? 'sample_weight')}, computed as ${fw.title} computes them: a weighted loss can then be negative or undefined`);
  }
  const result = total.result({ ...extra, warnings });
  if (roles.epoch === undefined) return { result };
  const reduction = o.reduction;
  const epochs = groups.map((g) => {
    const acc = BceAccumulator.fromState({ ...g.state, options: { ...o, reduction } });
    const loss = acc.result().loss as number;
    return { epoch: g.epoch ?? '', ...(g.split !== null ? { split: g.split } : {}), loss, n: acc.count };
  });
  return { result, epochs };
}
