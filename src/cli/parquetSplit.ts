/**
 * Large Parquet files, read by several threads: the main thread reads the footer, then it and the
 * workers claim blocks of consecutive row groups from a shared counter, each thread reading its
 * blocks' column chunks itself. Each block's accumulators come back as plain data and are merged in
 * file order (rows are numbered in the whole file, so nothing is shifted). The blocks depend on the
 * file alone, so the result is the same to the bit however many threads read them. List columns
 * (multi-label) are read by one thread: their width comes from the first row.
 */
import { startWorkers } from '../inputs/threads/workerThreads';
import { columnarPass, planColumns, type ColumnarFile, type ColumnarSetup } from '../inputs/files/columnar';
import type { ColumnPlan } from '../inputs/files/columns';
import { mergePasses, runLanes, withThreadMetrics, type MetricsHolder, type PassState } from '../inputs/files/lanes';
import type { StreamMetricsState } from '../core';
import { openParquet } from '../inputs/files/parquet';
import { planLanes } from '../inputs/files/pass';
import type { ColumnChoice, FileComputeOptions, FileLossResult } from '../inputs/files/types';
import { InputError, type SourcePlace } from '../inputs/inputError';
import { fileSource, type FileData } from './source';
import { defaultWorkerScript, type SplitOptions } from './split';

/** What a worker thread is given to read row groups of a Parquet file. */
export interface ParquetJob {
  parquet: true;
  path: string;
  columns?: ColumnChoice;
  setup: Omit<ColumnarSetup, 'signal' | 'onProgress'>;
  asLogits: (boolean | null)[];
  /** Block k is row groups [blocks[k], blocks[k + 1]). */
  blocks: number[];
  counter: SharedArrayBuffer;
}

/**
 * Rows a block of row groups holds at least (its last group may end past them). A block is one
 * pass with its own accumulators, posted and merged: one a row group (122,880 rows as DuckDB
 * writes) spent a tenth of a thread's time making and merging them.
 */
export const BLOCK_ROWS = 1 << 20;

/** The first row group of each block, then the group count: blocks of at least blockRows rows. */
export async function blocksOf(file: ColumnarFile, blockRows: number): Promise<number[]> {
  const starts = [0];
  let rows = 0;
  let g = 0;
  for await (const group of file.groups()) {
    g++;
    rows += group.rows;
    if (rows >= blockRows && g < file.groupCount) {
      starts.push(g);
      rows = 0;
    }
  }
  starts.push(file.groupCount);
  return starts;
}

/** One block's outcome, as plain data. */
export interface GroupResult {
  state?: PassState;
  complete: boolean;
  error?: { place: SourcePlace; detail: string };
}

/** Reads row groups [from, to). A bad row (or damaged data) comes back as an error with its place. */
export async function readBlock(file: ColumnarFile, plan: ColumnPlan, setup: ColumnarSetup, asLogits: readonly (boolean | null)[], from: number, to: number, holder?: MetricsHolder): Promise<GroupResult> {
  // The block's first group names its part: the metrics add the parts' sums in file order.
  if (holder) holder.part = from;
  try {
    const pass = await columnarPass(file, plan, setup, asLogits, (g) => g >= from && g < to, holder);
    return { complete: pass.complete, ...(pass.state ? { state: pass.state } : {}) };
  } catch (e) {
    if (e instanceof InputError) return { complete: false, error: { place: e.place, detail: e.detail } };
    throw e;
  }
}

/** Claims blocks until none is left, posting each outcome. */
export async function claimGroups(job: ParquetJob, post: (k: number, result: GroupResult) => void, holder?: MetricsHolder): Promise<void> {
  const data = fileSource(job.path);
  try {
    const file = await openParquet(data, undefined);
    const plan = planColumns(job.path, file, job.columns);
    const next = new Int32Array(job.counter);
    for (;;) {
      const k = Atomics.add(next, 0, 1);
      if (k >= job.blocks.length - 1) return;
      post(k, await readBlock(file, plan, job.setup, job.asLogits, job.blocks[k], job.blocks[k + 1], holder));
    }
  } finally {
    data.close();
  }
}

/** The loss of a Parquet file read by several threads; undefined when it is better read by one. */
export async function computeParquetSplit(path: string, options: SplitOptions & Pick<FileComputeOptions, 'signal'>): Promise<FileLossResult | undefined> {
  const data = fileSource(path);
  try {
    return await splitParquet(path, data, options);
  } finally {
    data.close();
  }
}

async function splitParquet(path: string, data: FileData, options: SplitOptions & Pick<FileComputeOptions, 'signal'>): Promise<FileLossResult | undefined> {
  const file = await openParquet(data, options.signal);
  const plan = planColumns(path, file, options.columns);
  if (file.groupCount < 2 || file.columns[plan.yTrue[0]].list || file.columns[plan.yPred[0]].list) return undefined;
  const blocks = await blocksOf(file, options.blockRows ?? BLOCK_ROWS);
  const setup: ParquetJob['setup'] = { name: path, variants: options.variants, onInvalid: options.onInvalid ?? 'error', ...(options.metrics ? { metrics: true } : {}) };
  const result = await runLanes(path, 'parquet', options.variants, async (asLogits, variants) => {
    const { results, metrics } = await runGroups(file, plan, { parquet: true, path, ...(options.columns ? { columns: options.columns } : {}), setup: { ...setup, variants: [...variants] }, asLogits, blocks, counter: new SharedArrayBuffer(4) }, options);
    const parts: { pass: PassState; lineOffset: number }[] = [];
    let complete = true;
    for (const r of results) {
      if (r.error) throw new InputError(r.error.place, r.error.detail);
      if (r.state) parts.push({ pass: r.state, lineOffset: 0 });
      complete &&= r.complete;
    }
    if (parts.length === 0) throw new InputError({ source: path, line: 1, column: 1 }, 'the file has no rows');
    const specs = planLanes({ variants: [...variants], asLogits }, { labels: plan.yTrue.length, predictions: plan.yPred.length, fromLogitsByName: plan.fromLogitsByName });
    return { state: withThreadMetrics(mergePasses(parts), metrics), specs, bytes: file.bytes, complete, columns: plan };
  }, options.metrics === true);
  return { ...result, facts: file.facts() };
}

/** Every block once: the main thread claims blocks too, while the workers start. */
async function runGroups(file: ColumnarFile, plan: ColumnPlan, job: ParquetJob, options: SplitOptions): Promise<{ results: GroupResult[]; metrics: StreamMetricsState[] }> {
  const count = job.blocks.length - 1;
  const results: GroupResult[] = new Array(count);
  const script = options.inline ? undefined : (options.workerScript ?? defaultWorkerScript());
  const kept: StreamMetricsState[] = [];
  const workers = script && options.threads > 1 ? startWorkers(script, job, options.threads, results, kept) : [];
  const next = new Int32Array(job.counter);
  const holder: MetricsHolder = {};
  for (;;) {
    const k = Atomics.add(next, 0, 1);
    if (k >= count) break;
    results[k] = await readBlock(file, plan, job.setup, job.asLogits, job.blocks[k], job.blocks[k + 1], holder);
  }
  await Promise.all(workers);
  for (let k = 0; k < count; k++) if (!results[k]) throw new Error(`internal: row groups ${job.blocks[k]}–${job.blocks[k + 1] - 1} were not read`);
  return { results, metrics: holder.metrics ? [holder.metrics.toState(), ...kept] : kept };
}
