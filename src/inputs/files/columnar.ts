/**
 * Rows of a columnar file (Parquet row groups, Arrow record batches) into a RowSink: the readers
 * decode a group's columns into typed arrays, this checks each row as CSV rows are checked and
 * fills the sink's batches. A bad row names the file, the group, the column and the row.
 */
import { InputError, type SourcePlace } from '../inputError';
import { resolveColumns, type ColumnPlan } from './columns';
import type { LossOptions } from '../../core';
import { passStreams, runLanes, runLanesOnce, RowSink, type LaneError, type LaneSpec, type MetricsHolder, type PassState } from './lanes';
import { planLanes } from './pass';
import type { ColumnChoice, FileComputeOptions, ContainerFacts, FileLossResult, PerSampleStream } from './types';
import { checkAbort } from './util';

/** A column of one group as numbers: one value a row, or a list of values a row. */
export interface NumberColumn {
  kind: 'numbers';
  values: Float64Array;
  /** Per row: 1 valid, 0 null; 2 a list with a null element. Null when no row is null. */
  valid: Uint8Array | null;
  /** List columns: row r holds values[offsets[r]] … values[offsets[r + 1] − 1]. */
  offsets: Int32Array | null;
}

/** A column of strings (split or epoch names) as ids into names. */
export interface TextColumn {
  kind: 'text';
  ids: Int32Array;
  names: readonly string[];
  valid: Uint8Array | null;
}

export type GroupColumn = NumberColumn | TextColumn;

/** What the readers tell about a column before reading it. */
export interface ColumnInfo {
  name: string;
  /** A list column (one list of labels or predictions a row: multi-label). */
  list: boolean;
  /** Holds strings: usable only as epoch or split. */
  text: boolean;
  /** Not readable (nested struct, map, …): why, if chosen. */
  unsupported?: string;
}

/** One group of rows: the file reads the columns it is asked for. */
export interface ColumnarGroup {
  rows: number;
  /** "row group 3", "record batch 3": how errors name the group. */
  label: string;
  /** The columns' values, valid until the next group is read (a reader may decode each group into the same arrays). */
  read(columns: readonly number[]): Promise<Map<number, GroupColumn>>;
}

export interface ColumnarFile {
  format: 'parquet' | 'arrow';
  columns: ColumnInfo[];
  bytes: number;
  /** Rows in all (for progress); 0 when the file does not say. */
  rows: number;
  /** Row groups or record batches; 0 when only reading tells (Arrow streams). */
  groupCount: number;
  groups(): AsyncIterable<ColumnarGroup>;
  /** groups() can be iterated once only (an Arrow stream is read as it arrives). */
  once?: boolean;
  /** The file's facts; a stream knows its batches and codecs once read. */
  facts(): ContainerFacts;
}

/** Picks the columns by the same role names, flags and rules as a CSV header. */
export function planColumns(name: string, file: ColumnarFile, choice: ColumnChoice | undefined): ColumnPlan {
  const names = file.columns.map((c) => c.name);
  const fail = (message: string, column?: number): never => {
    throw new InputError({ source: name, line: 1, column: (column ?? 0) + 1 }, message);
  };
  const plan = resolveColumns(names, true, choice, fail);
  const check = (cols: number[], role: string, numeric: boolean) => {
    for (const c of cols) {
      const info = file.columns[c];
      if (info.unsupported) fail(`${role}: column ${JSON.stringify(info.name)} cannot be read: ${info.unsupported}`, c);
      if (numeric && info.text) fail(`${role}: column ${JSON.stringify(info.name)} holds strings; labels, predictions and weights must be numbers (0/1 or true/false for labels)`, c);
    }
  };
  check(plan.yTrue, 'y_true', true);
  check(plan.yPred, 'y_pred', true);
  if (plan.weight >= 0) check([plan.weight], 'sample_weight', true);
  if (plan.epoch >= 0) check([plan.epoch], 'epoch', false);
  if (plan.split >= 0) check([plan.split], 'split', false);
  for (const [cols, role] of [
    [plan.yTrue, 'y_true'],
    [plan.yPred, 'y_pred'],
  ] as const) {
    if (cols.length > 1 && cols.some((c) => file.columns[c].list)) fail(`${role}: a list column holds all the labels of a row: choose it alone, not with other columns`, cols[0]);
  }
  if (plan.weight >= 0 && file.columns[plan.weight].list) fail(`sample_weight: column ${JSON.stringify(names[plan.weight])} is a list; expected one weight a row`, plan.weight);
  return plan;
}

/**
 * Reads every row of the file once per pass, restarting lanes that need logits; an Arrow stream,
 * read as it arrives, in one pass with each "auto" lane's logits twin beside it (as a pipe is).
 */
export async function computeColumnar(name: string, file: ColumnarFile, options: FileComputeOptions): Promise<FileLossResult> {
  const plan = planColumns(name, file, options.columns);
  const setup: ColumnarSetup = { name, variants: options.variants, onInvalid: options.onInvalid ?? 'error', ...(options.metrics ? { metrics: true } : {}), ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const outcome = async (pass: Awaited<ReturnType<typeof columnarPass>>) => {
    if (!pass.state || !pass.specs) {
      throw new InputError({ source: name, line: 1, column: 1 }, `the file has no rows (columns ${file.columns.map((c) => JSON.stringify(c.name)).join(', ')})`);
    }
    return { state: pass.state, specs: pass.specs, bytes: file.bytes, complete: pass.complete, columns: plan };
  };
  const result = file.once
    ? await runLanesOnce(
        name,
        file.format,
        options.variants,
        async (once) => outcome(await columnarPass(file, plan, { ...setup, variants: once.variants, epochLanes: once.epochLanes, ...(once.perSample ? { perSample: once.perSample } : {}) }, once.asLogits)),
        options.metrics === true,
        options.perSample,
      )
    : await runLanes(
        name,
        file.format,
        options.variants,
        async (asLogits, variants) => outcome(await columnarPass(file, plan, { ...setup, variants, perSample: passStreams(options.perSample, variants, asLogits) }, asLogits)),
        options.metrics === true,
      );
  return { ...result, facts: file.facts() };
}

export interface ColumnarSetup {
  name: string;
  variants: readonly LossOptions[];
  onInvalid: 'error' | 'skip';
  /** Metrics beside the loss for variants[0]. */
  metrics?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
  /** Per lane, where its per-sample losses go (on the main thread only: not posted to workers). */
  perSample?: readonly (PerSampleStream | undefined)[];
  /** Lanes that keep per-epoch losses (a stream's lane 0 and its logits twin); lane 0 by default. */
  epochLanes?: readonly number[];
}

/** The columns a plan reads. */
function neededColumns(plan: ColumnPlan): number[] {
  return [...new Set([...plan.yTrue, ...plan.yPred, ...(plan.weight >= 0 ? [plan.weight] : []), ...(plan.epoch >= 0 ? [plan.epoch] : []), ...(plan.split >= 0 ? [plan.split] : [])])];
}

/**
 * One pass over the groups `select` picks (all by default; the CLI's worker threads take some
 * each). Rows are numbered in the whole file. No state when the groups hold no row.
 */
export async function columnarPass(
  file: ColumnarFile,
  plan: ColumnPlan,
  setup: ColumnarSetup,
  asLogits: readonly (boolean | null)[],
  select?: (group: number) => boolean,
  holder?: MetricsHolder,
): Promise<{ state?: PassState; specs?: (LaneSpec | LaneError | undefined)[]; complete: boolean }> {
  const needed = neededColumns(plan);
  const yList = file.columns[plan.yTrue[0]].list;
  const pList = file.columns[plan.yPred[0]].list;
  let feeder: Feeder | undefined;
  let specs: (LaneSpec | LaneError | undefined)[] | undefined;
  let complete = true;
  let firstRow = 0;
  let g = -1;
  const start = (ly: number, lp: number): Feeder => {
    specs = planLanes({ variants: setup.variants, asLogits }, { labels: ly, predictions: lp, fromLogitsByName: plan.fromLogitsByName });
    const runnable = specs.map((s) => (s && !('message' in s) ? s : undefined));
    const sink = new RowSink(runnable, { name: setup.name, onInvalid: setup.onInvalid, epochs: plan.epoch >= 0 && runnable[0] !== undefined, weighted: plan.weight >= 0, ly, lp, sources: false, ...(setup.metrics ? { metrics: true } : {}), ...(holder ? { metricsHolder: holder } : {}), ...(setup.perSample ? { perSample: setup.perSample } : {}), ...(setup.epochLanes ? { epochLanes: setup.epochLanes } : {}) });
    return new Feeder(setup.name, plan, sink);
  };
  for await (const group of file.groups()) {
    g++;
    const at = firstRow;
    firstRow += group.rows;
    if (group.rows === 0 || (select && !select(g))) continue;
    checkAbort(setup.signal);
    const cols = await group.read(needed);
    if (!feeder) feeder = start(yList ? listWidth(cols.get(plan.yTrue[0]) as NumberColumn) : plan.yTrue.length, pList ? listWidth(cols.get(plan.yPred[0]) as NumberColumn) : plan.yPred.length);
    feeder.sink.startGroup(g, at);
    feeder.group(group, cols, at);
    await feeder.sink.ready();
    // Progress by rows, else by groups (an Arrow file's footer counts batches, not rows); a stream tells neither.
    const done = file.rows > 0 ? firstRow / file.rows : file.groupCount > 0 ? (g + 1) / file.groupCount : 0;
    if (done > 0) setup.onProgress?.(Math.round(file.bytes * Math.min(1, done)));
    if (!feeder.sink.live) {
      complete = false;
      break;
    }
  }
  return feeder ? { state: feeder.sink.state(), specs, complete } : { complete };
}

/** Elements in the first valid row of a list column: the labels a row must have. */
function listWidth(c: NumberColumn): number {
  const o = c.offsets as Int32Array;
  for (let r = 0; r + 1 < o.length; r++) if (!c.valid || c.valid[r] === 1) return Math.max(1, o[r + 1] - o[r]);
  return 1;
}

/** Fills the sink's batches from groups of columns. */
class Feeder {
  constructor(
    readonly name: string,
    readonly plan: ColumnPlan,
    readonly sink: RowSink,
  ) {}

  group(group: ColumnarGroup, cols: Map<number, GroupColumn>, firstRow: number): void {
    const { plan, sink } = this;
    const b = sink.batch;
    const ly = b.ly;
    const lp = b.lp;
    const y = plan.yTrue.map((c) => cols.get(c) as NumberColumn);
    const p = plan.yPred.map((c) => cols.get(c) as NumberColumn);
    const w = plan.weight >= 0 ? (cols.get(plan.weight) as NumberColumn) : undefined;
    const epoch = b.epoch && plan.epoch >= 0 ? cols.get(plan.epoch) : undefined;
    const split = b.epoch && plan.split >= 0 ? cols.get(plan.split) : undefined;
    const epochText = epoch ? texts(epoch) : undefined;
    const splitText = split ? texts(split) : undefined;
    let lastE = 0;
    let lastS = 0;
    let lastIndex = -1;
    let fresh = true;
    const rows = group.rows;
    const epochAt = (r: number): number => {
      const e = epochKey(epoch as GroupColumn, r);
      const s = split ? epochKey(split, r) : -1;
      if (fresh || e !== lastE || s !== lastS) {
        fresh = false;
        lastE = e;
        lastS = s;
        lastIndex = sink.epochOf(epochText?.(e) ?? '', splitText?.(s));
      }
      return lastIndex;
    };
    // One label and one prediction a row: runs of clean rows are copied as blocks.
    const simple = y.length === 1 && p.length === 1 && !y[0].offsets && !p[0].offsets;
    for (let r = 0; r < rows; ) {
      const k = Math.min(b.cap - b.n, rows - r);
      if (simple && clean(y[0], p[0], w, r, r + k)) {
        const n = b.n;
        b.y.set(y[0].values.subarray(r, r + k), n);
        b.p.set(p[0].values.subarray(r, r + k), n);
        if (w && b.w) b.w.set(w.values.subarray(r, r + k), n);
        if (epoch && b.epoch) for (let i = 0; i < k; i++) b.epoch[n + i] = epochAt(r + i);
        // Rows have no lines here (sources: false): the line array stays unused.
        b.n = n + k;
      } else {
        for (let i = r; i < r + k; i++) {
          const n = b.n;
          const problem = this.fill(y, plan.yTrue, 'label', b.y, n, ly, i) ?? this.fill(p, plan.yPred, 'prediction', b.p, n, lp, i) ?? (w ? this.weight(w, b.w as Float64Array, n, i) : undefined);
          if (problem) {
            this.invalid(group, firstRow, i, problem);
            continue;
          }
          if (epoch && b.epoch) b.epoch[n] = epochAt(i);
          b.n = n + 1;
        }
      }
      r += k;
      if (b.n === b.cap) {
        sink.flush();
        if (!sink.live) return;
      }
    }
    sink.flush();
  }

  /** Copies row r's values of the columns into out; a problem if one is missing or out of range. */
  private fill(cols: NumberColumn[], index: number[], kind: 'label' | 'prediction', out: Float64Array, n: number, width: number, r: number): Problem | undefined {
    if (cols.length === 1 && cols[0].offsets) {
      const c = cols[0];
      const o = c.offsets as Int32Array;
      if (c.valid && c.valid[r] !== 1) return { column: index[0], text: 'null', reason: c.valid[r] === 0 ? `null in column ${JSON.stringify(this.plan.names[index[0]])}` : `a null element in the list of column ${JSON.stringify(this.plan.names[index[0]])}` };
      const from = o[r];
      const len = o[r + 1] - from;
      if (len !== width) return { column: index[0], text: `[${len} values]`, reason: `expected ${width} values in the list of column ${JSON.stringify(this.plan.names[index[0]])} (as in the first row), got ${len}` };
      for (let j = 0; j < width; j++) {
        const v = c.values[from + j];
        const bad = check(v, kind);
        if (bad) return { column: index[0], text: String(v), reason: `${bad} in column ${JSON.stringify(this.plan.names[index[0]])}` };
        out[n * width + j] = v;
      }
      return undefined;
    }
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      if (c.valid && c.valid[r] !== 1) return { column: index[j], text: 'null', reason: `null in column ${JSON.stringify(this.plan.names[index[j]])}` };
      const v = c.values[r];
      const bad = check(v, kind);
      if (bad) return { column: index[j], text: String(v), reason: `${bad} in column ${JSON.stringify(this.plan.names[index[j]])}` };
      out[n * width + j] = v;
    }
    return undefined;
  }

  private weight(c: NumberColumn, out: Float64Array, n: number, r: number): Problem | undefined {
    const column = this.plan.weight;
    if (c.valid && c.valid[r] !== 1) return { column, text: 'null', reason: `null in column ${JSON.stringify(this.plan.names[column])}` };
    const v = c.values[r];
    if (!(v >= 0) || !Number.isFinite(v)) return { column, text: String(v), reason: `expected a finite sample weight ≥ 0 in column ${JSON.stringify(this.plan.names[column])}` };
    out[n] = v;
    return undefined;
  }

  /** Row i of a group whose first row is row firstRow of the file; the message names both numbers. */
  private invalid(group: ColumnarGroup, firstRow: number, i: number, problem: Problem): void {
    const row = firstRow + i;
    const place: SourcePlace = { source: this.name, line: row + 1, column: problem.column + 1 };
    this.sink.invalid(place, problem.text, `${problem.reason} (row ${row} of the file: ${group.label}, row ${i})`);
  }
}

interface Problem {
  column: number;
  text: string;
  reason: string;
}

/** Rows [from, to) have a label in [0, 1], a finite prediction and weight ≥ 0, and no null. */
function clean(y: NumberColumn, p: NumberColumn, w: NumberColumn | undefined, from: number, to: number): boolean {
  const yv = y.values;
  const pv = p.values;
  let ok = true;
  for (let r = from; r < to; r++) {
    const a = yv[r];
    const b = pv[r];
    // b − b is 0 exactly when b is finite.
    ok = ok && a >= 0 && a <= 1 && b - b === 0;
  }
  if (ok && (y.valid || p.valid)) for (let r = from; r < to && ok; r++) ok = (!y.valid || y.valid[r] === 1) && (!p.valid || p.valid[r] === 1);
  if (ok && w) {
    const wv = w.values;
    for (let r = from; r < to && ok; r++) ok = wv[r] >= 0 && wv[r] - wv[r] === 0 && (!w.valid || w.valid[r] === 1);
  }
  return ok;
}

function check(v: number, kind: 'label' | 'prediction'): string | undefined {
  if (kind === 'label') return v >= 0 && v <= 1 ? undefined : 'expected a label in [0, 1] (0/1 classes, or probabilities for soft labels)';
  return Number.isFinite(v) ? undefined : 'expected a finite prediction';
}

/** A key of row r's epoch (or split) value: the string's id, or the number itself; null is −1 or NaN. */
function epochKey(c: GroupColumn, r: number): number {
  if (c.valid && c.valid[r] !== 1) return c.kind === 'text' ? -1 : NaN;
  return c.kind === 'text' ? c.ids[r] : c.values[r];
}

/** The text of a key from epochKey, as a CSV field would read (a null is empty). */
function texts(c: GroupColumn): (key: number) => string {
  if (c.kind === 'text') return (k) => (k < 0 ? '' : c.names[k]);
  return (k) => (Number.isNaN(k) ? '' : String(k));
}

