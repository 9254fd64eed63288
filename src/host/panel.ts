/**
 * The BCE Lens panel on the host side: one webview panel, reused by every computation; it holds
 * the session (the data) and the view (what is drawn), answers the webview's messages, recomputes
 * when a control changes, and asks the webview questions for the test API.
 */
import * as vscode from 'vscode';
import { BceError, framework as coreFramework, type Semantics } from '../core';
import { InputError } from '../inputs/inputError';
import { formatLoss } from '../shared/format';
import type { PanelOptions, PanelView } from '../shared/panelView';
import {
  PANEL_VIEW_TYPE,
  isPersistedState,
  isWebviewMessage,
  type HostMessage,
  type HostRequest,
  type RevealTarget,
  type StaleReason,
  type WebviewMessage,
} from '../shared/protocol';
import { hasMeaningfulPlace } from './errorPlace';
import { isAbortError, type ErrorReport } from './errors';
import { saveChart } from './exportChart';
import { resultJson, resultText } from './resultText';
import type { Computation, Session } from './session';
import { makeNonce, panelHtml } from './webviewHtml';

/** What the panel is doing, for the status bar: reading, showing a current result, or one out of date. */
export type PanelActivity = { kind: 'busy'; label: string; fraction?: number } | { kind: 'shown' } | { kind: 'stale'; message: string };

export interface PanelHooks {
  /** The panel started reading, moved on, settled back on its result, or its result went out of date. */
  onActivity(a: PanelActivity): void;
  /** A computation is on screen (first show or recompute): status bar, lastResult(). */
  onComputation(c: Computation): void;
  /** The rest of a shown computation came (Computation.rest): status bar, lastResult(). */
  onRest(c: Computation): void;
  /** A recompute from the panel failed (lastError()). */
  onError(report: ErrorReport): void;
  /** "Columns…" in the panel: choose the shown file's columns and read it again. */
  chooseColumns(uri: vscode.Uri): Promise<void>;
  /** Rebuilds the session of a panel VS Code restored after a reload. */
  restoreSession(view: PanelView): Session | undefined;
  /** A restored panel shows this view (the status bar can say its loss again). */
  onRestored(view: PanelView): void;
  log: vscode.LogOutputChannel;
}

interface Pending {
  message: HostMessage;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The error as a place in the data the webview can offer to show. */
function revealTargetOf(e: unknown): RevealTarget | undefined {
  if (e instanceof InputError) return hasMeaningfulPlace(e.detail) ? { kind: 'line', line: e.place.line, column: e.place.column } : undefined;
  if (e instanceof BceError && e.position && e.position.array !== 'pos_weight') {
    const { array, index, label } = e.position;
    return { kind: 'sample', index, array, ...(label === undefined ? {} : { label }) };
  }
  return undefined;
}

export class LossPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  /** The webview's script has loaded and said "ready"; nothing is posted before. */
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private session: Session | undefined;
  private view: PanelView | undefined;
  /** The option change the shown view answers (echoed so the webview can match it). */
  private seq = 0;
  /** The read of the rest of the shown computation (Computation.rest), while it runs. */
  private following?: AbortController;
  /** The latest option change received: a new command's view answers (supersedes) all of them. */
  private latestSeq = 0;
  private running: AbortController | undefined;
  /** Why the shown result is out of date (posted again after a reload of the webview). */
  private staleNote: Extract<HostMessage, { type: 'stale' }> | undefined;
  /** Watches the shown session's data for changes. */
  private watching: vscode.Disposable | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hooks: PanelHooks,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get currentView(): PanelView | undefined {
    return this.view;
  }

  /** Puts a new computation on screen, opening the panel beside the editor if needed. */
  show(session: Session, c: Computation): void {
    this.running?.abort();
    this.running = undefined;
    this.following?.abort();
    this.session = session;
    this.view = c.view;
    this.seq = this.latestSeq;
    this.staleNote = undefined;
    this.watch(session);
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
      this.attach(panel);
    } else {
      this.panel.title = this.title();
      if (!this.panel.visible) this.panel.reveal(undefined, true);
    }
    this.postView();
    if (c.rest) this.follow(session, this.seq, c.rest);
  }

  /**
   * Reads the rest of a shown computation (the comparison, the metrics) and shows it when it comes,
   * unless a newer run or option change took over (they stop it).
   */
  private follow(session: Session, seq: number, rest: NonNullable<Computation['rest']>): void {
    const controller = new AbortController();
    this.following = controller;
    const current = () => this.following === controller && this.session === session && this.seq === seq;
    rest(controller.signal).then(
      (c) => {
        if (!current()) return;
        this.following = undefined;
        this.view = c.view;
        this.postView();
        this.hooks.onRest(c);
        // The file changed on disk between the passes: its new number came, its rest follows.
        if (c.rest) this.follow(session, seq, c.rest);
      },
      (e: unknown) => {
        if (!current()) return;
        this.following = undefined;
        const message = isAbortError(e) ? vscode.l10n.t('Cancelled: the other frameworks and the diagnosis were not read.') : session.errorReport(e).message.replace(/^BCE Lens: /, '');
        this.post({ type: 'notice', text: message });
      },
    );
  }

  /**
   * A command starts a run whose result will replace the shown one: Cancel in the panel stops it,
   * as does a newer run. The signal of the returned controller says when it was stopped.
   */
  beginRun(): AbortController {
    this.running?.abort();
    this.following?.abort();
    const controller = new AbortController();
    this.running = controller;
    return controller;
  }

  /** True while `controller` is the panel's latest run (a newer one has not replaced it). */
  isLatestRun(controller: AbortController): boolean {
    return this.running === controller;
  }

  /** A command's run is reading: what, and how far once known. */
  busy(label: string, progress?: number, detail?: string): void {
    this.post({ type: 'busy', seq: this.latestSeq, label, cancellable: true, ...(progress === undefined ? {} : { progress }), ...(detail ? { detail } : {}) });
  }

  /**
   * The shown result is out of date: a command for other data was cancelled or failed (the shown
   * result stays that of its own source), or the data changed.
   */
  markStale(reason: StaleReason, message: string): void {
    if (!this.view) return;
    const reread = reason === 'changed' && this.session?.kind === 'file' && this.session.canRecompute;
    this.staleNote = { type: 'stale', reason, message, reread };
    this.post(this.staleNote);
    this.hooks.onActivity({ kind: 'stale', message });
  }

  /** "Show panel" (status bar): reveal it, or reopen it with the last view. */
  reveal(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    if (this.session && this.view) {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, this.title(), vscode.ViewColumn.Beside, this.webviewOptions());
      this.attach(panel);
    }
  }

  /** A panel VS Code restored after a reload, with the state the webview had saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.panel) {
      // Only one panel: a second restored one (an old layout) is closed.
      panel.dispose();
      return;
    }
    if (isPersistedState(state) && state.view) {
      this.view = state.view;
      this.session = this.hooks.restoreSession(state.view);
      if (!this.session) this.view = { ...state.view, canRecompute: false };
      this.hooks.onRestored(this.view);
      if (this.session) this.watch(this.session);
    }
    this.attach(panel);
    panel.title = this.title();
  }

  /**
   * Asks the webview (test API): waits for it to be ready, revealing a hidden panel since a hidden
   * webview without retained context is not running. Undefined when there is no panel.
   */
  async request(request: HostRequest, timeoutMs = 30_000): Promise<unknown> {
    if (!this.panel) return undefined;
    if (!this.ready) {
      if (!this.panel.visible) this.panel.reveal(undefined, true);
      await this.whenReady(timeoutMs);
    }
    const id = this.nextRequestId++;
    const message: HostMessage = { type: 'request', id, request };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the BCE Lens panel did not answer "${request.kind}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { message, resolve, reject, timer });
      this.post(message);
    });
  }

  dispose(): void {
    this.running?.abort();
    this.following?.abort();
    this.watching?.dispose();
    this.panel?.dispose();
  }

  private watch(session: Session): void {
    this.watching?.dispose();
    this.watching = session.watch((message) => {
      if (this.session === session) this.markStale('changed', message);
    });
  }

  private title(): string {
    return this.view ? vscode.l10n.t('BCE {0} · {1}', formatLoss(this.view.result.loss), this.view.source.title) : vscode.l10n.t('BCE Lens');
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // Only the bundle and the static assets may load; no retainContextWhenHidden: the webview
      // keeps its state with setState and is redrawn from it.
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.options = this.webviewOptions();
    const asUri = (...path: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce((n) => crypto.getRandomValues(new Uint8Array(n))),
      script: asUri('dist', 'webview.js'),
      styles: [asUri('dist', 'webview.css'), asUri('media', 'panel.css')],
      language: vscode.env.language,
      l10n: vscode.l10n.bundle,
      loading: vscode.l10n.t('Loading BCE Lens…'),
    });
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; it says "ready" again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.detach()),
    );
  }

  private detach(): void {
    this.running?.abort();
    this.running = undefined;
    this.following?.abort();
    this.watching?.dispose();
    this.watching = undefined;
    this.panel = undefined;
    this.ready = false;
    this.latestSeq = 0;
    this.seq = 0;
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('the BCE Lens panel was closed'));
    }
    this.pending.clear();
  }

  private whenReady(timeoutMs: number): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(new Error(`the BCE Lens panel did not load within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.readyWaiters.push(done);
    });
  }

  private post(message: HostMessage): void {
    if (!this.panel || !this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  private postView(): void {
    if (this.view) this.post({ type: 'view', seq: this.seq, view: this.view });
    if (this.view && this.staleNote) this.post(this.staleNote);
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) {
      this.hooks.log.warn('dropped a malformed message from the panel:', JSON.stringify(raw)?.slice(0, 300));
      return;
    }
    void this.handle(raw).catch((e) => {
      this.hooks.log.error(e instanceof Error ? e : new Error(String(e)));
      void vscode.window.showErrorMessage(vscode.l10n.t('BCE Lens: {0}', e instanceof Error ? e.message : String(e)));
    });
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        this.postView();
        for (const p of this.pending.values()) this.post(p.message);
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        waiters.forEach((w) => w());
        return;
      }
      case 'setOptions':
        this.latestSeq = Math.max(this.latestSeq, m.seq);
        return this.recompute(m.seq, m.options);
      case 'cancel':
        this.running?.abort();
        return;
      case 'chooseColumns':
        if (this.session?.kind !== 'file') return;
        return this.hooks.chooseColumns(this.session.uri);
      case 'reveal':
        if (!this.session) throw new Error(vscode.l10n.t('the data of this panel is not available any more; run the command again'));
        return this.session.reveal(m.target, m.preserveFocus === true);
      case 'copy':
        return this.copy(m.what, m.what === 'python' ? m.framework : undefined);
      case 'save': {
        const uri = await saveChart(m.chart, m.format, m.data, this.session?.uri, this.view?.source.title ?? 'bce');
        if (uri) this.post({ type: 'notice', text: `Saved ${vscode.workspace.asRelativePath(uri)}` });
        return;
      }
      case 'response': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(m.error));
        return;
      }
    }
  }

  private async copy(what: 'text' | 'json' | 'python', framework?: Semantics): Promise<void> {
    const view = this.view;
    if (!view) return;
    let text: string;
    if (what === 'text') text = resultText(view);
    else if (what === 'json') text = resultJson(view);
    else {
      if (!this.session || !framework) throw new Error(vscode.l10n.t('the data of this panel is not available any more; run the command again to copy a snippet'));
      text = await this.session.snippet(framework, view);
    }
    await vscode.env.clipboard.writeText(text);
    const copied = {
      text: () => vscode.l10n.t('Copied the result'),
      json: () => vscode.l10n.t('Copied the result as JSON'),
      python: () => vscode.l10n.t('Copied the {0} snippet', framework ? coreFramework(framework).title : 'Python'),
    };
    this.post({ type: 'notice', text: copied[what]() });
  }

  /** A control changed: compute again on the kept data; the latest change wins. */
  private async recompute(seq: number, options: PanelOptions): Promise<void> {
    const session = this.session;
    if (!session || !session.canRecompute) {
      this.post({ type: 'failed', seq, cancelled: false, message: vscode.l10n.t('The data behind this panel is not available any more: run the command again.') });
      return;
    }
    this.running?.abort();
    this.following?.abort();
    const controller = new AbortController();
    this.running = controller;
    try {
      let label = '';
      const c = await session.compute(options, {
        signal: controller.signal,
        busy: (l) => {
          label = l;
          this.post({ type: 'busy', seq, label, cancellable: true });
          this.hooks.onActivity({ kind: 'busy', label });
        },
        progress: (progress, detail) => {
          this.post({ type: 'busy', seq, label, cancellable: true, progress, detail });
          this.hooks.onActivity({ kind: 'busy', label, fraction: progress });
        },
      });
      if (this.running !== controller || this.session !== session) return; // superseded
      this.view = c.view;
      this.seq = seq;
      // A file read again is current; a selection's arrays edited since stay out of date.
      if (session.kind === 'file' || this.staleNote?.reason !== 'changed') this.staleNote = undefined;
      if (this.panel) this.panel.title = this.title();
      this.postView();
      this.hooks.onComputation(c);
      if (c.rest) this.follow(session, seq, c.rest);
      if (this.staleNote) this.hooks.onActivity({ kind: 'stale', message: this.staleNote.message });
    } catch (e) {
      if (this.running !== controller) return; // superseded: the newer change answers
      this.hooks.onActivity(this.staleNote ? { kind: 'stale', message: this.staleNote.message } : { kind: 'shown' });
      if (isAbortError(e) || controller.signal.aborted) {
        this.post({ type: 'failed', seq, cancelled: true, message: vscode.l10n.t('Cancelled: the previous result is shown.') });
        return;
      }
      const report = session.errorReport(e);
      this.hooks.onError(report);
      const reveal = revealTargetOf(e);
      this.post({ type: 'failed', seq, cancelled: false, message: report.message.replace(/^BCE Lens: /, ''), ...(reveal ? { reveal } : {}) });
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }
}
