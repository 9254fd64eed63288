/**
 * "BCE Lens: Compute Loss in Database": the query of the active editor (databaseQuery.ts), the
 * connection of the settings (databaseConnection.ts), the column roles from the query's column
 * names (asked in quick picks when they do not say), and the session that runs it
 * (databaseSession.ts). DuckDB is installed on first use only when the person agrees; a
 * PostgreSQL password is asked for and kept in the secret storage, never in settings.json.
 */
import * as vscode from 'vscode';
import { checkUserQuery, type SqlRoles } from '../core/sql';
import type { ColumnChoice } from '../inputs/files';
import { resolveColumns } from '../inputs/files/columns';
import type { DriverMissing } from '../inputs/engines/engineErrors';
import { ENGINE_TIMEOUT_SECONDS, type SqlEngine, type SqlPreview } from '../inputs/engines/sqlEngine';
import { pickColumns } from './columnPick';
import { isPasswordError, parseConnection, passwordKey, shownConnection, urlHasPassword, type DatabaseConnection } from './databaseConnection';
import type { DatabaseContext, DatabaseEngines } from './databaseEngines';
import { DatabaseCommandError } from './databaseErrors';
import { queryOfEditor, QueryPlaceError, shortQuery } from './databaseQuery';
import { DatabaseSession, withEngine, type DatabaseTarget, type QueryInDocument } from './databaseSession';

interface DatabaseSettings {
  connection: unknown;
  timeoutSeconds: number;
  duckdbPath: string | undefined;
}

/** `bceLens.database.*` for the document (connection and timeout are per folder; duckdbPath per machine). */
export function readDatabaseSettings(uri: vscode.Uri): DatabaseSettings {
  const c = vscode.workspace.getConfiguration('bceLens.database', uri);
  const timeout = c.get<unknown>('timeoutSeconds');
  const path = c.get<unknown>('duckdbPath');
  return {
    connection: c.get<unknown>('connection'),
    timeoutSeconds: typeof timeout === 'number' && timeout > 0 ? timeout : ENGINE_TIMEOUT_SECONDS,
    duckdbPath: typeof path === 'string' && path.trim() !== '' ? path.trim() : undefined,
  };
}

/**
 * The session for the active editor's query, ready to compute; undefined when the person closed a
 * question (a column pick, the DuckDB install, the password). Throws DatabaseCommandError.
 */
export async function prepareDatabaseSession(editor: vscode.TextEditor, ctx: DatabaseContext, engines: DatabaseEngines): Promise<DatabaseSession | undefined> {
  const doc = editor.document;
  const query = findQuery(editor);
  const at = { line: query.line, character: query.character };
  const settings = readDatabaseSettings(doc.uri);
  let connection: DatabaseConnection;
  try {
    connection = parseConnection(settings.connection, engines.env);
  } catch (e) {
    throw new DatabaseCommandError((e as Error).message, undefined, at);
  }
  const engine = shownConnection(connection);
  const fail = (e: unknown): never => {
    if (e instanceof Error && e.name === 'AbortError') throw e;
    throw new DatabaseCommandError(e instanceof Error ? e.message : String(e), engine, at);
  };
  const target = await openTarget(connection, settings, doc.uri, engines, ctx).catch(fail);
  if (!target) return undefined;
  const preview = await withEngine(target, vscode.l10n.t('BCE Lens: reading the columns of the query in {0}', engine), undefined, (e: SqlEngine) => e.preview(query.sql, 5)).catch(fail);
  const roles = await rolesOf(preview, shortQuery(query.sql, 40));
  if (!roles) return undefined;
  return new DatabaseSession(doc.uri, query, roles.roles, target, roles.fromLogitsByName);
}

function findQuery(editor: vscode.TextEditor): QueryInDocument {
  const doc = editor.document;
  const text = doc.getText();
  const sel = editor.selection;
  let found;
  try {
    found = queryOfEditor(doc.languageId, text, doc.offsetAt(sel.start), doc.offsetAt(sel.end));
  } catch (e) {
    if (e instanceof QueryPlaceError) {
      const p = doc.positionAt(e.offset);
      throw new DatabaseCommandError(e.message, undefined, { line: p.line, character: p.character });
    }
    throw e;
  }
  const p = doc.positionAt(found.offset);
  try {
    return { sql: checkUserQuery(found.sql), original: found.sql, line: p.line, character: p.character };
  } catch (e) {
    throw new DatabaseCommandError((e as Error).message, undefined, { line: p.line, character: p.character });
  }
}

/** The folder whose relative paths a DuckDB query means: the document's workspace folder (a notebook cell's: its notebook's). */
function searchPathOf(uri: vscode.Uri): string | undefined {
  const file = uri.scheme === 'vscode-notebook-cell' ? uri.with({ scheme: 'file', fragment: '' }) : uri;
  const folder = vscode.workspace.getWorkspaceFolder(file) ?? vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** Opens and closes the connection once, so a missing package or password is settled before anything runs. */
async function tryOpen(open: () => Promise<SqlEngine>): Promise<void> {
  await (await open()).close();
}

/** How to open the connection: its package installed first if missing and the person agrees; for PostgreSQL, the password settled. */
async function openTarget(connection: DatabaseConnection, settings: DatabaseSettings, uri: vscode.Uri, engines: DatabaseEngines, ctx: DatabaseContext): Promise<DatabaseTarget | undefined> {
  const timeoutMs = settings.timeoutSeconds * 1000;
  const storageDir = vscode.Uri.joinPath(ctx.storageDir, 'engines').fsPath;
  /** Tries `open`; a missing package is installed (if the person agrees) and tried again. */
  const installed = async (open: () => Promise<SqlEngine>): Promise<boolean> => {
    try {
      await tryOpen(open);
    } catch (e) {
      if (!(e instanceof Error && e.name === 'DriverMissing')) throw e;
      if (!(await install(engines, storageDir, (e as DriverMissing).spec, connection.kind === 'duckdb'))) return false;
      await tryOpen(open);
    }
    return true;
  };
  if (connection.kind === 'duckdb') {
    const searchPath = searchPathOf(uri);
    const open = () => engines.openDuckdb({ timeoutMs, storageDir, ...(searchPath !== undefined ? { searchPath } : {}), ...(settings.duckdbPath !== undefined ? { duckdbPath: settings.duckdbPath } : {}) });
    return (await installed(open)) ? { connection, open } : undefined;
  }
  const url = connection.url;
  const key = passwordKey(url);
  // PGPASSWORD and ~/.pgpass are pg's own; the secret storage holds what was asked for here.
  let password = urlHasPassword(url) || engines.env.PGPASSWORD ? undefined : await ctx.secrets.get(key);
  const open = () => engines.openPostgres({ url, timeoutMs, storageDir, ...(password !== undefined ? { password } : {}) });
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await installed(open))) return undefined;
      const settled = password;
      return { connection, open: () => engines.openPostgres({ url, timeoutMs, storageDir, ...(settled !== undefined ? { password: settled } : {}) }) };
    } catch (e) {
      if (!(e instanceof Error && isPasswordError(e.message)) || urlHasPassword(url) || attempt >= 2) throw e;
      if (password !== undefined) await ctx.secrets.delete(key);
      password = await vscode.window.showInputBox({
        title: vscode.l10n.t('BCE Lens: password for {0}', shownConnection(connection)),
        prompt: attempt === 0 && password === undefined ? vscode.l10n.t('The server asks for a password. It is kept in VS Code\'s secret storage, never in settings.') : vscode.l10n.t('The password was refused; enter it again.'),
        password: true,
        ignoreFocusOut: true,
      });
      if (password === undefined) return undefined;
      await ctx.secrets.store(key, password);
    }
  }
}

/** Asks to install an engine's package with npm into the extension's storage, and does it; false when the person declines. */
async function install(engines: DatabaseEngines, storageDir: string, spec: string, duckdb: boolean): Promise<boolean> {
  const yes = vscode.l10n.t('Install');
  const setPath = vscode.l10n.t('Set DuckDB Path…');
  const question = duckdb
    ? vscode.l10n.t('BCE Lens: DuckDB ({0}, about 24 MB with its native part) is not installed. Install it with npm into the extension\'s storage, or set bceLens.database.duckdbPath to a folder where it is installed?', spec)
    : vscode.l10n.t('BCE Lens: the PostgreSQL client {0} (pure JavaScript, under 1 MB) is not installed. Install it with npm into the extension\'s storage?', spec);
  const choice = await vscode.window.showWarningMessage(question, yes, ...(duckdb ? [setPath] : []));
  if (choice === setPath) {
    void vscode.commands.executeCommand('workbench.action.openSettings', 'bceLens.database.duckdbPath');
    return false;
  }
  if (choice !== yes) return false;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('BCE Lens: npm install {0}', spec), cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      await engines.install(storageDir, spec, controller.signal);
    } finally {
      cancel.dispose();
    }
  });
  return true;
}

/** The roles from the query's column names, as a file's header is read; quick picks when they do not say. */
async function rolesOf(preview: SqlPreview, name: string): Promise<{ roles: SqlRoles; fromLogitsByName: boolean } | undefined> {
  let problem: string | undefined;
  const plan = tryColumns(preview.names, undefined, (m) => (problem = m));
  if (plan) return plan;
  const choice = await pickColumns(name, { names: preview.names, hasHeader: true, rows: preview.rows, ...(problem ? { problem } : {}) });
  if (!choice) return undefined;
  return tryColumns(preview.names, choice, (m) => {
    throw new DatabaseCommandError(m, undefined, undefined);
  });
}

function tryColumns(names: string[], choice: ColumnChoice | undefined, onProblem: (message: string) => void): { roles: SqlRoles; fromLogitsByName: boolean } | undefined {
  try {
    const plan = resolveColumns(names, true, choice, (message) => {
      throw new Error(message);
    });
    const col = (cols: number[]) => cols.map((c) => names[c]).join(',');
    return {
      roles: {
        yTrue: col(plan.yTrue),
        yPred: col(plan.yPred),
        ...(plan.weight >= 0 ? { weight: names[plan.weight] } : {}),
        ...(plan.epoch >= 0 ? { epoch: names[plan.epoch] } : {}),
        ...(plan.split >= 0 ? { split: names[plan.split] } : {}),
      },
      fromLogitsByName: plan.fromLogitsByName,
    };
  } catch (e) {
    onProblem(vscode.l10n.t('the query\'s columns: {0}', (e as Error).message));
    return undefined;
  }
}
