import type { SqlRow } from '../../core/sql';
import type { SqlExecutor } from './engineRun';
import { EngineQueryError, EngineUnavailable } from './engineErrors';
import { redactUrl, withoutPassword } from './engineUrl';

/**
 * PostgreSQL through the `pg` package (pure JavaScript). The query runs in a READ ONLY transaction
 * with statement_timeout, so it can neither write nor run forever; the connection has its own
 * timeout. The URL is shown only with its password replaced by ***.
 */
export async function openPostgres(url: string, timeoutMs: number): Promise<{ run: SqlExecutor; close: () => Promise<void> }> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs, query_timeout: timeoutMs + 1000, application_name: 'bce-lens' });
  // An error after connecting (the server going away) must not crash the process: the query rejects with it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new EngineUnavailable(`cannot connect to ${redactUrl(url)}: ${withoutPassword((e as Error).message || String((e as NodeJS.ErrnoException).code), url)}`);
  }
  return {
    run: async (sql) => {
      try {
        await client.query('BEGIN TRANSACTION READ ONLY');
        const result = await client.query(sql);
        await client.query('COMMIT');
        return result.rows as SqlRow[];
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        const message = withoutPassword((e as Error).message, url);
        if (/statement timeout|Query read timeout/i.test(message)) throw new EngineUnavailable(`the query ran longer than the timeout (${timeoutMs / 1000} s) and was cancelled: ${message}`);
        throw new EngineQueryError(message);
      }
    },
    close: () => client.end().catch(() => undefined),
  };
}
