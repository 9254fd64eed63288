import type { SqlExecutor } from './engineRun';

/** The engine's limit for connecting and for one query, by default (the CLI's --timeout, the setting bceLens.database.timeoutSeconds). */
export const ENGINE_TIMEOUT_SECONDS = 300;

/** The first rows of a query: its column names and values (as text), for choosing the roles. */
export interface SqlPreview {
  names: string[];
  rows: string[][];
}

/** One open connection to an engine; DuckDB and PostgreSQL give the same. */
export interface SqlEngine {
  /** Runs one query; a failure rejects with EngineQueryError, the timeout with EngineUnavailable, cancel() with EngineCancelled. */
  run: SqlExecutor;
  /** The column names and first `rows` rows of the user's query (already checked by checkUserQuery). */
  preview(query: string, rows: number): Promise<SqlPreview>;
  /** Stops the running query with the engine's own cancel. */
  cancel(): void;
  close(): Promise<void> | void;
}

/** The preview query: the user's query as a subquery, a few rows only. */
export function previewSql(query: string, rows: number): string {
  return `SELECT * FROM (\n${query}\n) AS bce_preview LIMIT ${Math.max(0, Math.floor(rows))}`;
}

/** A value of a preview row as a person reads it. */
export function previewText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
  return String(v);
}
