/**
 * One synchronous pass of a line-based reader (CSV, TSV, JSON Lines) over bytes pushed in
 * chunks: the lanes are planned once the columns are known. Used by computeFileLoss over a
 * DataSource, and by the CLI's worker threads over byte ranges of a file.
 */
import type { LossOptions } from '../../core';
import type { ColumnPlan } from './columns';
import { CsvReader, type CsvLayout } from './csv';
import { JsonArrayReader } from './jsonArray';
import { JsonlReader } from './jsonl';
import { isLaneError, planLane, RowSink, type LaneError, type LaneSpec, type MetricsHolder, type PassState } from './lanes';
import type { ColumnChoice, PerSampleStream } from './types';

export type LineFormat = 'csv' | 'tsv' | 'jsonl';
/** What a pass reads: the line formats, and a JSON array of records too large to read whole. */
export type PassFormat = LineFormat | 'json';

export interface PassSetup {
  name: string;
  format: PassFormat;
  variants: readonly LossOptions[];
  /** Per variant: false (probabilities or as the options say), true (run as logits: an earlier pass found some), or null (not in this pass). */
  asLogits: readonly (boolean | null)[];
  columns?: ColumnChoice;
  onInvalid: 'error' | 'skip';
  /** The lanes that keep per-epoch losses, the first live one reported (default: lane 0). */
  epochLanes?: readonly number[];
  /** The CSV header read elsewhere (a byte range after the header). */
  layout?: CsvLayout;
  /** JSON Lines: the shape taken from the file's first record. */
  jsonlShape?: JsonlShape;
  /** Line number of the first byte. */
  firstLine?: number;
  batchRows?: number;
  /** Metrics beside the loss for variants[0]. */
  metrics?: boolean;
}

/** What the first record of a JSON Lines file fixed: the keys and the width of array values. */
export interface JsonlShape {
  columns: ColumnPlan;
  ly: number;
  lp: number;
}

export interface Pass {
  push(chunk: Uint8Array): void;
  /** A buffer to read the next chunk into, which the reader scans without a copy; undefined: any buffer. */
  readBuffer(size: number): Uint8Array | undefined;
  end(): void;
  /** Lanes may all have failed or need logits: reading on is useless. */
  readonly live: boolean;
  /** Resolves when the per-sample streams have room for more (back-pressure between chunks). */
  ready(): Promise<void>;
  readonly columns: ColumnPlan | undefined;
  readonly specs: (LaneSpec | LaneError | undefined)[] | undefined;
  readonly layout: CsvLayout | undefined;
  readonly jsonlShape: JsonlShape | undefined;
  /** Line number of the next line (lines read = line − firstLine). */
  readonly line: number;
  readonly quotedNewline: boolean;
  /** A row had a double quote (CSV). */
  readonly quotes: boolean;
  state(): PassState | undefined;
}

/** The lanes of a pass, once the shape of the data is known. */
export function planLanes(setup: Pick<PassSetup, 'variants' | 'asLogits'>, shape: { labels: number; predictions: number; fromLogitsByName: boolean }): (LaneSpec | LaneError | undefined)[] {
  return setup.variants.map((v, k) => {
    const asLogits = setup.asLogits[k];
    return asLogits === null || asLogits === undefined ? undefined : planLane(v, shape, asLogits);
  });
}

/**
 * `holder`: the thread's metrics across passes over parts of the file (see SinkOptions.metricsHolder);
 * `perSample`: per lane, where its per-sample losses go (SinkOptions.perSample).
 */
export function createPass(setup: PassSetup, holder?: MetricsHolder, perSample?: readonly (PerSampleStream | undefined)[]): Pass {
  let sink: RowSink | undefined;
  let specs: (LaneSpec | LaneError | undefined)[] | undefined;
  let columns: ColumnPlan | undefined;
  const start = (plan: ColumnPlan, ly: number, lp: number): RowSink => {
    columns = plan;
    specs = planLanes(setup, { labels: ly, predictions: lp, fromLogitsByName: plan.fromLogitsByName });
    const runnable = specs.map((s) => (s && !isLaneError(s) ? s : undefined));
    sink = new RowSink(runnable, {
      name: setup.name,
      onInvalid: setup.onInvalid,
      epochs: plan.epoch >= 0,
      ...(setup.epochLanes ? { epochLanes: setup.epochLanes } : {}),
      weighted: plan.weight >= 0,
      ly,
      lp,
      ...(setup.batchRows ? { batchRows: setup.batchRows } : {}),
      ...(setup.metrics ? { metrics: true } : {}),
      ...(holder ? { metricsHolder: holder } : {}),
      ...(perSample ? { perSample } : {}),
    });
    return sink;
  };
  if (setup.format === 'json') {
    const reader = new JsonArrayReader({ name: setup.name, ...(setup.columns ? { columns: setup.columns } : {}), start: (shape) => start(shape.columns, shape.ly, shape.lp) });
    return passOver(reader, { layout: () => undefined, jsonlShape: () => reader.shape, quotedNewline: () => false, quotes: () => false, readBuffer: () => undefined });
  }
  if (setup.format === 'jsonl') {
    const reader = new JsonlReader({
      name: setup.name,
      ...(setup.columns ? { columns: setup.columns } : {}),
      ...(setup.jsonlShape ? { shape: setup.jsonlShape } : {}),
      firstLine: setup.firstLine ?? 1,
      start: (shape) => start(shape.columns, shape.ly, shape.lp),
    });
    return passOver(reader, { layout: () => undefined, jsonlShape: () => reader.shape, quotedNewline: () => false, quotes: () => false, readBuffer: () => undefined });
  }
  const reader = new CsvReader({
    name: setup.name,
    format: setup.format,
    ...(setup.columns ? { columns: setup.columns } : {}),
    ...(setup.layout ? { layout: setup.layout } : {}),
    firstLine: setup.firstLine ?? 1,
    start: (layout) => start(layout.columns, layout.columns.yTrue.length, layout.columns.yPred.length),
  });
  return passOver(reader, {
    layout: () => reader.layout,
    jsonlShape: () => undefined,
    quotedNewline: () => reader.quotedNewline,
    quotes: () => reader.quotes,
    readBuffer: (size) => reader.readBuffer(size),
  });

  /** The Pass both readers share; only what the format knows differs. */
  function passOver(
    reader: { push(chunk: Uint8Array): void; end(): void; readonly line: number },
    known: { layout(): CsvLayout | undefined; jsonlShape(): JsonlShape | undefined; quotedNewline(): boolean; quotes(): boolean; readBuffer(size: number): Uint8Array | undefined },
  ): Pass {
    return {
      push: (c) => reader.push(c),
      readBuffer: (size) => known.readBuffer(size),
      end: () => reader.end(),
      ready: () => sink?.ready() ?? Promise.resolve(),
      get live() {
        return !sink || sink.live;
      },
      get columns() {
        return columns;
      },
      get specs() {
        return specs;
      },
      get layout() {
        return known.layout();
      },
      get jsonlShape() {
        return known.jsonlShape();
      },
      get line() {
        return reader.line;
      },
      get quotedNewline() {
        return known.quotedNewline();
      },
      get quotes() {
        return known.quotes();
      },
      state: () => sink?.state(),
    };
  }
}
