/** The metrics and the findings of in-memory arrays, together: what the CLI's --metrics and the panel show. */
import { resolvedOf } from './compareSemantics';
import { BceError } from './errors';
import { findings, type Finding } from './findings';
import { inputMetrics, type LabelMetrics } from './inputMetrics';
import type { LossInput } from './lossInput';
import type { LossOptions } from './options';
import type { LossResult } from './result';

export interface Diagnosis {
  /** One entry per label; absent where the metrics do not apply (soft labels), with the reason. */
  metrics?: LabelMetrics[];
  metricsNote?: string;
  findings: Finding[];
  /** What the findings leave out (a data file: the broadcast trap, which needs arrays in memory). */
  findingsNote?: string;
}

/** Arrays up to this many elements are diagnosed: the metrics sort them. */
export const DIAGNOSIS_MAX_ELEMENTS = 1_000_000;

/** Metrics and findings of arrays computeLoss(input, options) accepted and gave `result` for. */
export function diagnose(input: LossInput, options: LossOptions, result: LossResult): Diagnosis {
  let metrics: LabelMetrics[] | undefined;
  let metricsNote: string | undefined;
  try {
    metrics = inputMetrics(input, resolvedOf(result));
  } catch (e) {
    if (!(e instanceof BceError)) throw e;
    metricsNote = e.detail;
  }
  return { ...(metrics ? { metrics } : {}), ...(metricsNote ? { metricsNote } : {}), findings: findings(input, options, result, metrics) };
}
