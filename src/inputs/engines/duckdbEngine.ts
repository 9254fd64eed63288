import type { SqlRow } from '../../core/sql';
import { DriverMissing, EngineCancelled, EngineQueryError, EngineUnavailable } from './engineErrors';
import { previewSql, previewText, type SqlEngine } from './sqlEngine';

/** The DuckDB package and version BCE Lens is tested with: what the messages tell a person to install. */
export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';

export type DuckdbApi = typeof import('@duckdb/node-api');

export interface DuckdbOptions {
  /** Milliseconds before the running query is interrupted; 0: none. */
  timeoutMs?: number;
  /** Loads the package (the extension looks in its own places); by default `import('@duckdb/node-api')`. */
  load?: () => Promise<DuckdbApi>;
  /** Where relative paths in a query resolve (DuckDB's file_search_path), e.g. the workspace folder. */
  searchPath?: string;
}

/**
 * DuckDB in process, for Parquet paths and globs (and any query DuckDB reads). @duckdb/node-api
 * and its native part (about 24 MB) are loaded here only, by a dynamic import on this path: the
 * bundles keep it external and nothing else reaches this file.
 */
export async function openDuckdb(options: DuckdbOptions = {}): Promise<SqlEngine> {
  const timeoutMs = options.timeoutMs ?? 0;
  let api: DuckdbApi;
  try {
    api = await (options.load ?? (() => import('@duckdb/node-api')))();
  } catch (e) {
    if (e instanceof EngineUnavailable) throw e;
    throw new DriverMissing(`DuckDB is not installed: npm install ${DUCKDB_PACKAGE} (next to bce-lens) to compute in DuckDB`, DUCKDB_PACKAGE);
  }
  const db = await api.DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  if (options.searchPath !== undefined) await connection.run(`SET file_search_path = '${options.searchPath.split("'").join("''")}'`);
  let cancelled = false;
  // The engine's own cancel: interrupt() stops the running query, which then rejects.
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    let timedOut = false;
    cancelled = false;
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), connection.interrupt()), timeoutMs) : undefined;
    try {
      return await work();
    } catch (e) {
      if (cancelled) throw new EngineCancelled();
      if (timedOut) throw new EngineUnavailable(`the query ran longer than the timeout (${timeoutMs / 1000} s) and was cancelled`);
      throw new EngineQueryError(firstLine((e as Error).message));
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    run: (sql) => guarded(async () => (await connection.runAndReadAll(sql)).getRowObjectsJS() as SqlRow[]),
    preview: (query, rows) =>
      guarded(async () => {
        const reader = await connection.runAndReadAll(previewSql(query, rows));
        return { names: reader.columnNames(), rows: reader.getRowsJS().map((r) => r.map(previewText)) };
      }),
    cancel: () => {
      cancelled = true;
      connection.interrupt();
    },
    close: () => {
      connection.closeSync();
      db.closeSync();
    },
  };
}

/** DuckDB's messages end with a caret drawing of the query; the first line says what went wrong. */
function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
