import type { Client as PgClient, ClientConfig } from 'pg';
import type { SqlRow } from '../../core/sql';
import { DriverMissing, EngineCancelled, EngineQueryError, EngineUnavailable } from './engineErrors';
import { redactUrl, withoutPassword } from './engineUrl';
import { previewSql, previewText, type SqlEngine } from './sqlEngine';

/** The pg package and version BCE Lens is tested with. */
export const PG_PACKAGE = 'pg@8.23.1';

export type PgApi = typeof import('pg');

export interface PostgresOptions {
  /** A password the URL does not carry (asked for, or kept in the editor's secret storage). */
  password?: string;
  /** Loads the package (the extension looks in its own places); by default `import('pg')`. */
  load?: () => Promise<PgApi>;
}

/**
 * PostgreSQL through the `pg` package (pure JavaScript). The query runs in a READ ONLY transaction
 * with statement_timeout, so it can neither write nor run forever; the connection has its own
 * timeout. The URL is shown only with its password replaced by ***. cancel() asks the server to
 * stop the query (pg_cancel_backend from a second connection).
 */
export async function openPostgres(url: string, timeoutMs: number, options: PostgresOptions = {}): Promise<SqlEngine> {
  let api: PgApi;
  try {
    api = await (options.load ?? (() => import('pg')))();
  } catch (e) {
    if (e instanceof EngineUnavailable) throw e;
    throw new DriverMissing(`pg is not installed: npm install ${PG_PACKAGE} to compute in PostgreSQL`, PG_PACKAGE);
  }
  const { Client } = api;
  // pg lets the connection string's fields override the config's: a password given apart goes into the URL.
  const withPassword = options.password === undefined ? url : passwordInUrl(url, options.password);
  const config: ClientConfig = {
    connectionString: withPassword,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
    application_name: 'bce-lens',
  };
  const secret = options.password;
  const hide = (message: string) => (secret ? message.split(withPassword).join(redactUrl(url)).split(secret).join('***').split(encodeURIComponent(secret)).join('***') : message);
  const client = new Client(config);
  // An error after connecting (the server going away) must not crash the process: the query rejects with it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new EngineUnavailable(`cannot connect to ${redactUrl(url)}: ${hide(withoutPassword((e as Error).message || String((e as NodeJS.ErrnoException).code), url))}`);
  }
  let cancelled = false;
  const readOnly = async <T>(work: (c: PgClient) => Promise<T>): Promise<T> => {
    cancelled = false;
    try {
      await client.query('BEGIN TRANSACTION READ ONLY');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (cancelled) throw new EngineCancelled();
      const message = hide(withoutPassword((e as Error).message, url));
      if (/statement timeout|Query read timeout/i.test(message)) throw new EngineUnavailable(`the query ran longer than the timeout (${timeoutMs / 1000} s) and was cancelled: ${message}`);
      throw new EngineQueryError(message);
    }
  };
  return {
    run: (sql) => readOnly(async (c) => (await c.query(sql)).rows as SqlRow[]),
    preview: (query, rows) =>
      readOnly(async (c) => {
        const r = await c.query({ text: previewSql(query, rows), rowMode: 'array' });
        return { names: r.fields.map((f) => f.name), rows: (r.rows as unknown[][]).map((row) => row.map(previewText)) };
      }),
    cancel: () => {
      cancelled = true;
      // The server's process of this connection (pg sets it from BackendKeyData).
      const pid = (client as unknown as { processID?: number }).processID;
      if (pid === undefined) return;
      const other = new Client({ ...config, statement_timeout: 10_000, query_timeout: 11_000, connectionTimeoutMillis: 10_000 });
      other.on('error', () => undefined);
      void other
        .connect()
        .then(() => other.query('SELECT pg_cancel_backend($1)', [pid]))
        .catch(() => undefined)
        .finally(() => other.end().catch(() => undefined));
    },
    close: () => client.end().catch(() => undefined),
  };
}

/** The URL with `password` set (percent-encoded as a URL's user info is). */
function passwordInUrl(url: string, password: string): string {
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}
