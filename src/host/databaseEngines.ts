/**
 * The database command as the lens sees it. Its engines need Node (DuckDB's native module, pg's
 * sockets): the desktop's lazily loaded part (node/startLens.ts) installs the command with its
 * engines (node/databaseEngines.ts); the web entry installs none, so the web bundle carries
 * neither the SQL generator nor the engines, and the command says it needs the desktop.
 */
import type * as vscode from 'vscode';
import type { SqlEngine } from '../inputs/engines/sqlEngine';
import type { Session } from './session';

export interface DatabaseEngines {
  /**
   * DuckDB in process, loaded from `duckdbPath` when set (a folder holding
   * node_modules/@duckdb/node-api), else from `storageDir` (where install puts it), else from
   * beside the extension.
   */
  openDuckdb(o: { timeoutMs: number; searchPath?: string; duckdbPath?: string; storageDir: string }): Promise<SqlEngine>;
  /** PostgreSQL through pg, loaded from `storageDir`, else from beside the extension. */
  openPostgres(o: { url: string; timeoutMs: number; password?: string; storageDir: string }): Promise<SqlEngine>;
  /** npm install of `spec` into `storageDir`; rejects with npm's last lines. */
  install(storageDir: string, spec: string, signal: AbortSignal): Promise<void>;
  /** The packages as npm names them, with the tested versions. */
  readonly duckdbPackage: string;
  readonly pgPackage: string;
  /** The extension host's environment, for ${env:NAME} in the connection setting and PGPASSWORD. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What the command needs of the extension's context. */
export interface DatabaseContext {
  /** Where the engines' packages are installed on first use (the extension's global storage). */
  storageDir: vscode.Uri;
  secrets: vscode.SecretStorage;
}

/** Finds the active editor's query and prepares its session; undefined when the person closed a question. */
export type PrepareDatabaseSession = (editor: vscode.TextEditor, ctx: DatabaseContext) => Promise<(Session & { readonly engineName: string }) | undefined>;

let prepare: PrepareDatabaseSession | undefined;

/** Installs the command (the desktop); none in the web. */
export function useDatabaseCommand(p: PrepareDatabaseSession | undefined): void {
  prepare = p;
}

/** The command, or undefined where there is none (the web extension host). */
export function databaseCommand(): PrepareDatabaseSession | undefined {
  return prepare;
}
