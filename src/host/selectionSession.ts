import * as vscode from 'vscode';
import { readClasses } from './settings';
import { computeLoss, computeLossOnly, diagnose, DIAGNOSIS_MAX_ELEMENTS, resolvedOf, sampleLosses, type LossInput, type LossOnly, type LossOptions, type SnippetData, type Semantics } from '../core';
import { optionsOfView, type PanelOptions, type PanelSource, type PanelView } from '../shared/panelView';
import type { RevealTarget } from '../shared/protocol';
import { elementRange, sampleSpans } from './elementRange';
import { selectionErrorReport, type ErrorReport } from './errors';
import { toLossOptions } from './panelOptions';
import type { KeptSource } from './panelSource';
import { revealSpans } from './reveal';
import { parseSelectionTexts, selectionTexts, storedTexts, type ParsedSelectionData, type StoredSelection } from './selectionInput';
import type { Computation, ComputeContext, Session } from './session';
import { snippetFor } from './snippets';
import { buildPanelView, isSmallInput, runComparison } from './viewModel';

function lineSpan(stored: readonly StoredSelection[], whole: boolean): string {
  if (whole) return 'whole document';
  const first = stored[0][0] + 1;
  const last = stored[stored.length - 1][2] + 1;
  const lines = first === last ? `line ${first}` : `lines ${first}–${last}`;
  return stored.length > 1 ? `${stored.length} selections, ${lines}` : lines;
}

function basename(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : (uri.path.split('/').pop() ?? uri.path);
}

/** Arrays selected in an editor: parsed once, kept in memory for recomputes. */
export class SelectionSession implements Session {
  readonly kind = 'selection';
  private parsed: ParsedSelectionData | undefined;
  private document: vscode.TextDocument | undefined;
  private stale = false;
  /** Time spent parsing, counted into the first computation's time. */
  private parseMs = 0;

  private constructor(
    readonly uri: vscode.Uri,
    private readonly stored: StoredSelection[],
    private readonly whole: boolean,
    document?: vscode.TextDocument,
    parsed?: ParsedSelectionData,
  ) {
    this.document = document;
    this.parsed = parsed;
  }

  /** Parses the editor's selections (or whole document); throws InputError in document coordinates. */
  static fromEditor(editor: vscode.TextEditor): SelectionSession {
    const { texts, whole, stored } = selectionTexts(editor.document, editor.selections);
    const session = new SelectionSession(editor.document.uri, stored, whole, editor.document);
    const started = performance.now();
    session.parsed = parseSelectionTexts(texts, vscode.workspace.asRelativePath(editor.document.uri));
    session.parseMs = performance.now() - started;
    return session;
  }

  /** After a window reload: the data is parsed again from the stored selections when first needed. */
  /** The session of a restored panel, from the source the host kept (never from the webview's state). */
  static restore(kept: KeptSource): SelectionSession | undefined {
    if (!kept.selections) return undefined;
    return new SelectionSession(vscode.Uri.parse(kept.uri), kept.selections, kept.whole === true);
  }

  get canRecompute(): boolean {
    return !this.stale;
  }

  private source(): PanelSource {
    return {
      kind: 'selection',
      title: basename(this.uri),
      detail: lineSpan(this.stored, this.whole),
      uri: this.uri.toString(),
      selections: this.stored,
    };
  }

  private async data(): Promise<ParsedSelectionData> {
    if (this.parsed) return this.parsed;
    try {
      this.document ??= await vscode.workspace.openTextDocument(this.uri);
      const texts = this.whole ? [{ text: this.document.getText(), line: 0, column: 0 }] : storedTexts(this.document, this.stored);
      this.parsed = parseSelectionTexts(texts, vscode.workspace.asRelativePath(this.uri));
      return this.parsed;
    } catch (e) {
      this.stale = true;
      throw new Error(vscode.l10n.t('the selection in {0} cannot be read again ({1}); select the arrays and run the command again', basename(this.uri), (e as Error).message));
    }
  }

  async compute(options: PanelOptions, _ctx: ComputeContext): Promise<Computation> {
    const data = await this.data();
    const started = performance.now();
    const chosen = toLossOptions(options, data.fromLogitsByName, readClasses(this.uri));
    const result = computeLoss(data.input, chosen);
    const weighted = data.input.sampleWeight?.some((w) => w !== 1) ?? false;
    const comparison = runComparison(chosen, result, weighted, (o: LossOptions) => tryCompute(data.input, o));
    const samples = isSmallInput(result.n, result.labels) ? sampleLosses(data.input, resolvedOf(result)) : undefined;
    // The metrics sort the predictions: arrays up to 10^6 elements.
    const diagnosis = result.n * result.labels <= DIAGNOSIS_MAX_ELEMENTS ? diagnose(data.input, chosen, result) : undefined;
    const first = data.input.yPred[0];
    const view = buildPanelView({
      source: this.source(),
      options,
      result,
      comparison,
      ...(samples ? { samples } : {}),
      ...(diagnosis ? { diagnosis } : {}),
      hasWeights: data.input.sampleWeight !== undefined,
      twoColumns: result.labels === 1 && Array.isArray(first) && first.length === 2,
      revealable: true,
      elapsedMs: performance.now() - started + this.parseMs,
      canRecompute: true,
    });
    this.parseMs = 0;
    return { view, result, apiResult: result };
  }

  /** An edit inside the selected text (anywhere, when the whole document was read). */
  watch(changed: (message: string) => void): vscode.Disposable {
    const ranges = this.stored.map(([l0, c0, l1, c1]) => new vscode.Range(l0, c0, l1, c1));
    const message = vscode.l10n.t('The arrays in {0} were edited since they were computed: select them and run "Compute Loss of Selection" again.', basename(this.uri));
    return vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() !== this.uri.toString() || e.contentChanges.length === 0) return;
      if (this.whole || e.contentChanges.some((c) => ranges.some((r) => r.intersection(c.range) !== undefined))) changed(message);
    });
  }

  async reveal(target: RevealTarget, preserveFocus = false): Promise<void> {
    if (target.kind === 'line') {
      // An InputError's place, already in document coordinates (1-based).
      const at = { line: target.line - 1, column: (target.column ?? 1) - 1 };
      return revealSpans(this.uri, [{ start: at, end: at }], preserveFocus);
    }
    const data = await this.data();
    if (target.array) {
      const r = elementRange(data.ranges, { array: target.array, index: target.index, ...(target.label === undefined ? {} : { label: target.label }) });
      if (r) return revealSpans(this.uri, [{ start: { line: r.line, column: r.column }, end: { line: r.line, column: r.column + r.length } }], preserveFocus);
    }
    const spans = sampleSpans(data.ranges, target.index, target.label);
    if (spans.length) return revealSpans(this.uri, spans, preserveFocus);
    // The parser gave no element positions: show the selection the arrays came from.
    const [sl, sc, el, ec] = this.stored[0];
    await revealSpans(this.uri, [{ start: { line: sl, column: sc }, end: { line: el, column: ec } }], preserveFocus);
  }

  async snippet(framework: Semantics, view: PanelView): Promise<string> {
    const data = await this.data();
    const chosen = toLossOptions(view.options, data.fromLogitsByName, readClasses(this.uri));
    const snippetData: SnippetData = isSmallInput(view.result.n, view.result.labels)
      ? { kind: 'arrays', input: data.input }
      : { kind: 'placeholder', n: view.result.n, labels: view.result.labels, weighted: data.input.sampleWeight !== undefined };
    return snippetFor(framework, chosen, optionsOfView(view), view, snippetData);
  }

  errorReport(e: unknown): ErrorReport {
    const document = this.document;
    if (!document) return { message: vscode.l10n.t('BCE Lens: {0}', e instanceof Error ? e.message : String(e)) };
    return selectionErrorReport(e, document, this.parsed?.ranges);
  }
}

/** A row of the comparison: its loss only (computeLossOnly), or the error its framework raises. */
function tryCompute(input: LossInput, o: LossOptions): LossOnly | Error {
  try {
    return computeLossOnly(input, o);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
