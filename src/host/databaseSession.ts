import * as vscode from 'vscode';
import { optionsKey, type LossOptions, type LossResult, type Semantics } from '../core';
import { buildLossQuery, resolveSqlOptions, type SqlDialectId, type SqlEpochLoss, type SqlRoles } from '../core/sql';
import { computeInEngine } from '../inputs/engines/engineRun';
import type { SqlEngine } from '../inputs/engines/sqlEngine';
import type { PanelOptions, PanelSource, PanelView } from '../shared/panelView';
import type { RevealTarget } from '../shared/protocol';
import type { DatabaseConnection } from './databaseConnection';
import { shownConnection } from './databaseConnection';
import { shortQuery } from './databaseQuery';
import { databaseErrorReport } from './databaseErrors';
import type { ErrorReport } from './errors';
import { toLossOptions } from './panelOptions';
import { revealSpans } from './reveal';
import type { Computation, ComputeContext, Session } from './session';
import { readClasses } from './settings';
import { buildPanelView, runComparison } from './viewModel';

/** The query as the command found it: its checked text, and its place in the document. */
export interface QueryInDocument {
  /** The SELECT/WITH statement (checkUserQuery's output). */
  sql: string;
  /** The document's text of the query as it was (the session is out of date once it is gone). */
  original: string;
  /** 0-based start of the query in the document. */
  line: number;
  character: number;
}

/** Where the query runs: the connection (for the dialect and the title) and how to open it. */
export interface DatabaseTarget {
  connection: DatabaseConnection;
  open: () => Promise<SqlEngine>;
}

/**
 * Opens the engine, runs `work` under a progress notification whose Cancel (or `signal`) stops
 * the query with the engine's own cancel, and closes the engine whatever happens.
 */
export async function withEngine<T>(target: DatabaseTarget, title: string, signal: AbortSignal | undefined, work: (engine: SqlEngine) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const abortError = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });
    if (signal?.aborted || token.isCancellationRequested) throw abortError();
    const engine = await target.open();
    let stopped = false;
    const stop = () => {
      stopped = true;
      engine.cancel();
    };
    signal?.addEventListener('abort', stop);
    const cancel = token.onCancellationRequested(stop);
    try {
      if (signal?.aborted || token.isCancellationRequested) throw abortError();
      return await work(engine);
    } catch (e) {
      // A cancel that raced the query's own failure is still a cancel.
      if (stopped && !(e instanceof Error && e.name === 'AbortError')) throw abortError();
      throw e;
    } finally {
      signal?.removeEventListener('abort', stop);
      cancel.dispose();
      await engine.close();
    }
  });
}

interface Kept {
  result: LossResult;
  epochs?: SqlEpochLoss[];
  ms: number;
}

/**
 * A query computed in a SQL engine: each option set is one query run there (the rows never come to
 * the editor); results are kept per option set, so going back to one is instant. The comparison
 * shows the frameworks already computed; another is computed when chosen in the panel.
 */
export class DatabaseSession implements Session {
  readonly kind = 'database';
  readonly canRecompute = true;
  private readonly results = new Map<string, Kept>();

  constructor(
    /** The document (or notebook cell) holding the query. */
    readonly uri: vscode.Uri,
    private readonly query: QueryInDocument,
    private readonly roles: SqlRoles,
    private readonly target: DatabaseTarget,
    /** The prediction column is named logits: from_logits auto means true, as for a file. */
    private readonly fromLogitsByName: boolean,
  ) {}

  private get dialect(): SqlDialectId {
    return this.target.connection.kind === 'duckdb' ? 'duckdb' : 'postgres';
  }

  /** The engine as shown: DuckDB, or the URL with its password as ***. */
  get engineName(): string {
    return shownConnection(this.target.connection);
  }

  private source(): PanelSource {
    const r = this.roles;
    const columns = [r.yTrue, r.yPred, ...(r.weight !== undefined ? [r.weight] : [])];
    return { kind: 'database', title: `${shortQuery(this.query.sql, 48)} · ${this.engineName}`, detail: vscode.l10n.t('in {0} · columns {1}', this.engineName, columns.join(', ')) };
  }

  private options(p: PanelOptions): LossOptions {
    return toLossOptions(p, this.fromLogitsByName ? true : undefined, readClasses(this.uri));
  }

  async compute(options: PanelOptions, ctx: ComputeContext): Promise<Computation> {
    const chosen = this.options(options);
    const key = optionsKey(chosen);
    let kept = this.results.get(key);
    if (!kept) {
      const label = vscode.l10n.t('Computing in {0}…', this.engineName);
      ctx.busy?.(label);
      const started = performance.now();
      const r = await withEngine(this.target, vscode.l10n.t('BCE Lens: computing the loss in {0}', this.engineName), ctx.signal, (engine) =>
        computeInEngine(engine.run, { dialect: this.dialect, source: { kind: 'query', sql: this.query.sql }, roles: this.roles, options: chosen }),
      );
      kept = { ...r, ms: performance.now() - started };
      this.results.set(key, kept);
    }
    const notComputed = vscode.l10n.t('computed in the database for the chosen options only: choose this framework in the panel to run its query');
    const comparison = runComparison(chosen, kept.result, this.roles.weight !== undefined, (o) => this.results.get(optionsKey(o))?.result ?? new Error(notComputed));
    const view = buildPanelView({
      source: this.source(),
      options,
      result: kept.result,
      comparison,
      hasWeights: this.roles.weight !== undefined,
      twoColumns: false,
      revealable: false,
      ...(kept.epochs ? { epochs: kept.epochs } : {}),
      elapsedMs: kept.ms,
      canRecompute: true,
    });
    return { view, result: kept.result, apiResult: { ...kept.result, ...(kept.epochs ? { epochs: kept.epochs } : {}) } as LossResult };
  }

  async reveal(_target: RevealTarget, preserveFocus = false): Promise<void> {
    // The worst rows live in the database: the place to show is the query.
    await this.revealQuery(preserveFocus);
  }

  private revealQuery(preserveFocus = false): Promise<void> {
    const at = { line: this.query.line, column: this.query.character };
    return revealSpans(this.uri, [{ start: at, end: at }], preserveFocus);
  }

  /** The query that computes the view's number, to run in any client of the engine. */
  async snippet(framework: Semantics, view: PanelView): Promise<string> {
    const chosen = { ...this.options(view.options), semantics: framework };
    // 'auto' as the shown result resolved it (a second query as logits when a prediction lay outside [0, 1]).
    const resolved = resolveSqlOptions(chosen, view.result.fromLogits, this.roles);
    return buildLossQuery({ dialect: this.dialect, source: { kind: 'query', sql: this.query.sql }, roles: this.roles, options: resolved }) + '\n';
  }

  errorReport(e: unknown): ErrorReport {
    return databaseErrorReport(e, this.engineName, this.uri, this.query);
  }

  /** The query's text changed or went away in its document since it ran. */
  watch(changed: (message: string) => void): vscode.Disposable {
    const uri = this.uri.toString();
    return vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() !== uri || e.contentChanges.length === 0) return;
      if (!e.document.getText().includes(this.query.original)) changed(vscode.l10n.t('The query changed in its editor since it ran.'));
    });
  }
}
