import type { Finding, LabelMetrics, LossOptions, LossResult } from '../../core';

/** Bytes of a data file, from any host (Node fs, vscode.workspace.fs, a browser File). */
export interface DataSource {
  /** display name or path, used in error messages */
  name: string;
  size?: number;
  /**
   * re-readable: called again when auto from_logits must restart as logits. A chunk may be a
   * view of a buffer the source reuses: it is read before the next one is asked for. A source
   * that reads into buffers may read each chunk into the one `into` offers (the reader then
   * scans it without a copy); undefined means use its own.
   */
  chunks(into?: ChunkTarget): AsyncIterable<Uint8Array>;
  /**
   * Bytes [offset, offset + length) (fewer only at the end of the file). Columnar readers (Parquet)
   * read the footer first and then only the column chunks they need; a source without it is read
   * whole into memory for them. A source may read into `into` (at least `length` bytes, the
   * caller's reused buffer) and return a view of it rather than allocate.
   */
  read?(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  /**
   * True for a pipe or standard input: chunks() may be called once only, so a line format runs
   * every lane (and the "auto" lanes as logits beside them) in that one pass; peek() gives the
   * first bytes for the format's sniffing without using them up.
   */
  once?: boolean;
  peek?(bytes: number): Promise<Uint8Array>;
}

/** Offers a buffer of up to `size` bytes for the next chunk, or undefined. */
export type ChunkTarget = (size: number) => Uint8Array | undefined;

export type FileFormat = 'auto' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'npy' | 'npz' | 'parquet' | 'arrow';

/**
 * Columns (CSV/TSV header names, JSON keys, .npz member names without `.npy`) chosen by hand.
 * yTrue and yPred may list several columns separated by commas (multi-label), or name the base
 * of a group such as `y_true` for `y_true_0 … y_true_k`. In a CSV without a header, columns are
 * given by their 1-based number.
 */
export interface ColumnChoice {
  yTrue?: string;
  yPred?: string;
  weight?: string;
  epoch?: string;
  split?: string;
}

/**
 * Where one lane's per-sample losses (reduction "none") go as its batches are pushed, instead of
 * into its result (whose loss then lists none): the CLI prints them as they come, in flat memory.
 */
export interface PerSampleStream {
  /** Whole samples in input order, `width` values each (torch keeps one per label); a view valid during the call only. */
  write(values: Float64Array, width: number): void;
  /** Resolves when the consumer has room for more (back-pressure): the readers await it between chunks. */
  ready(): Promise<void>;
}

/**
 * Opens the stream of variants[0] for one pass. `asLogits`: this pass reads it as logits (a pass
 * after one that met a prediction outside [0, 1], or a pipe's logits twin). `final`: its values
 * are the result's whenever the result is a success; otherwise the result's logitsDetected says
 * which stream's are (asLogits equal to it), and the other is dropped.
 */
export type PerSampleOutput = (asLogits: boolean, final: boolean) => PerSampleStream;

export interface FileComputeOptions {
  /** one or more option sets computed in ONE pass (the panel compares frameworks side by side) */
  variants: LossOptions[];
  format?: FileFormat;
  columns?: ColumnChoice;
  onInvalid?: 'error' | 'skip';
  /** Also compute the metrics beside the loss (ROC AUC, calibration, …) of variants[0]. */
  metrics?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
  /** Stream variants[0]'s per-sample losses (reduction "none") instead of keeping them in its result. */
  perSample?: PerSampleOutput;
}

export interface EpochLoss {
  epoch: string;
  split?: string;
  loss: number;
  n: number;
}

export interface InvalidRow {
  line: number;
  column: number;
  text: string;
  reason: string;
}

/** What a columnar file says of itself (Parquet, Arrow): --json shows it. */
export interface ContainerFacts {
  /** "Parquet", "Arrow IPC file" or "Arrow IPC stream". */
  container: string;
  /** The writer, as the file names it (Parquet's created_by). */
  writer?: string;
  /** Row groups or record batches (those read, for a stream). */
  groups: number;
  groupKind: 'row groups' | 'record batches';
  /** The codecs of the column chunks or record batches, e.g. ["SNAPPY"]. */
  compression: string[];
  /** Every top-level column with its type as the file declares it. */
  columns: { name: string; type: string }[];
}

export interface FileLossResult {
  format: Exclude<FileFormat, 'auto'>;
  columns: { yTrue: string[]; yPred: string[]; weight?: string; epoch?: string; split?: string };
  /**
   * one per variant; a variant that fails (e.g. sklearn on soft labels) has error instead.
   * `labelLosses`: each label's weighted mean element loss Σ w·ℓ / Σ w (the metrics' skill), when
   * the reader streamed the variant through an accumulator.
   */
  results: ({ ok: true; result: LossResult; labelLosses?: number[] } | { ok: false; error: string })[];
  invalidRows: number;
  firstInvalid?: InvalidRow;
  epochs?: EpochLoss[] /* for variants[0] */;
  /** variants[0]'s metrics per label, when asked for; or why there are none. */
  metrics?: LabelMetrics[];
  metricsNote?: string;
  /** variants[0]'s findings (core/findings.ts), computed with the metrics; and what they leave out. */
  findings?: Finding[];
  findingsNote?: string;
  bytes: number;
  rows: number;
  /** Parquet and Arrow files only. */
  facts?: ContainerFacts;
}
