/**
 * The desktop's SQL engines for "Compute Loss in Database". Neither package is in the .vsix (it
 * stays under 1 MB): DuckDB's (about 24 MB with its native part) and pg (pure JavaScript, about
 * 90 KB bundled) are loaded from the extension's global storage, where npm installs them on first
 * use once the person agrees, or from beside the extension (a development checkout); DuckDB also
 * from `bceLens.database.duckdbPath`. Both are required only when the command runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DUCKDB_PACKAGE, openDuckdb as openDuckdbEngine, type DuckdbApi } from '../../inputs/engines/duckdbEngine';
import { EngineUnavailable } from '../../inputs/engines/engineErrors';
import { openPostgres as openPostgresEngine, PG_PACKAGE, type PgApi } from '../../inputs/engines/postgresEngine';
import type { DatabaseEngines } from '../databaseEngines';

/** The package `name` from a folder holding node_modules/<name> (or, for duckdbPath, the package folder itself). */
function requireFrom<T>(dir: string, name: string): T {
  if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'lib', 'index.js'))) return createRequire(join(dir, 'package.json'))('./lib/index.js') as T;
  return createRequire(join(dir, 'noop.js'))(name) as T;
}

/**
 * From the storage folder, else beside the extension (a development checkout). Both packages are
 * external to the bundle and loaded by require: an import() of them would go through Node's ESM
 * loader, which does not see pg's CommonJS exports as names (no `Client`).
 */
function loader<T>(name: string, storageDir: string, fallback: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return requireFrom<T>(storageDir, name);
    } catch {
      return fallback();
    }
  };
}

export const nodeDatabaseEngines: DatabaseEngines = {
  duckdbPackage: DUCKDB_PACKAGE,
  pgPackage: PG_PACKAGE,
  env: process.env,
  openDuckdb: (o) => {
    const load = o.duckdbPath
      ? async () => {
          try {
            return requireFrom<DuckdbApi>(o.duckdbPath as string, '@duckdb/node-api');
          } catch (e) {
            throw new EngineUnavailable(`bceLens.database.duckdbPath: cannot load @duckdb/node-api from ${o.duckdbPath} (${(e as Error).message.split('\n')[0]})`);
          }
        }
      : loader<DuckdbApi>('@duckdb/node-api', o.storageDir, async () => require('@duckdb/node-api') as DuckdbApi);
    return openDuckdbEngine({ timeoutMs: o.timeoutMs, load, ...(o.searchPath !== undefined ? { searchPath: o.searchPath } : {}) });
  },
  openPostgres: (o) => openPostgresEngine(o.url, o.timeoutMs, { load: loader<PgApi>('pg', o.storageDir, async () => require('pg') as PgApi), ...(o.password !== undefined ? { password: o.password } : {}) }),
  install: async (storageDir, spec, signal) => {
    await mkdir(storageDir, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await new Promise<void>((resolve, reject) => {
      execFile(
        npm,
        ['install', '--prefix', storageDir, '--no-audit', '--no-fund', '--no-save', '--omit=dev', spec],
        { signal, shell: process.platform === 'win32', maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          if (error.name === 'AbortError') return reject(error);
          const code = (error as NodeJS.ErrnoException).code;
          const last = String(stderr).trim().split('\n').slice(-2).join(' ');
          reject(new EngineUnavailable(code === 'ENOENT' ? `npm was not found on the PATH: install Node.js and npm, or run npm install ${spec} in a folder (for DuckDB, set bceLens.database.duckdbPath to it)` : `npm install ${spec} failed: ${last || error.message}`));
        },
      );
    });
  },
};
