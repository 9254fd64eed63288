import type { SqlRow } from '../../core/sql';
import { EngineQueryError, EngineUnavailable } from './engineErrors';
import type { SqlExecutor } from './engineRun';

/**
 * DuckDB in process, for Parquet paths and globs (and any query DuckDB reads). @duckdb/node-api
 * and its native part (about 24 MB) are loaded here only, by a dynamic import on this path: the
 * CLI bundle keeps it external and the extension never reaches this file.
 */
export async function openDuckdb(timeoutMs = 0): Promise<{ run: SqlExecutor; interrupt: () => void; close: () => void }> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch {
    throw new EngineUnavailable('DuckDB is not installed: npm install @duckdb/node-api@1.5.6-r.1 (next to bce-lens) to compute in DuckDB');
  }
  const db = await api.DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  return {
    run: async (sql) => {
      // The engine's own cancel: interrupt() stops the running query, which then rejects.
      let timedOut = false;
      const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), connection.interrupt()), timeoutMs) : undefined;
      try {
        const reader = await connection.runAndReadAll(sql);
        return reader.getRowObjectsJS() as SqlRow[];
      } catch (e) {
        if (timedOut) throw new EngineUnavailable(`the query ran longer than the timeout (${timeoutMs / 1000} s) and was cancelled`);
        throw new EngineQueryError(firstLine((e as Error).message));
      } finally {
        clearTimeout(timer);
      }
    },
    interrupt: () => connection.interrupt(),
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
