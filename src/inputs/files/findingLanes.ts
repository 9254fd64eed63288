/**
 * The findings of a data file (core/findings.ts) from the one pass that reads it: beside the chosen
 * options' lane run the alternatives' lanes (the extra sigmoid undone, the labels flipped, the
 * predictions read as probabilities or as logits, the framework's previous version) and a lane of the
 * elements at the framework's guard, each through the framework's own accumulator, so every number a
 * finding shows is the loss itself, not an estimate. The rest comes from lane 0's accumulator (the
 * class sums behind the loss under pos_weight), the metrics and the rows skipped for a non-finite
 * prediction. The broadcast trap needs arrays whose shapes broadcast: selections only.
 */
import { alternativeOptions, BceAccumulator, findingAlternatives, findingsOf, resolvedOf, type AccumulatorState, type Alternative, type Finding, type LabelMetrics, type LossOptions, type LossResult } from '../../core';
import type { LaneVariant, PassState } from './lanes';

/** A findings lane: what it computes, and the option set (and transform) it runs with. */
export interface FindingLane {
  kind: Alternative | 'clipped';
  variant: LaneVariant;
}

/** What a findings lane gave: its result, 'empty' (it took no rows: no element at the guard), or nothing. */
export type FindingLaneOutcome = LossResult | 'empty' | undefined;

/** Said beside a file's findings: the one finding a file cannot show. */
export const FILE_FINDINGS_NOTE =
  'broadcast-trap is looked for in selections only: it needs arrays whose shapes broadcast, (n,) labels against (n, 1) predictions, and a data file’s columns are read as n rows';

/** The extra lanes a pass runs for the findings of `chosen` (the pass's first option set). */
export function findingLanes(chosen: LossOptions): FindingLane[] {
  const lanes: FindingLane[] = findingAlternatives(chosen).map((kind) => ({
    kind,
    variant: kind === 'undo-sigmoid' || kind === 'flip-labels' ? { ...chosen, transform: kind } : alternativeOptions(chosen, kind),
  }));
  if (chosen.fromLogits !== true) lanes.push({ kind: 'clipped', variant: { ...chosen, transform: 'clipped-only' } });
  return lanes;
}

export interface FileFindingsInput {
  /** Lane 0's result and accumulator. */
  result: LossResult;
  lane0: AccumulatorState;
  chosen: LossOptions;
  metrics?: LabelMetrics[];
  lanes: readonly FindingLane[];
  /** One per lane of `lanes`. */
  outcomes: readonly FindingLaneOutcome[];
  nonFinite?: PassState['nonFinite'];
  /** The file's name, for the place of the first non-finite prediction. */
  name: string;
  fromLogitsByName: boolean;
}

/** The file's findings, decided as a selection's are (findingsOf). */
export function fileFindings(f: FileFindingsInput): Finding[] {
  const r = f.result;
  if (typeof r.loss !== 'number') return [];
  const outcome = (kind: FindingLane['kind']) => {
    const k = f.lanes.findIndex((l) => l.kind === kind);
    return k < 0 ? undefined : f.outcomes[k];
  };
  const lossAs = (a: Alternative): number | undefined => {
    const o = outcome(a);
    if (!o || o === 'empty' || typeof o.loss !== 'number') return undefined;
    // The data-changing alternatives read the predictions as lane 0 ended up reading them.
    if ((a === 'undo-sigmoid' || a === 'flip-labels' || a === 'previous-version') && o.fromLogits !== r.fromLogits) return undefined;
    return o.loss;
  };
  const elements = r.n * r.labels;
  const clippedOutcome = outcome('clipped');
  // Σ ℓ of the elements unweighted: the mean sample loss of lane 0 is Σ (row sum / labels) / n.
  const total = r.stats.meanSampleLoss * elements;
  const clipped =
    r.fromLogits || clippedOutcome === undefined
      ? undefined
      : clippedOutcome === 'empty'
        ? { count: 0, loss: 0, total }
        : clippedOutcome.fromLogits
          ? undefined
          : { count: clippedOutcome.n, loss: clippedOutcome.stats.meanSampleLoss * clippedOutcome.n, total };
  const classLoss = BceAccumulator.fromState(f.lane0).classWeightedLosses();
  return findingsOf({
    loss: r.loss,
    options: resolvedOf(r),
    chosenFromLogits: f.chosen.fromLogits,
    elements,
    minPrediction: r.stats.minPrediction,
    maxPrediction: r.stats.maxPrediction,
    fromLogitsByName: f.fromLogitsByName,
    ...(f.metrics?.[0] ? { metrics: f.metrics[0] } : {}),
    ...(classLoss && r.stats.soft === 0 ? { classLoss } : {}),
    ...(clipped ? { clipped } : {}),
    ...(f.nonFinite ? { nonFinite: { count: f.nonFinite.count, place: `${f.name}:${f.nonFinite.first.line}:${f.nonFinite.first.column}` } } : {}),
    lossAs,
  });
}
