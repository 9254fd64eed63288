import { logitsWarning, type LossOptions, type LossResult } from '../../core';
import { buildLossQuery, finishSqlState, firstGuessLogits, readSqlRows, resolveSqlOptions, type SqlDialectId, type SqlEpochLoss, type SqlRoles, type SqlRow, type SqlSource } from '../../core/sql';

/** Runs one query in an engine and returns its rows; a failure rejects with the engine's message. */
export type SqlExecutor = (sql: string) => Promise<SqlRow[]>;

export interface EngineRequest {
  dialect: SqlDialectId;
  source: SqlSource;
  roles: SqlRoles;
  options: LossOptions;
}

/**
 * The loss computed by the engine: one query, and a second as logits when from_logits is auto
 * and a prediction fell outside [0, 1] (as a file is read again for such a lane).
 */
export async function computeInEngine(run: SqlExecutor, req: EngineRequest): Promise<{ result: LossResult; epochs?: SqlEpochLoss[] }> {
  const asLogits = firstGuessLogits(req.options);
  const options = resolveSqlOptions(req.options, asLogits, req.roles);
  const state = readSqlRows(await run(buildLossQuery({ ...req, options })), options);
  const auto = req.options.fromLogits === 'auto';
  const outside = state.groups.some((g) => g.state.minPred < 0 || g.state.maxPred > 1);
  if (auto && !asLogits && outside && state.checks.badP === 0) {
    const min = Math.min(...state.groups.map((g) => g.state.minPred));
    const max = Math.max(...state.groups.map((g) => g.state.maxPred));
    const value = min < 0 ? min : max;
    // Refused here (the framework takes probabilities only) with the same words as for a file.
    const logits = resolveSqlOptions(req.options, true, req.roles);
    const again = readSqlRows(await run(buildLossQuery({ ...req, options: logits })), logits);
    return finishSqlState(again, req.roles, { logitsDetected: true, warnings: [logitsWarning(`column "${req.roles.yPred}"`, String(value))] });
  }
  return finishSqlState(state, req.roles);
}
