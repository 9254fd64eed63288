import { BceError } from '../errors';
import { framework } from '../frameworks/registry';
import { effectiveDtype, resolveReduction, validateOptions, type LossOptions, type ResolvedOptions } from '../options';
import type { SqlDialectId } from './dialect';

/** Where the rows are: a table (or view), the user's own SELECT, or Parquet files (DuckDB's read_parquet). */
export type SqlSource = { kind: 'table'; name: string } | { kind: 'query'; sql: string } | { kind: 'parquet'; path: string };

/** The source's columns for each role; y_true and y_pred by default. */
export interface SqlRoles {
  yTrue: string;
  yPred: string;
  weight?: string;
  epoch?: string;
  split?: string;
}

export interface SqlLossRequest {
  dialect: SqlDialectId;
  source: SqlSource;
  roles: SqlRoles;
  /** Resolved: from_logits decided (see {@link resolveSqlOptions}). */
  options: ResolvedOptions;
  /** As the accumulator's defaults: the 50 worst rows, 40 histogram bins. */
  worstK?: number;
  histogramBins?: number;
}

export const SQL_WORST_K = 50;
export const SQL_HISTOGRAM_BINS = 40;

/**
 * The options for one query: validated as for a file, from_logits decided (`asLogits` for
 * 'auto'), and what the engine cannot return refused in one line.
 */
export function resolveSqlOptions(o: LossOptions, asLogits: boolean, roles: SqlRoles): ResolvedOptions {
  validateOptions(o);
  const fw = framework(o.semantics);
  const reduction = resolveReduction(o);
  if (reduction === 'none') {
    throw new BceError('option', 'reduction "none" lists every row\'s loss; in the engine BCE Lens computes the totals only: choose a mean or sum, or read a file');
  }
  if (roles.yTrue.includes(',') || roles.yPred.includes(',')) {
    throw new BceError('shape', 'the engine query takes one label column and one prediction column (multi-label rows are read from files)');
  }
  if (roles.weight !== undefined && fw.refuses.sampleWeights) throw new BceError('option', fw.refuses.sampleWeights);
  if (o.classes !== undefined && !(o.classes.length === 2 && o.classes.every((c, i) => c === i))) {
    throw new BceError('option', 'in the engine, class labels are the numbers 0 and 1; --labels may only be 0,1');
  }
  const fromLogits = o.fromLogits === 'auto' ? asLogits : o.fromLogits;
  if (fromLogits && fw.refuses.logits) throw new BceError('option', fw.refuses.logits);
  if (!fromLogits && fw.refuses.probabilities) throw new BceError('option', fw.refuses.probabilities);
  if (o.posWeight && o.posWeight.length !== 1) throw new BceError('shape', `pos_weight has ${o.posWeight.length} entries but each row has one label; give one`);
  return {
    semantics: o.semantics,
    fromLogits,
    labelSmoothing: o.labelSmoothing,
    reduction,
    dtype: effectiveDtype(o.semantics, o.dtype),
    ...(o.posWeight && fromLogits ? { posWeight: o.posWeight } : {}),
    ...(o.classes ? { classes: o.classes } : {}),
  };
}

/** What 'auto' reads first: probabilities, unless the framework takes logits only. */
export function firstGuessLogits(o: LossOptions): boolean {
  return o.fromLogits === 'auto' ? framework(o.semantics).refuses.probabilities !== undefined : o.fromLogits;
}
