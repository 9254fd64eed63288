// The loss computed inside a SQL engine: one read-only query per framework and dialect, and its
// rows read back into the accumulator so parts combine.
export { SQL_DIALECTS, SQL_DIALECT_IDS } from './dialects';
export type { SqlDialect, SqlDialectId } from './dialect';
export { buildLossQuery, SQL_STATE_COLUMNS } from './query';
export { firstGuessLogits, resolveSqlOptions, SQL_HISTOGRAM_BINS, SQL_WORST_K, type SqlLossRequest, type SqlRoles, type SqlSource } from './request';
export { finishSqlState, mergeSqlStates, readSqlRows, type SqlEpochLoss, type SqlRow, type SqlState } from './merge';
export { checkUserQuery, looksLikeQuery } from './userQuery';
