/**
 * The connection of `bceLens.database.connection`: "duckdb" (in process) or a PostgreSQL URL,
 * which may be read from an environment variable ("${env:NAME}") so that it stays out of
 * settings.json. A password is never shown: the URL is masked in every message and title. Pure
 * (no vscode): unit-tested.
 */
import { redactUrl } from '../inputs/engines/engineUrl';

export type DatabaseConnection = { kind: 'duckdb' } | { kind: 'postgres'; url: string };

/** Thrown for a setting that names no connection; the message says what was expected. */
export class ConnectionSettingError extends Error {
  override readonly name = 'ConnectionSettingError';
}

/** Reads the setting's value, with `${env:NAME}` replaced from `env`. */
export function parseConnection(setting: unknown, env: Readonly<Record<string, string | undefined>>): DatabaseConnection {
  const raw = typeof setting === 'string' ? setting.trim() : '';
  if (raw === '' || raw.toLowerCase() === 'duckdb') return { kind: 'duckdb' };
  let missing: string | undefined;
  const value = raw.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') missing ??= name;
    return v ?? '';
  });
  if (missing !== undefined) throw new ConnectionSettingError(`bceLens.database.connection reads the environment variable ${missing}, which is not set in VS Code's environment`);
  if (value.toLowerCase() === 'duckdb') return { kind: 'duckdb' };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  throw new ConnectionSettingError(`bceLens.database.connection: expected "duckdb", a postgres:// URL or \${env:NAME}, got "${redactUrl(value)}"`);
}

/** How the connection is named to a person: "DuckDB", or the URL with its password as ***. */
export function shownConnection(c: DatabaseConnection): string {
  return c.kind === 'duckdb' ? 'DuckDB' : redactUrl(c.url);
}

/** Whether the URL carries a password of its own (else one may come from PGPASSWORD, ~/.pgpass or the secret storage). */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /\/\/[^:/@]*:[^@]+@/.test(url);
  }
}

/** The key of a connection's password in the secret storage: the URL without its password (the server and user it is for). */
export function passwordKey(url: string): string {
  return `bceLens.database.password:${redactUrl(url)}`;
}

/** pg's wording when the server wants a password the client does not have, or refuses the one given. */
export function isPasswordError(message: string): boolean {
  return /password authentication failed|client password must be a string|no password supplied/i.test(message);
}
