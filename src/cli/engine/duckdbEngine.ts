import type { SqlRow } from '../../core';
import type { SqlExecutor } from './engineRun';

/**
 * DuckDB in process, for Parquet paths and globs (and any query DuckDB reads). @duckdb/node-api
 * and its native part (about 24 MB) are loaded here only, by a dynamic import on this path: the
 * CLI bundle keeps it external and the extension never reaches this file.
 */
export async function openDuckdb(): Promise<{ run: SqlExecutor; interrupt: () => void; close: () => void }> {
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
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as SqlRow[];
    },
    interrupt: () => connection.interrupt(),
    close: () => {
      connection.closeSync();
      db.closeSync();
    },
  };
}

/** An engine that cannot be reached or loaded: one line, no stack. */
export class EngineUnavailable extends Error {}
