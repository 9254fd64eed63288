/**
 * The extension's commands and what they share: the panel, the status bar, the last result and
 * error (for the API). One instance per activation.
 */
import * as vscode from 'vscode';
import type { LossResult } from '../core';
import type { ColumnChoice } from '../inputs/files';
import { isPanelState, isOptionValue, type PanelState } from '../shared/protocol';
import { normaliseOption, type BceLensTestApi, type LastError } from './api';
import { COMMANDS } from './commands';
import { fileErrorReport, isAbortError, selectionErrorReport, showErrorReport, type ErrorReport } from './errors';
import { databaseCommand, type DatabaseContext } from './databaseEngines';
import { DatabaseCommandError, databaseErrorReport } from './databaseErrors';
import { FileSession } from './fileSession';
import { LossPanel } from './panel';
import { KEPT_SOURCE_KEY, keptSourceOf, restoredSource, type KeptSource } from './panelSource';
import { columnFormatOf, pickFileColumns, previewOf, rememberedColumns } from './columnPick';
import { pickDataFile } from './pickFile';
import { SelectionSession } from './selectionSession';
import type { ApiResult, Computation, FileApiResult, Session } from './session';
import { readPanelDefaults, readShowStatusBar } from './settings';
import { LossStatusBar } from './statusBar';

export { COMMANDS };

export class BceLens implements vscode.Disposable {
  readonly panel: LossPanel;
  private readonly statusBar: LossStatusBar;
  private last: ApiResult | undefined;
  private lastErr: LastError | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** Where the shown panel's source is kept for a restore (workspace state). */
    private readonly state: vscode.Memento,
    /** The database command's storage (DuckDB installed on first use) and secrets (passwords). */
    private readonly database: DatabaseContext,
  ) {
    this.statusBar = new LossStatusBar(COMMANDS.showPanel, readShowStatusBar());
    this.panel = new LossPanel(extensionUri, {
      onActivity: (a) => {
        if (a.kind === 'busy') this.statusBar.busy(a.label, a.fraction);
        else if (a.kind === 'stale') this.statusBar.stale(a.message);
        else this.statusBar.settle();
      },
      onComputation: (c) => {
        this.shown(c);
        // A control of the panel was changed (the walkthrough's "change an option" step).
        void vscode.commands.executeCommand('setContext', 'bceLens.optionChanged', true);
      },
      onRest: (c) => this.shown(c),
      onError: (report) => this.noteError(report),
      chooseColumns: async (uri) => {
        const columns = await this.columnsFor(uri, true);
        if (columns) await this.readFile(uri, columns);
      },
      restoreSession: (view) => restoreSession(restoredSource(this.state.get(KEPT_SOURCE_KEY), view)),
      onRestored: (view) => {
        this.statusBar.update(view);
        void vscode.commands.executeCommand('setContext', 'bceLens.hasResult', true);
      },
      log,
    });
  }

  /** Settings changed: only the status bar reads one live; the loss options apply to the next command. */
  onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('bceLens.statusBar')) this.statusBar.setEnabled(readShowStatusBar());
  }

  async computeSelection(): Promise<LossResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      this.fail({ message: vscode.l10n.t('BCE Lens: open an editor and select the arrays of labels and predictions (e.g. y_true = [...] and y_pred = [...]).') });
      return undefined;
    }
    const whole = editor.selections.every((s) => s.isEmpty);
    let session: SelectionSession;
    try {
      session = SelectionSession.fromEditor(editor);
    } catch (e) {
      const report = selectionErrorReport(e, editor.document, undefined);
      // Nothing was selected and the document is not just the arrays: say what to do.
      if (whole) report.message += vscode.l10n.t(' (nothing was selected, so the whole document was read: select the arrays)');
      this.fail(report, e);
      this.shownIsOlder(report);
      return undefined;
    }
    try {
      const c = await session.compute(readPanelDefaults(editor.document.uri), { signal: new AbortController().signal });
      this.show(session, c);
      return c.result;
    } catch (e) {
      const report = session.errorReport(e);
      this.fail(report, e);
      this.shownIsOlder(report);
      return undefined;
    }
  }

  /** The file of `arg` (a Uri, a path, an explorer item), or one the user picks. */
  async computeFile(arg?: unknown): Promise<FileApiResult | undefined> {
    let uri: vscode.Uri | undefined;
    try {
      uri = await pickDataFile(arg);
    } catch (e) {
      this.fail({ message: vscode.l10n.t('BCE Lens: {0}', (e as Error).message) }, e);
      return undefined;
    }
    if (!uri) return undefined;
    let columns: ColumnChoice | undefined | null;
    try {
      columns = await this.columnsFor(uri, false);
    } catch (e) {
      this.fail(fileErrorReport(e, uri, undefined), e);
      return undefined;
    }
    if (columns === null) return undefined; // the person closed the column pick
    return this.readFile(uri, columns);
  }

  /**
   * The columns to read `uri` with: those chosen before for it, else none when its header names
   * the roles, else (or with `ask`) chosen now in quick picks. Null when the person closes a pick.
   */
  private async columnsFor(uri: vscode.Uri, ask: boolean): Promise<ColumnChoice | undefined | null> {
    const format = columnFormatOf(uri);
    if (!format) return undefined;
    const remembered = rememberedColumns(this.state, uri);
    if (remembered && !ask) return remembered;
    const preview = await previewOf(uri, format);
    if (!preview || (!preview.problem && !ask)) return undefined;
    return (await pickFileColumns(uri, preview, this.state)) ?? null;
  }

  private async readFile(uri: vscode.Uri, columns: ColumnChoice | undefined): Promise<FileApiResult | undefined> {
    return (await this.run(new FileSession(uri, columns), uri, vscode.workspace.asRelativePath(uri))) as FileApiResult | undefined;
  }

  /** The selected SELECT/WITH query (SQL, a Python string, a notebook cell) computed in the engine of the settings. */
  async computeInDatabase(): Promise<ApiResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      this.fail({ message: vscode.l10n.t('BCE Lens: open a .sql or .py file (or a notebook cell) and select a SELECT or WITH query to compute its loss in the database.') });
      return undefined;
    }
    const prepare = databaseCommand();
    if (!prepare) {
      this.fail({ message: vscode.l10n.t('BCE Lens: computing in a database needs the desktop VS Code (DuckDB and PostgreSQL run in its Node extension host), not the web.') });
      return undefined;
    }
    let session: Awaited<ReturnType<typeof prepare>>;
    try {
      session = await prepare(editor, this.database);
    } catch (e) {
      if (isAbortError(e)) return undefined;
      const report = e instanceof DatabaseCommandError ? databaseErrorReport(e, e.engine, editor.document.uri, e.at) : databaseErrorReport(e, undefined, editor.document.uri, undefined);
      this.fail(report, e);
      this.shownIsOlder(report);
      return undefined;
    }
    if (!session) return undefined;
    return this.run(session, editor.document.uri, session.engineName);
  }

  /**
   * Computes a session that reads slow data (a file, a query in an engine) with the panel's busy
   * state and Cancel, then shows it; a failure or a cancel leaves the shown result marked out of date.
   */
  private async run(session: Session, scopeUri: vscode.Uri, what: string): Promise<ApiResult | undefined> {
    // Cancel in the panel (or a newer run) stops this read, as the notification's Cancel does.
    const run = this.panel.beginRun();
    let label = '';
    const reading = (fraction?: number, detail?: string) => {
      this.panel.busy(label, fraction, detail);
      this.statusBar.busy(label, fraction);
    };
    try {
      const c = await session.compute(readPanelDefaults(scopeUri), {
        signal: run.signal,
        busy: (l) => {
          label = l;
          reading();
        },
        progress: reading,
      });
      this.show(session, c);
      return c.apiResult;
    } catch (e) {
      // A newer run (another command, an option change in the panel) took over: it says what is shown.
      if (!this.panel.isLatestRun(run)) return undefined;
      this.statusBar.settle();
      if (isAbortError(e)) {
        // Cancelled: nothing half-done goes on screen; a shown result is marked as not the one asked for.
        vscode.window.setStatusBarMessage(vscode.l10n.t('BCE Lens: cancelled'), 3000);
        const shown = this.panel.currentView;
        if (shown) this.panel.markStale('cancelled', vscode.l10n.t('Reading {0} was cancelled: the result shown is still that of {1}.', what, shown.source.title));
        return undefined;
      }
      const report = session.errorReport(e);
      this.fail(report, e);
      this.shownIsOlder(report);
      return undefined;
    }
  }

  showPanel(): void {
    if (!this.panel.isOpen && !this.panel.currentView) {
      void vscode.window.showInformationMessage(vscode.l10n.t('BCE Lens: no result yet. Select arrays and run "BCE Lens: Compute Loss of Selection", or "Compute Loss of File…".'));
      return;
    }
    this.panel.reveal();
  }

  api(): BceLensTestApi {
    return {
      lastResult: () => this.last,
      lastError: () => this.lastErr,
      panelState: async (): Promise<PanelState | undefined> => {
        const state = await this.panel.request({ kind: 'panelState' });
        if (state === undefined) return undefined;
        if (!isPanelState(state)) throw new Error('the panel answered panelState with something else');
        return state;
      },
      setPanelOption: async (name, value) => {
        const o = normaliseOption(name, value);
        if (!isOptionValue(o.name, o.value)) throw new TypeError(`bad value for ${o.name}: ${JSON.stringify(value)}`);
        if (!this.panel.isOpen) throw new Error('no BCE Lens panel is open');
        // A file may be re-read: allow for it.
        await this.panel.request({ kind: 'setOption', name: o.name, value: o.value }, 600_000);
      },
    };
  }

  dispose(): void {
    this.panel.dispose();
    this.statusBar.dispose();
  }

  private show(session: Session, c: Computation): void {
    this.panel.show(session, c);
    void this.state.update(KEPT_SOURCE_KEY, keptSourceOf(c.view.source));
    this.shown(c);
  }

  private shown(c: Computation): void {
    this.last = c.apiResult;
    this.lastErr = undefined;
    this.statusBar.update(c.view);
    void vscode.commands.executeCommand('setContext', 'bceLens.hasResult', true);
  }

  private noteError(report: ErrorReport): void {
    this.lastErr = { message: report.message, ...(report.place ? { place: report.place } : {}) };
  }

  /** A command failed while the panel shows an older result: the panel and the status bar say so. */
  private shownIsOlder(report: ErrorReport): void {
    const shown = this.panel.currentView;
    if (!shown) return;
    const failed = report.message.replace(/^BCE Lens: /, '');
    this.panel.markStale('failed', vscode.l10n.t('{0} The result shown is still that of {1}.', /[.!?]$/.test(failed) ? failed : `${failed}.`, shown.source.title));
  }

  private fail(report: ErrorReport, cause?: unknown): void {
    this.noteError(report);
    if (cause !== undefined && !(cause instanceof Error && (cause.name === 'InputError' || cause.name === 'BceError'))) {
      this.log.error(cause instanceof Error ? cause : new Error(String(cause)));
    }
    // Not awaited: the command returns while the message is up (tests await the command).
    void showErrorReport(report);
  }
}

function restoreSession(kept: KeptSource | undefined): Session | undefined {
  if (!kept) return undefined;
  return kept.kind === 'file' ? FileSession.restore(kept) : SelectionSession.restore(kept);
}
