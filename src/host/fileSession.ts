import * as vscode from 'vscode';
import { optionsKey, comparisonVariants, framework, resolveReduction, type Diagnosis, type LossOptions, type LossResult, type Semantics } from '../core';
import { computeFileLoss, formatOfName, type ColumnChoice, type ContainerFacts, type FileComputeOptions, type FileFormat, type FileLossResult } from '../inputs/files';
import { formatBytes } from '../shared/format';
import { optionsOfView, type EpochPointView, type FileFacts, type PanelOptions, type PanelSource, type PanelView } from '../shared/panelView';
import type { RevealTarget } from '../shared/protocol';
import { TEXT_FORMATS, fileErrorReport, type ErrorReport } from './errors';
import { byteSource } from './fileSource';
import { splitterFor } from './fileSplit';
import { toLossOptions } from './panelOptions';
import type { KeptSource } from './panelSource';
import { revealFileLine } from './reveal';
import type { Computation, ComputeContext, FileApiResult, Session } from './session';
import { readClasses, readInvalidRows } from './settings';
import { snippetFor } from './snippets';
import { buildPanelView, runComparison } from './viewModel';

/** Files at least this big show a progress notification with Cancel; smaller ones a status bar spinner. */
const NOTIFY_BYTES = 2 * 1024 * 1024;

/**
 * Files at least this big show the chosen options' number first: a pass of that one lane (the
 * CLI's work), then the comparison's lanes, the metrics and the findings in a second pass
 * (Computation.rest). Below it, one pass is quicker than two.
 */
export const NUMBER_FIRST_BYTES = NOTIFY_BYTES;

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/**
 * What the metrics of a pass depend on among the options: how the first lane reads the
 * predictions (probabilities or logits, scikit-learn's two columns). Label smoothing, the
 * reduction, the dtype or the framework otherwise change only the skill, which is recomputed.
 */
export function metricsKey(o: LossOptions): string {
  return `${String(o.fromLogits)}|${framework(o.semantics).classLabels ? 'classes' : 'labels'}`;
}

/** The metrics with each label's skill against the base rate recomputed from that label's mean loss. */
export function withSkill(d: Diagnosis, labelLosses: readonly number[]): Diagnosis {
  if (!d.metrics) return d;
  return {
    ...d,
    metrics: d.metrics.map((m, j) => {
      const rest = { ...m };
      delete rest.skill;
      const l = labelLosses[j];
      return { ...rest, ...(l !== undefined && m.baselineLoss > 0 ? { skill: 1 - l / m.baselineLoss } : {}) };
    }),
  };
}

/**
 * A data file: read in one pass that computes every option set the panel shows (the chosen one
 * and the framework comparison), then kept as results per option set, so switching between
 * options already computed is instant and anything else re-reads the file. The metrics are kept
 * by what they depend on (metricsKey), so a new option set re-reads only its lanes.
 */
export class FileSession implements Session {
  readonly kind = 'file';
  readonly canRecompute = true;
  private readonly results = new Map<string, LossResult | Error>();
  private readonly epochs = new Map<string, EpochPointView[]>();
  /** The metrics beside the loss, by diagnosisKey of the option set read first in the pass that computed them. */
  private readonly diagnoses = new Map<string, Diagnosis>();
  /** Each option set's mean loss per label (for the metrics' skill), when its reader gave it. */
  private readonly labelLosses = new Map<string, number[]>();
  /** The file's reader gives each option set's mean loss per label (streamed formats): kept metrics can be reused. */
  private givesLabelLosses = false;
  /** Wall time of the pass that computed each option set: the "time" the panel states for it. */
  private readonly passMs = new Map<string, number>();
  private facts: FileFacts | undefined;
  private version: string | undefined;

  /** `columns`: chosen by hand (columnPick.ts) when the header does not name the roles. */
  constructor(
    readonly uri: vscode.Uri,
    private readonly columns?: ColumnChoice,
  ) {}

  /** The session of a restored panel, from the source the host kept (never from the webview's state). */
  static restore(kept: KeptSource): FileSession {
    return new FileSession(vscode.Uri.parse(kept.uri));
  }

  private source(): PanelSource {
    const f = this.facts;
    const parts: string[] = [];
    if (f) {
      parts.push(f.format.toUpperCase(), formatBytes(f.bytes));
      const cols = [...f.columns.yTrue, ...f.columns.yPred, ...(f.columns.weight ? [f.columns.weight] : [])];
      if (cols.length && cols.length <= 8) parts.push(`columns ${cols.join(', ')}`);
    }
    return { kind: 'file', title: basename(this.uri), detail: parts.join(' · '), uri: this.uri.toString() };
  }

  async compute(options: PanelOptions, ctx: ComputeContext): Promise<Computation> {
    const started = performance.now();
    // The framework's default reduction named: the comparison's row of the same framework is then
    // the same option set (one lane, one result), not a second lane giving the same number.
    const given = toLossOptions(options, undefined, readClasses(this.uri));
    const chosen: LossOptions = { ...given, reduction: resolveReduction(given) };
    const stat = await vscode.workspace.fs.stat(this.uri);
    this.forgetIfChanged(`${stat.mtime}:${stat.size}`);
    const plan = this.planPass(chosen);
    if (plan) {
      ctx.busy?.(vscode.l10n.t('Reading {0}…', basename(this.uri)));
      if (stat.size >= NUMBER_FIRST_BYTES && plan.pass.length > 1 && !this.results.has(optionsKey(chosen))) {
        // First the number: the chosen options alone, the rest (read again with the metrics) follows.
        const read = await this.read([chosen], stat.size, ctx, false);
        this.keep(read, [chosen], true, false, performance.now() - started);
        const rest = (signal: AbortSignal) => this.compute(options, { signal });
        return { ...this.computation(options, chosen, started, true), rest };
      }
      const read = await this.read(plan.pass, stat.size, ctx, plan.metrics);
      this.keep(read, plan.pass, plan.chosenFirst, plan.metrics, performance.now() - started);
    }
    return this.computation(options, chosen, started);
  }

  /** The file changed since it was read: nothing kept is valid. */
  private forgetIfChanged(version: string): void {
    if (version === this.version) return;
    this.results.clear();
    this.epochs.clear();
    this.diagnoses.clear();
    this.labelLosses.clear();
    this.givesLabelLosses = false;
    this.passMs.clear();
    this.version = version;
  }

  /**
   * The option sets the next pass must read, or undefined when everything is kept. Only what is
   * missing is read (each option set costs time per row); the chosen options go first when they
   * are missing, or when their per-epoch losses or metrics are (those of a pass's first set).
   * The metrics are asked for only when those of the chosen options' diagnosisKey are not kept:
   * their upkeep costs more per row than a lane.
   */
  private planPass(chosen: LossOptions): { pass: LossOptions[]; chosenFirst: boolean; metrics: boolean } | undefined {
    const chosenKey = optionsKey(chosen);
    const wanted = new Map<string, LossOptions>([[chosenKey, chosen]]);
    for (const v of comparisonVariants(chosen)) if (!v.unsupported) wanted.set(v.key, v.options);
    const missing = [...wanted.keys()].filter((k) => !this.results.has(k));
    const metrics = !this.diagnoses.has(this.diagnosisKey(chosen));
    const needFirst = (this.facts?.columns.epoch !== undefined && !this.epochs.has(chosenKey)) || metrics;
    if (missing.length === 0 && !needFirst && this.facts) return undefined;
    const chosenFirst = !this.results.has(chosenKey) || needFirst || !this.facts;
    const others = missing.filter((k) => k !== chosenKey).map((k) => wanted.get(k) as LossOptions);
    return { pass: chosenFirst ? [chosen, ...others] : others, chosenFirst, metrics: chosenFirst && metrics };
  }

  /**
   * Metrics are kept by metricsKey when the reader gives each option set's mean loss per label
   * (the skill is then recomputed for each), else (JSON read whole) by the option set.
   */
  private diagnosisKey(o: LossOptions): string {
    return this.givesLabelLosses ? metricsKey(o) : optionsKey(o);
  }

  /** Keeps what a pass read: each option set's result and time, the first set's epochs and metrics, the file's facts. */
  private keep(read: FileLossResult, pass: readonly LossOptions[], chosenFirst: boolean, metrics: boolean, ms: number): void {
    read.results.forEach((r, i) => {
      this.results.set(optionsKey(pass[i]), r.ok ? r.result : new Error(r.error));
      if (r.ok && r.labelLosses) {
        this.labelLosses.set(optionsKey(pass[i]), r.labelLosses);
        this.givesLabelLosses = true;
      }
      this.passMs.set(optionsKey(pass[i]), ms);
    });
    const firstKey = optionsKey(pass[0]);
    if (read.epochs && chosenFirst) this.epochs.set(firstKey, read.epochs.map((e) => ({ ...e })));
    // Kept only from a lane that was read: a failed one says nothing of how the predictions read.
    if (metrics && read.results[0]?.ok) this.diagnoses.set(this.diagnosisKey(pass[0]), fileDiagnosis(read));
    this.facts = {
      format: read.format,
      bytes: read.bytes,
      rows: read.rows,
      invalidRows: read.invalidRows,
      ...(read.firstInvalid ? { firstInvalid: { ...read.firstInvalid } } : {}),
      columns: {
        yTrue: [...read.columns.yTrue],
        yPred: [...read.columns.yPred],
        ...(read.columns.weight !== undefined ? { weight: read.columns.weight } : {}),
        ...(read.columns.epoch !== undefined ? { epoch: read.columns.epoch } : {}),
        ...(read.columns.split !== undefined ? { split: read.columns.split } : {}),
      },
      ...(read.facts ? { container: containerView(read.facts) } : {}),
    };
  }

  /**
   * The panel's view and the API's result of the chosen options, from what is kept. `reading`: the
   * other frameworks are still being read (their rows and the comparison's note say so).
   */
  private computation(options: PanelOptions, chosen: LossOptions, started: number, reading = false): Computation {
    const chosenKey = optionsKey(chosen);
    const primary = this.results.get(chosenKey);
    if (!primary) throw new Error('internal: the chosen options were not computed');
    if (primary instanceof Error) throw primary;
    const facts = this.facts as FileFacts;
    const weighted = facts.columns.weight !== undefined;
    const missing = reading ? vscode.l10n.t('reading…') : 'not computed';
    const computed = runComparison(chosen, primary, weighted, (o) => this.results.get(optionsKey(o)) ?? new Error(missing));
    const comparison = reading ? { ...computed, note: vscode.l10n.t('The other frameworks, the metrics and the findings are being read: they follow.') } : computed;
    const epochs = this.epochs.get(chosenKey);
    const kept = this.diagnoses.get(this.diagnosisKey(chosen));
    const losses = this.labelLosses.get(chosenKey);
    const diagnosis = kept && losses ? withSkill(kept, losses) : kept;
    const view = buildPanelView({
      source: this.source(),
      options,
      result: primary,
      comparison,
      hasWeights: weighted,
      twoColumns: primary.labels === 1 && facts.columns.yPred.length === 2,
      revealable: TEXT_FORMATS.has(facts.format),
      ...(epochs ? { epochs } : {}),
      file: facts,
      ...(diagnosis ? { diagnosis } : {}),
      elapsedMs: this.passMs.get(chosenKey) ?? performance.now() - started,
      canRecompute: true,
    });
    const apiResult: FileApiResult = { ...primary, file: { ...facts, ...(epochs ? { epochs } : {}) } };
    return { view, result: primary, apiResult };
  }

  /** One pass over the file with progress and Cancel; rejects with an AbortError when cancelled. */
  private read(variants: LossOptions[], size: number, ctx: ComputeContext, metrics: boolean): Promise<FileLossResult> {
    const signal = ctx.signal;
    const name = vscode.workspace.asRelativePath(this.uri);
    const source = byteSource(this.uri, name, size);
    const big = size >= NOTIFY_BYTES;
    return Promise.resolve(
      vscode.window.withProgress(
        { location: big ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: vscode.l10n.t('BCE Lens: reading {0}', basename(this.uri)), cancellable: big },
        async (progress, token) => {
          const controller = new AbortController();
          const abort = () => controller.abort();
          if (signal.aborted) controller.abort();
          signal.addEventListener('abort', abort);
          const cancel = token.onCancellationRequested(abort);
          let reported = 0;
          let lastReport = 0;
          try {
            const format = (this.facts?.format as FileFormat | undefined) ?? formatOfName(this.uri.path);
            const options: FileComputeOptions = {
              variants,
              ...(format ? { format } : {}),
              ...(this.columns ? { columns: this.columns } : {}),
              onInvalid: readInvalidRows(this.uri),
              ...(metrics ? { metrics: true } : {}),
              signal: controller.signal,
              onProgress: (bytes) => {
                const now = Date.now();
                if (now - lastReport < 100 || size === 0) return;
                lastReport = now;
                const percent = Math.min(100, (bytes / size) * 100);
                const detail = vscode.l10n.t('{0} of {1}', formatBytes(bytes), formatBytes(size));
                progress.report({ increment: percent - reported, message: detail });
                ctx.progress?.(percent / 100, detail);
                reported = percent;
              },
            };
            // A large local file of lines goes to worker threads (undefined: it cannot be cut
            // safely), unless one lane is read: that costs less than starting the workers (the CLI's
            // one thread beat two on the 10^7-row bench file, 0.37 s against 0.45 s).
            const splitter = variants.length > 1 || metrics ? splitterFor(this.uri) : undefined;
            const split = splitter && (format === 'csv' || format === 'tsv' || format === 'jsonl') ? await splitter(this.uri.fsPath, size, format, options) : undefined;
            return split ?? (await computeFileLoss(source, options));
          } finally {
            signal.removeEventListener('abort', abort);
            cancel.dispose();
          }
        },
      ),
    );
  }

  async reveal(target: RevealTarget, preserveFocus = false): Promise<void> {
    if (target.kind === 'line') return revealFileLine(this.uri, target.line, target.column, preserveFocus);
    void vscode.window.showInformationMessage(vscode.l10n.t('BCE Lens: sample {0} of {1} has no known line.', target.index, basename(this.uri)));
  }

  async snippet(framework: Semantics, view: PanelView): Promise<string> {
    const f = this.facts ?? view.file;
    if (!f) throw new Error(vscode.l10n.t('read the file first'));
    const chosen = toLossOptions(view.options, undefined, readClasses(this.uri));
    const path = this.uri.scheme === 'file' ? this.uri.fsPath : this.uri.toString();
    return snippetFor(framework, chosen, optionsOfView(view), view, {
      kind: 'file',
      path,
      format: f.format,
      columns: { yTrue: f.columns.yTrue, yPred: f.columns.yPred, ...(f.columns.weight !== undefined ? { weight: f.columns.weight } : {}) },
      ...(f.invalidRows ? { skippedRows: f.invalidRows } : {}),
    });
  }

  errorReport(e: unknown): ErrorReport {
    return fileErrorReport(e, this.uri, this.facts?.format);
  }

  /** The file changed, was replaced or deleted on disk since it was read. */
  watch(changed: (message: string) => void): vscode.Disposable {
    const name = basename(this.uri);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(this.uri, '..'), name));
    const said = vscode.l10n.t('{0} changed on disk since it was read.', name);
    const gone = vscode.l10n.t('{0} was deleted since it was read.', name);
    // A write can raise several events, and some arrive after the file was read again: only a file
    // that differs from the one the result was read from makes it out of date.
    const check = () =>
      vscode.workspace.fs.stat(this.uri).then(
        (stat) => {
          if (`${stat.mtime}:${stat.size}` !== this.version) changed(said);
        },
        () => changed(gone),
      );
    return vscode.Disposable.from(watcher, watcher.onDidChange(check), watcher.onDidCreate(check), watcher.onDidDelete(() => changed(gone)));
  }
}

/** A data file's diagnosis: the metrics and the findings of the first option set read (the pass computes them with it). */
function fileDiagnosis(read: FileLossResult): Diagnosis {
  return {
    ...(read.metrics ? { metrics: read.metrics } : {}),
    ...(read.metricsNote ? { metricsNote: read.metricsNote } : {}),
    findings: read.findings ?? [],
    ...(read.findingsNote ? { findingsNote: vscode.l10n.t('The (n,) against (n, 1) broadcast trap is looked for in selections only: a data file’s columns are read as n rows, not as arrays whose shapes broadcast.') } : {}),
  };
}

/** A columnar file's own facts, as the panel shows them. */
function containerView(f: ContainerFacts): NonNullable<FileFacts['container']> {
  return {
    name: f.container,
    ...(f.writer !== undefined ? { writer: f.writer } : {}),
    groups: f.groups,
    groupKind: f.groupKind,
    compression: [...f.compression],
    columns: f.columns.map((c) => ({ name: c.name, type: c.type })),
  };
}
