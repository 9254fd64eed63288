/**
 * One pass over a file feeds every option set ("lane") at once: readers fill a RowBatch of
 * parsed rows in flat typed arrays, and the sink pushes each batch into one BceAccumulator per
 * lane (and per epoch for the first lane). A lane that fails keeps its error and drops out; one
 * that meets a logit in "auto" mode is marked to run again as logits.
 */
import {
  BceAccumulator,
  BceError,
  LogitsDetected,
  effectiveDtype,
  formatPosition,
  inSigmoidOfSigmoid,
  logit,
  logitsWarning,
  lossGuard,
  framework,
  resolveReduction,
  StreamMetrics,
  validateOptions,
  type AccumulatorState,
  type LabelMetrics,
  type ElementPosition,
  type Finding,
  type LossOptions,
  type LossResult,
  type ResolvedOptions,
  type SamplePlace,
  type StreamMetricsState,
  ranksBackwards,
} from '../../core';
import { excerpt, InputError, quote, type SourcePlace } from '../inputError';
import type { ColumnPlan } from './columns';
import type { EpochLoss, FileLossResult, InvalidRow, PerSampleOutput, PerSampleStream } from './types';
import { columnNames, lastAtOrBefore } from './util';
import { FILE_FINDINGS_NOTE, fileFindings, findingLanes, type FindingLane, type FindingLaneOutcome } from './findingLanes';

/**
 * How a findings lane (findingLanes.ts) changes the rows before its accumulator sees them: the
 * extra sigmoid undone (it stops at a prediction outside [σ(0), σ(1)]), the labels flipped, or only
 * the elements at the framework's guard, as one-label rows of weight 1.
 */
export type LaneTransform = 'undo-sigmoid' | 'flip-labels' | 'clipped-only';

/** An option set, and how its lane changes the rows (findings lanes only). */
export type LaneVariant = LossOptions & { transform?: LaneTransform };

/** How a variant is computed in one pass (plain data: it is posted to worker threads). */
export interface LaneSpec {
  transform?: LaneTransform;
  options: ResolvedOptions;
  /** fromLogits was "auto" and is not decided yet: a prediction outside [0, 1] restarts the lane as logits. */
  autoLogits: boolean;
  /** This pass runs as logits because the last one found a prediction outside [0, 1]. */
  logitsDetected: boolean;
  /** scikit-learn with two prediction columns [P(class 0), P(class 1)]. */
  twoColumns: boolean;
  /** Labels per sample in the accumulator. */
  labels: number;
  /** posWeight was given but fromLogits is still "auto": an error unless the lane turns out to be logits. */
  posWeightPending: boolean;
}

/** A lane's failure, with the place when a row caused it. */
export interface LaneError {
  message: string;
  place?: { line: number; column: number; text?: string };
}

/** What the columns of a file are, as far as the lanes care. */
export interface Shape {
  /** Label columns per sample. */
  labels: number;
  /** Prediction columns per sample. */
  predictions: number;
  /** The predictions are named logits. */
  fromLogitsByName: boolean;
}

/** Plans a variant's lane, or says why the variant cannot be computed on this file. */
export function planLane(variant: LaneVariant, shape: Shape, asLogits: boolean): LaneSpec | LaneError {
  try {
    let fromLogits = variant.fromLogits;
    let logitsDetected = false;
    const fw = framework(variant.semantics);
    if (fromLogits === 'auto') {
      if (shape.fromLogitsByName) fromLogits = true;
      else if (asLogits) {
        fromLogits = true;
        logitsDetected = true;
      }
    }
    validateOptions({ ...variant, fromLogits });
    if (fromLogits === false && fw.refuses.probabilities) {
      return { message: `${fw.refuses.probabilities}: every prediction here lies in [0, 1]` };
    }
    // Files hold labels 0 and 1: the given classes can only be those two.
    if (variant.classes && !variant.classes.every((c) => c === 0 || c === 1 || typeof c === 'boolean')) {
      return { message: `a data file's labels are 0 and 1, so labels can only be 0,1 here; got ${variant.classes.join(',')}` };
    }
    if (fw.refuses.multiLabel && shape.labels > 1) return { message: `${fw.refuses.multiLabel}; these columns are multi-label` };
    const twoColumns = fw.classLabels && shape.labels === 1 && shape.predictions === 2;
    if (variant.transform && twoColumns && variant.transform !== 'flip-labels') return { message: 'not for two prediction columns' };
    if (shape.labels !== shape.predictions && !twoColumns) {
      return {
        message: `shape mismatch: ${shape.labels} label column(s) but ${shape.predictions} prediction columns${shape.predictions === 2 && shape.labels === 1 ? ' (two prediction columns are scikit-learn’s [P(class 0), P(class 1)]: choose the sklearn semantics)' : ''}`,
      };
    }
    const decided = fromLogits === true;
    const options: ResolvedOptions = {
      semantics: variant.semantics,
      fromLogits: decided,
      labelSmoothing: variant.labelSmoothing,
      reduction: resolveReduction(variant),
      dtype: effectiveDtype(variant.semantics, variant.dtype),
      ...(variant.posWeight && decided ? { posWeight: variant.posWeight } : {}),
      ...(variant.classes ? { classes: variant.classes } : {}),
    };
    return {
      ...(variant.transform ? { transform: variant.transform } : {}),
      options,
      autoLogits: fromLogits === 'auto',
      logitsDetected,
      twoColumns,
      // The clipped elements go in one by one, as rows of one label.
      labels: twoColumns || variant.transform === 'clipped-only' ? 1 : shape.labels,
      posWeightPending: variant.posWeight !== undefined && !decided,
    };
  } catch (e) {
    if (e instanceof BceError) return { message: e.message };
    throw e;
  }
}

export function isLaneError(x: LaneSpec | LaneError): x is LaneError {
  return (x as LaneError).message !== undefined;
}

/** Parsed rows in flat arrays, reused from batch to batch. */
export class RowBatch {
  n = 0;
  /** Replaced only through adopt(). */
  y: Float64Array;
  p: Float64Array;
  readonly w: Float64Array | null;
  line: Float64Array;
  readonly epoch: Int32Array | null;

  constructor(
    readonly cap: number,
    /** labels per row */
    readonly ly: number,
    /** predictions per row */
    readonly lp: number,
    weighted: boolean,
    epochs: boolean,
  ) {
    this.y = new Float64Array(cap * ly);
    this.p = new Float64Array(cap * lp);
    this.w = weighted ? new Float64Array(cap) : null;
    this.line = new Float64Array(cap);
    this.epoch = epochs ? new Int32Array(cap) : null;
  }

  /** Takes arrays a scanner writes rows into (one label and one prediction a row), while empty. */
  adopt(y: Float64Array, p: Float64Array, line: Float64Array): void {
    if (this.n !== 0 || this.ly !== 1 || this.lp !== 1 || y.length < this.cap || p.length < this.cap || line.length < this.cap) {
      throw new Error('internal: a batch adopts arrays only while empty, one label a row, cap rows long');
    }
    this.y = y;
    this.p = p;
    this.line = line;
  }
}

/** Finds the place of an element of batch row `row`, for a lane's error message. */
export type Locator = (row: number, at: ElementPosition) => { line: number; column: number; text?: string } | undefined;

/** The most distinct epoch (and split) values followed; beyond, per-epoch losses are dropped. */
export const MAX_EPOCHS = 100000;

interface Lane {
  spec: LaneSpec;
  acc: BceAccumulator;
  /** A transform lane's rows (see LaneTransform), reused batch to batch. */
  scratch?: { y: Float64Array; p: Float64Array };
  error?: LaneError;
  needsLogits: boolean;
  logitsAt?: LogitsAt;
  /** A probe (see isProbe): only looks for the row that decides the lane; its rows offered so far. */
  probe?: { rows: number; scratch?: BceAccumulator };
}

/**
 * A lane whose framework refuses probabilities (optax, tf.nn), in "auto" mode, read as
 * probabilities: it ends refused unless a row fails first or a prediction outside [0, 1] sends it
 * to logits, so it need not compute a loss per row. It looks for that row and pushes only the
 * lane's first row (so its count says whether the input had rows, as finishLane asks). Only for
 * one label and prediction a row without weights (a weight would be refused at its row, and a
 * sum of weights decides the result), never for lane 0 (metrics) or a lane keeping epochs.
 */
function isProbe(spec: LaneSpec, k: number, options: SinkOptions, epochLanes: readonly number[]): boolean {
  return (
    k !== 0 &&
    spec.autoLogits &&
    !spec.twoColumns &&
    !options.weighted &&
    options.ly === 1 &&
    options.lp === 1 &&
    !epochLanes.includes(k) &&
    framework(spec.options.semantics).refuses.probabilities !== undefined
  );
}

/** The first prediction outside [0, 1] that sent a lane to logits: the result's warning names it. */
export interface LogitsAt {
  /** The sample's index in the lane (y_pred[index]), for inputs without lines. */
  index: number;
  value?: number;
  label?: number;
  place?: LaneError['place'];
}

export interface SinkOptions {
  name: string;
  onInvalid: 'error' | 'skip';
  /** Per-epoch losses for lane 0 (or the lanes of epochLanes). */
  epochs: boolean;
  /** Lanes that keep per-epoch losses; the pass reports those of the first that ends live (default: lane 0). */
  epochLanes?: readonly number[];
  weighted: boolean;
  /** Label and prediction columns per row. */
  ly: number;
  lp: number;
  batchRows?: number;
  /** Rows have lines (false for .npy/.npz): the worst samples then name them. */
  sources?: boolean;
  /** Metrics beside the loss (ROC AUC, calibration, …) for lane 0; the findings' lanes run beside it then. */
  metrics?: boolean;
  /**
   * One thread's metrics over all the parts it reads (the CLI's ranges and row groups): they go
   * into one structure there instead of one a part merged on the main thread. The pass's state
   * then leaves them out; the thread posts them once.
   */
  metricsHolder?: MetricsHolder;
  /** Per lane, where its per-sample losses (reduction "none") go batch by batch instead of into its result. */
  perSample?: readonly (PerSampleStream | undefined)[];
}

/**
 * The per-sample streams of a pass of {@link runLanes} (lane 0 only: the CLI prints variants[0]).
 * A first pass's values are final unless fromLogits is "auto" (a logit further on would send the
 * lane to a second pass); the second pass, as logits, is final.
 */
export function passStreams(output: PerSampleOutput | undefined, variants: readonly LossOptions[], asLogits: readonly (boolean | null)[]): (PerSampleStream | undefined)[] | undefined {
  const first = asLogits[0];
  if (!output || first === null || first === undefined) return undefined;
  return [output(first, first || variants[0].fromLogits !== 'auto')];
}

/** The metrics a thread keeps across passes over parts of one file (created by the first). */
export interface MetricsHolder {
  metrics?: StreamMetrics;
  /** The number of the part read now (its range or row group): the metrics sum parts in this order. */
  part?: number;
}

/** What a pass produced, as plain data (posted back by worker threads). */
export interface PassState {
  lanes: ({ state: AccumulatorState } | { error: LaneError } | { needsLogits: true; at?: LogitsAt } | { skipped: true })[];
  epochKeys: string[];
  epochStates: AccumulatorState[];
  epochOverflow: boolean;
  rows: number;
  invalidRows: number;
  firstInvalid?: InvalidRow;
  /** Rows skipped for a prediction that was ±inf or NaN (the nonfinite-logits finding), and the first. */
  nonFinite?: { count: number; first: { line: number; column: number } };
  /** Lane 0's metrics, when asked for and while it runs. */
  metrics?: StreamMetricsState;
}

const EPOCH_SEPARATOR = '\u0000';

/**
 * Labels or predictions a batch holds. Large batches make the per-batch JavaScript (pushMany and
 * around it) run rarely enough that V8 leaves it unoptimised instead of compiling it on a thread
 * the readers need; counting elements, not rows, keeps wide rows to the same memory.
 */
const BATCH_ELEMENTS = 32768;

/** Rows a batch holds by default: 32768 of "label,probability", fewer of wider rows. */
function batchRowsFor(ly: number, lp: number): number {
  return Math.max(1, Math.floor(BATCH_ELEMENTS / Math.max(ly, lp, 1)));
}

export class RowSink {
  readonly batch: RowBatch;
  private readonly lanes: (Lane | undefined)[];
  rows = 0;
  invalidRows = 0;
  firstInvalid?: InvalidRow;
  private nonFinite?: { count: number; first: { line: number; column: number } };
  private readonly epochIndex = new Map<string, number>();
  private readonly epochKeys: string[] = [];
  /** Per epoch lane (epochLanes' order), the accumulators of its epochs. */
  private readonly epochAccs: BceAccumulator[][];
  private readonly epochLanes: readonly number[];
  private epochOverflow = false;
  private readonly rowY: Float64Array;
  private readonly rowP: Float64Array;
  private readonly metrics?: StreamMetrics;
  private readonly ownMetrics: boolean;
  private readonly streams: readonly (PerSampleStream | undefined)[];
  /** Where the batch's rows are in the file: rows from batch position rowRunAt[i] on are numbered from rowRunFirst[i]. */
  private readonly rowRunAt: number[] = [0];
  private readonly rowRunFirst: number[] = [0];
  /** The group being read (columnar files), whose rows the batch holds. */
  private group?: { index: number; firstRow: number };

  constructor(
    specs: readonly (LaneSpec | undefined)[],
    readonly options: SinkOptions,
  ) {
    this.epochLanes = options.epochs ? (options.epochLanes ?? [0]).filter((k) => specs[k] !== undefined) : [];
    this.epochAccs = this.epochLanes.map(() => []);
    this.batch = new RowBatch(options.batchRows ?? batchRowsFor(options.ly, options.lp), options.ly, options.lp, options.weighted, this.epochLanes.length > 0);
    this.lanes = specs.map((spec, k) =>
      spec
        ? {
            spec,
            acc: new BceAccumulator({
              options: spec.options,
              labels: spec.labels,
              autoLogits: spec.autoLogits,
              keepPerSample: spec.options.reduction === 'none',
            }),
            needsLogits: false,
            ...(isProbe(spec, k, options, this.epochLanes) ? { probe: { rows: 0 } } : {}),
          }
        : undefined,
    );
    this.rowY = new Float64Array(options.ly);
    this.rowP = new Float64Array(options.lp);
    // Only lanes that keep per-sample losses have any to stream.
    this.streams = specs.map((spec, k) => (spec?.options.reduction === 'none' ? options.perSample?.[k] : undefined));
    const first = specs[0];
    this.ownMetrics = !options.metricsHolder;
    if (options.metrics && first) {
      const make = () => new StreamMetrics({ labels: first.labels, fromLogits: first.options.fromLogits, twoColumns: first.twoColumns, weighted: options.weighted });
      this.metrics = options.metricsHolder ? (options.metricsHolder.metrics ??= make()) : make();
      if (options.metricsHolder) this.metrics.startPart(options.metricsHolder.part ?? 0);
    }
  }

  /** Resolves when every per-sample stream has room for more: readers await it between chunks. */
  async ready(): Promise<void> {
    for (const s of this.streams) if (s) await s.ready();
  }

  /** True while some lane still takes rows (the reader may stop early otherwise). */
  get live(): boolean {
    return this.lanes.some((l) => l && !l.error && !l.needsLogits);
  }

  /** Index of an epoch (and split) value for batch.epoch; −1 once there are too many. */
  epochOf(epoch: string, split: string | undefined): number {
    const key = split === undefined ? epoch : epoch + EPOCH_SEPARATOR + split;
    let k = this.epochIndex.get(key);
    if (k !== undefined) return k;
    if (this.epochKeys.length >= MAX_EPOCHS) {
      this.epochOverflow = true;
      return -1;
    }
    k = this.epochKeys.length;
    this.epochIndex.set(key, k);
    this.epochKeys.push(key);
    return k;
  }

  /**
   * The next rows are those of a group (a Parquet row group, an Arrow record batch) starting at
   * row firstRow of the file; the batch must be empty. Without it rows are numbered from 0.
   */
  startGroup(index: number, firstRow: number): void {
    if (this.batch.n !== 0) throw new Error('internal: a group starts on an empty batch');
    this.group = { index, firstRow };
    this.rowRunAt.length = 1;
    this.rowRunFirst.length = 1;
    this.rowRunFirst[0] = firstRow;
  }

  /** The file row of batch position pos (0-based, the rows skipped before it counted). */
  private rowAt(pos: number): number {
    const at = this.rowRunAt;
    // The last run starting at or before pos (runs start at increasing positions).
    const lo = lastAtOrBefore(at, pos);
    return this.rowRunFirst[lo] + pos - at[lo];
  }

  /** A row was skipped where the batch's next row would go: the rows after it move on by one. */
  private skipRow(): void {
    const n = this.batch.n;
    const last = this.rowRunAt.length - 1;
    if (this.rowRunAt[last] === n) this.rowRunFirst[last]++;
    else {
      this.rowRunFirst.push(this.rowAt(n) + 1);
      this.rowRunAt.push(n);
    }
  }

  /** A bad row whose detail already says what was found (text empty in firstInvalid). */
  invalidDetail(place: SourcePlace, detail: string): void {
    if (this.options.onInvalid === 'error') throw new InputError(place, detail);
    this.countNonFinite(place, detail);
    if (this.invalidRows++ === 0) this.firstInvalid = { line: place.line, column: place.column, text: '', reason: detail };
    this.skipRow();
  }

  /** A bad row: an InputError, or counted when invalid rows are skipped. */
  invalid(place: SourcePlace, text: string, reason: string): void {
    if (this.options.onInvalid === 'error') throw new InputError(place, `${reason}, found ${quote(text)}`);
    this.countNonFinite(place, reason);
    if (this.invalidRows++ === 0) this.firstInvalid = { line: place.line, column: place.column, text: excerpt(text), reason };
    this.skipRow();
  }

  /** Every reader words a skipped non-finite prediction "expected a finite prediction …" (csv, jsonRecords, numpy, columnar). */
  private countNonFinite(place: SourcePlace, reason: string): void {
    if (!reason.startsWith('expected a finite prediction')) return;
    if (this.nonFinite) this.nonFinite.count++;
    else this.nonFinite = { count: 1, first: { line: place.line, column: place.column } };
  }

  /** Pushes the batch into every live lane and empties it. */
  flush(locate?: Locator): void {
    const b = this.batch;
    const n = b.n;
    if (n === 0) return;
    b.n = 0;
    this.rows += n;
    for (let k = 0; k < this.lanes.length; k++) {
      const lane = this.lanes[k];
      if (!lane || lane.error || lane.needsLogits) continue;
      if (lane.probe) {
        this.probeRows(lane, lane.probe, n, locate);
        continue;
      }
      const before = lane.acc.count;
      const stream = this.streams[k];
      try {
        if (lane.spec.transform) this.pushTransformed(lane, n);
        else this.pushRows(lane.acc, lane.spec, 0, n);
      } catch (e) {
        // The rows before the failing one are written too: an error mid-stream follows their losses.
        if (stream) stream.write(lane.acc.takePerSample(), lane.acc.perSampleWidth);
        this.fail(lane, e, before, locate);
        continue;
      }
      if (stream) stream.write(lane.acc.takePerSample(), lane.acc.perSampleWidth);
      // The worst samples that came in with this batch learn their rows in the file.
      lane.acc.placeWorst(before, (i) => this.placeOf(i - before));
      if (b.epoch) {
        const j = this.epochLanes.indexOf(k);
        if (j >= 0) this.pushEpochs(lane.spec, n, this.epochAccs[j]);
      }
      if (k === 0) this.metrics?.push(b.y, b.p, n, b.w);
    }
    // The next batch starts at the row after this one's last (and the rows skipped since).
    const next = this.rowAt(n);
    this.rowRunAt.length = 1;
    this.rowRunFirst.length = 1;
    this.rowRunFirst[0] = next;
  }

  /** The place of batch position pos: its file row, and its group's row when in a group. */
  private placeOf(pos: number): SamplePlace {
    const row = this.rowAt(pos);
    return this.group ? { row, group: { index: this.group.index, row: row - this.group.firstRow } } : { row };
  }

  /** A findings lane's rows, changed as its transform says. */
  private pushTransformed(lane: Lane, n: number): void {
    const b = this.batch;
    const size = n * Math.max(b.ly, b.lp);
    if (!lane.scratch || lane.scratch.y.length < size) lane.scratch = { y: new Float64Array(size), p: new Float64Array(size) };
    const { y, p } = lane.scratch;
    if (lane.spec.transform === 'undo-sigmoid') {
      for (let i = 0; i < n * b.lp; i++) {
        const v = b.p[i];
        if (!inSigmoidOfSigmoid(v)) throw new BceError('option', 'a prediction outside [σ(0), σ(1)]: no second sigmoid to undo');
        p[i] = logit(v);
      }
      this.pushRows(lane.acc, lane.spec, 0, n, b.y, p, b.w);
    } else if (lane.spec.transform === 'flip-labels') {
      for (let i = 0; i < n * b.ly; i++) y[i] = 1 - b.y[i];
      this.pushRows(lane.acc, lane.spec, 0, n, y, b.p, b.w);
    } else {
      // Elements at the guard: p ≤ t or p ≥ 1 − t (none for the stable logits form).
      const guard = lossGuard(lane.spec.options);
      const t = guard.kind === 'stable' ? -Infinity : guard.threshold;
      const L = b.ly;
      let m = 0;
      for (let i = 0; i < n * L; i++) {
        const v = b.p[i];
        if (v <= t || v >= 1 - t) {
          y[m] = b.y[i];
          p[m] = v;
          m++;
        }
      }
      if (m > 0) lane.acc.pushMany(y, p, m, null, null);
    }
  }

  private pushRows(acc: BceAccumulator, spec: LaneSpec, from: number, to: number, by = this.batch.y, bp = this.batch.p, w = this.batch.w): void {
    const b = { y: by, p: bp, ly: this.batch.ly };
    const lines = this.options.sources === false ? undefined : this.batch.line;
    if (spec.twoColumns) {
      for (let r = from; r < to; r++) acc.pushSklearnColumns(b.y[r], b.p[2 * r], b.p[2 * r + 1], w ? w[r] : 1, lines?.[r]);
    } else if (b.ly === 1) {
      if (from === 0) acc.pushMany(b.y, b.p, to, w, lines);
      else acc.pushMany(b.y.subarray(from, to), b.p.subarray(from, to), to - from, w ? w.subarray(from, to) : null, lines?.subarray(from, to));
    } else {
      const L = b.ly;
      const y = this.rowY;
      const p = this.rowP;
      for (let r = from; r < to; r++) {
        for (let j = 0; j < L; j++) {
          y[j] = b.y[r * L + j];
          p[j] = b.p[r * L + j];
        }
        acc.pushRow(y, p, w ? w[r] : 1, lines?.[r]);
      }
    }
  }

  /**
   * A probe lane's rows: the lane's first row into its accumulator, then each row checked for what
   * the accumulator would refuse or take as a logit (a label outside [0, 1], a prediction outside
   * [0, 1] or not a number); such a row goes through a scratch accumulator, whose error is the
   * lane's, at the row's place and index.
   */
  private probeRows(lane: Lane, probe: NonNullable<Lane['probe']>, n: number, locate: Locator | undefined): void {
    const b = this.batch;
    const y = b.y;
    const p = b.p;
    const lines = this.options.sources === false ? undefined : b.line;
    const classes = framework(lane.spec.options.semantics).classLabels;
    let r = 0;
    if (lane.acc.count === 0) {
      try {
        this.pushRows(lane.acc, lane.spec, 0, 1);
      } catch (e) {
        // The lane's first row, at row 0 of its first batch.
        this.fail(lane, e, 0, locate);
        return;
      }
      r = 1;
    }
    for (; r < n; r++) {
      const yi = y[r];
      const pi = p[r];
      if (yi >= 0 && yi <= 1 && pi >= 0 && pi <= 1 && (!classes || yi === 0 || yi === 1)) continue;
      const scratch = (probe.scratch ??= new BceAccumulator({ options: lane.spec.options, labels: 1, autoLogits: lane.spec.autoLogits }));
      try {
        // The scratch never takes a row (each one it is given throws): its errors are at index 0.
        scratch.pushOne(yi, pi, 1, lines?.[r]);
      } catch (e) {
        this.fail(lane, e, -r, locate);
        if (lane.logitsAt) lane.logitsAt.index = probe.rows + r;
        return;
      }
    }
    probe.rows += n;
  }

  /** Rows of the batch into their epochs' accumulators, run by run of equal epochs. */
  private pushEpochs(spec: LaneSpec, n: number, accs: BceAccumulator[]): void {
    const e = this.batch.epoch as Int32Array;
    let start = 0;
    while (start < n) {
      const k = e[start];
      let end = start + 1;
      while (end < n && e[end] === k) end++;
      if (k >= 0) {
        while (accs.length <= k) accs.push(newEpochAccumulator(spec));
        this.pushRows(accs[k], spec, start, end);
      }
      start = end;
    }
  }

  private fail(lane: Lane, e: unknown, before: number, locate: Locator | undefined): void {
    if (e instanceof LogitsDetected) {
      const fw = framework(lane.spec.options.semantics);
      if (fw.refuses.logits) {
        lane.error = {
          message: `${fw.title} takes probabilities in [0, 1] (these look like logits: apply a sigmoid or choose another semantics)`,
          ...placeOf(e.position, before, locate),
        };
      } else {
        lane.needsLogits = true;
        lane.logitsAt = { index: e.position.index, ...(e.value === undefined ? {} : { value: e.value }), ...(e.position.label === undefined ? {} : { label: e.position.label }), ...placeOf(e.position, before, locate) };
      }
      return;
    }
    if (e instanceof BceError) {
      lane.error = { message: e.detail, ...(e.position ? placeOf(e.position, before, locate) : {}) };
      return;
    }
    throw e;
  }

  /** The pass's outcome as plain data. */
  state(): PassState {
    // Per-epoch losses belong to lane 0 (or the first epoch lane still running at the end).
    const j = this.epochOverflow ? -1 : this.epochLanes.findIndex((k) => !this.lanes[k]?.error && !this.lanes[k]?.needsLogits);
    const first = j >= 0 ? this.lanes[this.epochLanes[j]] : undefined;
    const accs = j >= 0 ? this.epochAccs[j] : [];
    // The metrics follow lane 0 (read as probabilities), whether or not it keeps epochs.
    const lane0 = this.lanes[0];
    return {
      lanes: this.lanes.map((l) => (!l ? { skipped: true as const } : l.error ? { error: l.error } : l.needsLogits ? { needsLogits: true as const, ...(l.logitsAt ? { at: l.logitsAt } : {}) } : { state: l.acc.toState() })),
      epochKeys: first ? [...this.epochKeys] : [],
      epochStates: first ? this.epochKeys.map((_, k) => (accs[k] ?? newEpochAccumulator(first.spec)).toState()) : [],
      epochOverflow: this.epochOverflow,
      rows: this.rows,
      invalidRows: this.invalidRows,
      ...(this.firstInvalid ? { firstInvalid: { ...this.firstInvalid } } : {}),
      ...(this.nonFinite ? { nonFinite: { count: this.nonFinite.count, first: { ...this.nonFinite.first } } } : {}),
      ...(this.metrics && this.ownMetrics && lane0 && !lane0.error && !lane0.needsLogits ? { metrics: this.metrics.toState() } : {}),
    };
  }
}

function placeOf(position: ElementPosition, before: number, locate: Locator | undefined): { place?: LaneError['place'] } {
  const at = locate?.(position.index - before, position);
  return at ? { place: at } : {};
}

function newEpochAccumulator(spec: LaneSpec): BceAccumulator {
  // Epochs show one number each: "none" becomes the framework's default mean.
  const reduction = spec.options.reduction === 'none' ? framework(spec.options.semantics).defaultReduction : spec.options.reduction;
  return new BceAccumulator({ options: { ...spec.options, reduction }, labels: spec.labels, autoLogits: spec.autoLogits, worstK: 1, histogramBins: 1 });
}

/**
 * Passes over consecutive parts of a file (worker threads' byte ranges), merged in order. The
 * line offset of each part shifts its rows' lines and the row offset (the rows, read or skipped,
 * before it; 0 when the part numbers its rows in the whole file) their rows; a lane fails with the
 * first part's error.
 */
export function mergePasses(parts: readonly { pass: PassState; lineOffset: number; rowOffset?: number }[]): PassState {
  const first = parts[0].pass;
  const lanes: PassState['lanes'] = first.lanes.map((_, k) => {
    // A lane with an error or a logit in some part: the earliest such part decides.
    let rowsBefore = 0;
    for (const { pass, lineOffset } of parts) {
      const l = pass.lanes[k];
      if ('skipped' in l) return l;
      if ('needsLogits' in l) return l.at ? { needsLogits: true, at: shiftLogitsAt(l.at, lineOffset, rowsBefore) } : l;
      if ('error' in l) return { error: shiftError(l.error, lineOffset) };
      rowsBefore += pass.rows;
    }
    let acc: BceAccumulator | undefined;
    for (const { pass, lineOffset, rowOffset = 0 } of parts) {
      const state = (pass.lanes[k] as { state: AccumulatorState }).state;
      if (!acc) acc = shifted(state, lineOffset, rowOffset);
      else acc.merge(BceAccumulator.fromState(state), lineOffset, rowOffset);
    }
    return { state: (acc as BceAccumulator).toState() };
  });
  const epochKeys: string[] = [];
  const epochAccs: BceAccumulator[] = [];
  const epochIndex = new Map<string, number>();
  let epochOverflow = false;
  let rows = 0;
  let invalidRows = 0;
  let firstInvalid: InvalidRow | undefined;
  let nonFinite: PassState['nonFinite'];
  for (const { pass, lineOffset, rowOffset = 0 } of parts) {
    epochOverflow ||= pass.epochOverflow;
    if (pass.nonFinite) {
      if (nonFinite) nonFinite.count += pass.nonFinite.count;
      else nonFinite = { count: pass.nonFinite.count, first: { ...pass.nonFinite.first, line: pass.nonFinite.first.line + lineOffset } };
    }
    pass.epochKeys.forEach((key, j) => {
      const part = BceAccumulator.fromState(pass.epochStates[j]);
      const k = epochIndex.get(key);
      if (k === undefined) {
        epochIndex.set(key, epochKeys.length);
        epochKeys.push(key);
        epochAccs.push(lineOffset === 0 && rowOffset === 0 ? part : shifted(pass.epochStates[j], lineOffset, rowOffset));
      } else epochAccs[k].merge(part, lineOffset, rowOffset);
    });
    rows += pass.rows;
    if (!firstInvalid && pass.firstInvalid) firstInvalid = { ...pass.firstInvalid, line: pass.firstInvalid.line + lineOffset };
    invalidRows += pass.invalidRows;
  }
  // Lane 0's metrics, part after part; absent when a part has none (the lane failed there).
  let metrics: StreamMetrics | undefined;
  if (parts.every(({ pass }) => pass.metrics)) {
    for (const { pass } of parts) {
      const m = StreamMetrics.fromState(pass.metrics as StreamMetricsState);
      if (!metrics) metrics = m;
      else metrics.merge(m);
    }
  }
  return {
    lanes,
    ...(metrics ? { metrics: metrics.toState() } : {}),
    epochKeys: epochOverflow || epochKeys.length > MAX_EPOCHS ? [] : epochKeys,
    epochStates: epochOverflow || epochKeys.length > MAX_EPOCHS ? [] : epochAccs.map((a) => a.toState()),
    epochOverflow: epochOverflow || epochKeys.length > MAX_EPOCHS,
    rows,
    invalidRows,
    ...(firstInvalid ? { firstInvalid } : {}),
    ...(nonFinite ? { nonFinite } : {}),
  };
}

/** An accumulator equal to the state's, with its worst samples' lines and rows shifted. */
function shifted(state: AccumulatorState, lineOffset: number, rowOffset: number): BceAccumulator {
  return BceAccumulator.fromState({
    ...state,
    worst: state.worst.map((w) => ({ ...w, ...(w.source === undefined ? {} : { source: w.source + lineOffset }), ...(w.row === undefined ? {} : { row: w.row + rowOffset }) })),
  });
}

function shiftLogitsAt(at: LogitsAt, lineOffset: number, rowsBefore: number): LogitsAt {
  return { ...at, index: at.index + rowsBefore, ...(at.place ? { place: { ...at.place, line: at.place.line + lineOffset } } : {}) };
}

function shiftError(e: LaneError, lineOffset: number): LaneError {
  return e.place ? { ...e, place: { ...e.place, line: e.place.line + lineOffset } } : e;
}

/** A lane's final result or error message, as FileLossResult.results holds it. */
export function finishLane(
  lane: PassState['lanes'][number],
  spec: LaneSpec | LaneError,
  name: string,
  logitsAt?: LogitsAt,
): { ok: true; result: LossResult; labelLosses: number[] } | { ok: false; error: string } | undefined {
  const failed = (message: string) => ({ ok: false as const, error: `${name}: ${message}` });
  if (isLaneError(spec)) return { ok: false, error: formatLaneError(spec, name) };
  if ('skipped' in lane || 'needsLogits' in lane) return undefined;
  if ('error' in lane) return { ok: false, error: formatLaneError(lane.error, name) };
  try {
    const acc = BceAccumulator.fromState(lane.state);
    if (spec.posWeightPending) return failed('pos_weight exists only in BCEWithLogitsLoss (logits), but these predictions are probabilities');
    const result = acc.result({ logitsDetected: spec.logitsDetected, warnings: spec.logitsDetected && logitsAt ? [logitsAtWarning(logitsAt, name)] : [] });
    const fw = framework(spec.options.semantics);
    if (!result.fromLogits && fw.refuses.probabilities) {
      return failed(`${fw.refuses.probabilities}: every prediction here lies in [0, 1]`);
    }
    if (fw.classNames && !spec.options.classes && (result.stats.positives === 0 || result.stats.negatives === 0)) {
      const only = result.stats.positives === 0 ? 0 : 1;
      return failed(`y_true contains only one label (${only}); ${fw.title} then needs the labels argument (--labels 0,1), so the loss is undefined here`);
    }
    return { ok: true, result, labelLosses: acc.labelMeanLosses() };
  } catch (e) {
    if (e instanceof BceError) return failed(e.message);
    throw e;
  }
}

/** The warning naming the value that sent a lane to logits: at its file:line:column when known, else y_pred[i]. */
function logitsAtWarning(at: LogitsAt, name: string): string {
  const value = at.place?.text !== undefined ? quote(at.place.text) : at.value !== undefined ? String(at.value) : 'a prediction';
  if (at.place) return logitsWarning(`${name}:${at.place.line}:${at.place.column}`, value);
  return logitsWarning(formatPosition({ array: 'y_pred', index: at.index, label: at.label }), value);
}

export function formatLaneError(e: LaneError, name: string): string {
  if (!e.place) return `${name}: ${e.message}`;
  const found = e.place.text === undefined || e.message.includes(e.place.text) ? '' : ` (found ${quote(e.place.text)})`;
  return `${name}:${e.place.line}:${e.place.column}: ${e.message}${found}`;
}

/** Per-epoch losses of lane 0, in order of first appearance. */
export function epochLosses(pass: PassState): EpochLoss[] | undefined {
  if (pass.epochOverflow || pass.epochKeys.length === 0) return undefined;
  const out: EpochLoss[] = [];
  pass.epochKeys.forEach((key, k) => {
    const acc = BceAccumulator.fromState(pass.epochStates[k]);
    if (acc.count === 0) return;
    let loss: number;
    try {
      const l = acc.result().loss;
      if (typeof l !== 'number') return;
      loss = l;
    } catch {
      return;
    }
    const cut = key.indexOf(EPOCH_SEPARATOR);
    out.push(cut < 0 ? { epoch: key, loss, n: acc.count } : { epoch: key.slice(0, cut), split: key.slice(cut + 1), loss, n: acc.count });
  });
  return out;
}

/** The merged pass gets the metrics its threads kept (each thread's holder), when lane 0 ran to the end. */
export function withThreadMetrics(pass: PassState, held: readonly (StreamMetricsState | undefined)[]): PassState {
  const states = held.filter((m): m is StreamMetricsState => m !== undefined);
  if (states.length === 0 || !('state' in pass.lanes[0])) return pass;
  const merged = StreamMetrics.fromState(states[0]);
  for (const s of states.slice(1)) merged.merge(StreamMetrics.fromState(s));
  return { ...pass, metrics: merged.toState() };
}

/** Lane 0's metrics, each label's skill from its weighted mean loss in the lane's accumulator. */
function laneMetrics(metrics: StreamMetricsState, lane: AccumulatorState): { metrics: LabelMetrics[] } | { note: string } {
  return StreamMetrics.fromState(metrics).finish(BceAccumulator.fromState(lane).labelMeanLosses());
}

/** One pass's outcome for {@link runLanes}. */
export interface PassOutcome {
  state: PassState;
  specs: (LaneSpec | LaneError | undefined)[];
  bytes: number;
  complete: boolean;
}

/** A findings lane's outcome: its result, or 'empty' when it took no rows. */
function laneOutcome(lane: PassState['lanes'][number], r: ReturnType<typeof finishLane>): FindingLaneOutcome {
  if (r?.ok) return r.result;
  return 'state' in lane && lane.state.samples === 0 ? 'empty' : undefined;
}

/**
 * Runs passes until no lane needs logits: `run(asLogits, variants)` reads the whole input once with
 * the lanes given (null: not in this pass). `findings`: the findings' lanes (findingLanes.ts) run
 * after the variants, and the result has the findings. Builds the FileLossResult.
 */
export async function runLanes(
  name: string,
  format: FileLossResult['format'],
  userVariants: readonly LossOptions[],
  run: (asLogits: (boolean | null)[], variants: readonly LaneVariant[]) => Promise<PassOutcome & { columns: ColumnPlan }>,
  findings = false,
): Promise<FileLossResult> {
  const extra = findings ? findingLanes(userVariants[0]) : [];
  const variants: LaneVariant[] = [...userVariants, ...extra.map((l) => l.variant)];
  const outcomes: FindingLaneOutcome[] = extra.map(() => undefined);
  let lane0: AccumulatorState | undefined;
  let nonFinite: PassState['nonFinite'];
  // The labels flipped matter only when ROC AUC is clearly below 0.5 (ranksBackwards): their lane waits for a pass of its own
  // then, instead of costing every file a lane (a pipe, read once, runs it beside the others).
  const flip = extra.findIndex((l) => l.kind === 'flip-labels');
  const flipLane = flip < 0 ? -1 : userVariants.length + flip;
  let flipRead = false;
  let asLogits: (boolean | null)[] = variants.map((_, k) => (k === flipLane ? null : false));
  let logitsAt: (LogitsAt | undefined)[] = [];
  const results: FileLossResult['results'] = new Array(variants.length);
  let summary: { rows: number; invalidRows: number; firstInvalid?: FileLossResult['firstInvalid']; bytes: number } | undefined;
  let epochs: EpochLoss[] | undefined;
  let metrics: { metrics: LabelMetrics[] } | { note: string } | undefined;
  let columns: ColumnPlan | undefined;
  for (let round = 0; round < 3; round++) {
    const outcome = await run(asLogits, variants);
    columns = outcome.columns;
    const { state, specs } = outcome;
    if (!summary || outcome.complete) {
      summary = {
        rows: state.rows,
        invalidRows: state.invalidRows,
        bytes: outcome.bytes,
        ...(state.firstInvalid ? { firstInvalid: state.firstInvalid } : {}),
      };
      nonFinite = state.nonFinite;
    }
    state.lanes.forEach((lane, k) => {
      if (asLogits[k] === null) return;
      const spec = specs[k];
      if (!spec) return;
      const r = finishLane(lane, spec, name, logitsAt[k]);
      if (r) results[k] = r;
      if (k >= userVariants.length) outcomes[k - userVariants.length] = laneOutcome(lane, r);
      if (k === 0 && r?.ok) epochs = epochLosses(state);
      if (k === 0 && r?.ok && 'state' in lane) lane0 = lane.state;
      if (k === 0 && r?.ok && state.metrics && 'state' in lane) metrics = laneMetrics(state.metrics, lane.state);
    });
    asLogits = state.lanes.map((lane) => ('needsLogits' in lane ? true : null));
    logitsAt = state.lanes.map((lane) => ('needsLogits' in lane ? lane.at : undefined));
    if (asLogits.some((a) => a !== null)) continue;
    const first = results[0];
    const label0 = metrics && 'metrics' in metrics ? metrics.metrics[0] : undefined;
    if (flipLane < 0 || flipRead || !first?.ok || !label0 || !ranksBackwards(label0)) break;
    // Read as lane 0 ended up reading the predictions.
    asLogits = variants.map((_, k) => (k === flipLane ? first.result.logitsDetected : null));
    flipRead = true;
  }
  const found = findings ? findingsOfLanes({ name, chosen: userVariants[0], first: results[0], lane0, metrics, lanes: extra, outcomes, nonFinite, columns: columns as ColumnPlan }) : undefined;
  return fileResult(name, format, columns as ColumnPlan, results.slice(0, userVariants.length), summary as NonNullable<typeof summary>, epochs, metrics, found);
}

/** The findings of a pass's lanes, when lane 0 has a result. */
function findingsOfLanes(a: {
  name: string;
  chosen: LossOptions;
  first: FileLossResult['results'][number] | undefined;
  lane0: AccumulatorState | undefined;
  metrics: { metrics: LabelMetrics[] } | { note: string } | undefined;
  lanes: FindingLane[];
  outcomes: FindingLaneOutcome[];
  nonFinite: PassState['nonFinite'];
  columns: ColumnPlan;
}): { findings: Finding[]; findingsNote: string } | undefined {
  if (!a.first?.ok || !a.lane0) return undefined;
  return {
    findings: fileFindings({
      result: a.first.result,
      lane0: a.lane0,
      chosen: a.chosen,
      ...(a.metrics && 'metrics' in a.metrics ? { metrics: a.metrics.metrics } : {}),
      lanes: a.lanes,
      outcomes: a.outcomes,
      ...(a.nonFinite ? { nonFinite: a.nonFinite } : {}),
      name: a.name,
      fromLogitsByName: a.columns.fromLogitsByName,
    }),
    findingsNote: FILE_FINDINGS_NOTE,
  };
}

/** What {@link runLanesOnce}'s one pass reads: the variants, then each "auto" one again as logits. */
export interface OncePass {
  variants: LaneVariant[];
  asLogits: boolean[];
  /** Lane 0 and its logits twin keep per-epoch losses: the one that ends live reports them. */
  epochLanes: number[];
  /** Lane 0's per-sample stream and its logits twin's (the one the result takes is kept). */
  perSample?: (PerSampleStream | undefined)[];
}

/**
 * {@link runLanes} for a source read once (a pipe): each variant whose fromLogits is "auto" runs
 * twice in the one pass, as probabilities and as logits, and the logits lane is taken when the
 * other met a prediction outside [0, 1]. Twice the work for those lanes, in the same memory.
 */
export async function runLanesOnce(
  name: string,
  format: FileLossResult['format'],
  userVariants: readonly LossOptions[],
  run: (pass: OncePass) => Promise<PassOutcome & { columns: ColumnPlan }>,
  metricsWanted = false,
  output?: PerSampleOutput,
): Promise<FileLossResult> {
  // The findings come with the metrics: their lanes run as variants of their own.
  const extra = metricsWanted ? findingLanes(userVariants[0]) : [];
  const variants: LaneVariant[] = [...userVariants, ...extra.map((l) => l.variant)];
  const all: LaneVariant[] = [...variants];
  const asLogits: boolean[] = variants.map(() => false);
  const twin = variants.map((v) => {
    if (v.fromLogits !== 'auto') return -1;
    all.push(v);
    asLogits.push(true);
    return all.length - 1;
  });
  const perSample: (PerSampleStream | undefined)[] | undefined = output ? all.map(() => undefined) : undefined;
  if (perSample && output) {
    // Without a twin, lane 0's values are the result's; with one, the result says which lane's are.
    perSample[0] = output(false, twin[0] < 0);
    if (twin[0] >= 0) perSample[twin[0]] = output(true, false);
  }
  const { state, specs, columns, bytes } = await run({ variants: all, asLogits, epochLanes: twin[0] >= 0 ? [0, twin[0]] : [0], ...(perSample ? { perSample } : {}) });
  const finalLane = (k: number) => ('needsLogits' in state.lanes[k] && twin[k] >= 0 ? twin[k] : k);
  const results = variants.map((_, k) => {
    const lane = state.lanes[k];
    const t = twin[k];
    const spec = specs[k];
    if ('needsLogits' in lane && t >= 0) {
      const twinSpec = specs[t];
      return twinSpec ? finishLane(state.lanes[t], twinSpec, name, lane.at) : undefined;
    }
    return spec ? finishLane(lane, spec, name) : undefined;
  });
  const outcomes = extra.map((_, j) => laneOutcome(state.lanes[finalLane(userVariants.length + j)], results[userVariants.length + j]));
  const epochs = results[0]?.ok ? epochLosses(state) : undefined;
  // The metrics follow lane 0 read as probabilities; its logits twin keeps none (a second sketch would
  // double their memory), so logits on a pipe say so rather than give metrics of the wrong values.
  const lane0 = state.lanes[0];
  const metrics =
    'needsLogits' in lane0 && metricsWanted
      ? { note: 'the predictions are logits, which metrics of a single-pass input (a pipe) do not follow: read it from a file' }
      : results[0]?.ok && state.metrics && 'state' in lane0
        ? laneMetrics(state.metrics, lane0.state)
        : undefined;
  const first = state.lanes[finalLane(0)];
  const found = metricsWanted
    ? findingsOfLanes({ name, chosen: userVariants[0], first: results[0], lane0: 'state' in first ? first.state : undefined, metrics, lanes: extra, outcomes, nonFinite: state.nonFinite, columns })
    : undefined;
  return fileResult(name, format, columns, results.slice(0, userVariants.length), { rows: state.rows, invalidRows: state.invalidRows, bytes, ...(state.firstInvalid ? { firstInvalid: state.firstInvalid } : {}) }, epochs, metrics, found);
}

/** The FileLossResult of the lanes' results; a variant without one could be read neither way. */
function fileResult(
  name: string,
  format: FileLossResult['format'],
  columns: ColumnPlan,
  results: readonly (FileLossResult['results'][number] | undefined)[],
  s: { rows: number; invalidRows: number; firstInvalid?: FileLossResult['firstInvalid']; bytes: number },
  epochs: EpochLoss[] | undefined,
  metrics: { metrics: LabelMetrics[] } | { note: string } | undefined,
  found?: { findings: Finding[]; findingsNote: string },
): FileLossResult {
  return {
    format,
    columns: columnNames(columns),
    results: results.map((r) => r ?? { ok: false, error: `${name}: the predictions could not be read as probabilities nor as logits` }),
    invalidRows: s.invalidRows,
    ...(s.firstInvalid ? { firstInvalid: s.firstInvalid } : {}),
    ...(epochs && epochs.length > 0 ? { epochs } : {}),
    ...(metrics ? ('note' in metrics ? { metricsNote: metrics.note } : { metrics: metrics.metrics }) : {}),
    ...(found ? { findings: found.findings, findingsNote: found.findingsNote } : {}),
    bytes: s.bytes,
    rows: s.rows,
  };
}

