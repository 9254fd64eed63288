/**
 * Large Parquet files, read by several threads: the main thread reads the footer, then it and the
 * workers claim row groups from a shared counter, each thread reading its groups' column chunks
 * itself. Each group's accumulators come back as plain data and are merged in file order (rows are
 * numbered in the whole file, so nothing is shifted). List columns (multi-label) are read by one
 * thread: their width comes from the first row.
 */
import { startWorkers } from './workerThreads';
import { columnarPass, planColumns, type ColumnarFile, type ColumnarSetup } from '../inputs/files/columnar';
import type { ColumnPlan } from '../inputs/files/columns';
import { mergePasses, runLanes, withThreadMetrics, type MetricsHolder, type PassState } from '../inputs/files/lanes';
import type { StreamMetricsState } from '../core';
import { openParquet } from '../inputs/files/parquet';
import { planLanes } from '../inputs/files/pass';
import type { ColumnChoice, FileComputeOptions, FileLossResult } from '../inputs/files/types';
import { InputError, type SourcePlace } from '../inputs/inputError';
import { fileSource } from './source';
import { defaultWorkerScript, type SplitOptions } from './split';

/** What a worker thread is given to read row groups of a Parquet file. */
export interface ParquetJob {
  parquet: true;
  path: string;
  columns?: ColumnChoice;
  setup: Omit<ColumnarSetup, 'signal' | 'onProgress'>;
  asLogits: (boolean | null)[];
  groups: number;
  counter: SharedArrayBuffer;
}

/** One row group's outcome, as plain data. */
export interface GroupResult {
  state?: PassState;
  complete: boolean;
  error?: { place: SourcePlace; detail: string };
}

/** Reads row group k. A bad row (or damaged data) comes back as an error with its place. */
export async function readGroup(file: ColumnarFile, plan: ColumnPlan, setup: ColumnarSetup, asLogits: readonly (boolean | null)[], k: number, holder?: MetricsHolder): Promise<GroupResult> {
  if (holder) holder.part = k;
  try {
    const pass = await columnarPass(file, plan, setup, asLogits, (g) => g === k, holder);
    return { complete: pass.complete, ...(pass.state ? { state: pass.state } : {}) };
  } catch (e) {
    if (e instanceof InputError) return { complete: false, error: { place: e.place, detail: e.detail } };
    throw e;
  }
}

/** Claims row groups until none is left, posting each outcome. */
export async function claimGroups(job: ParquetJob, post: (k: number, result: GroupResult) => void, holder?: MetricsHolder): Promise<void> {
  const file = await openParquet(fileSource(job.path), undefined);
  const plan = planColumns(job.path, file, job.columns);
  const next = new Int32Array(job.counter);
  for (;;) {
    const k = Atomics.add(next, 0, 1);
    if (k >= job.groups) return;
    post(k, await readGroup(file, plan, job.setup, job.asLogits, k, holder));
  }
}

/** The loss of a Parquet file read by several threads; undefined when it is better read by one. */
export async function computeParquetSplit(path: string, options: SplitOptions & Pick<FileComputeOptions, 'signal'>): Promise<FileLossResult | undefined> {
  const file = await openParquet(fileSource(path), options.signal);
  const plan = planColumns(path, file, options.columns);
  if (file.groupCount < 2 || file.columns[plan.yTrue[0]].list || file.columns[plan.yPred[0]].list) return undefined;
  const setup: ParquetJob['setup'] = { name: path, variants: options.variants, onInvalid: options.onInvalid ?? 'error', ...(options.metrics ? { metrics: true } : {}) };
  const result = await runLanes(path, 'parquet', options.variants, async (asLogits, variants) => {
    const { results, metrics } = await runGroups(file, plan, { parquet: true, path, ...(options.columns ? { columns: options.columns } : {}), setup: { ...setup, variants: [...variants] }, asLogits, groups: file.groupCount, counter: new SharedArrayBuffer(4) }, options);
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

/** Every row group once: the main thread claims groups too, while the workers start. */
async function runGroups(file: ColumnarFile, plan: ColumnPlan, job: ParquetJob, options: SplitOptions): Promise<{ results: GroupResult[]; metrics: StreamMetricsState[] }> {
  const results: GroupResult[] = new Array(job.groups);
  const script = options.inline ? undefined : (options.workerScript ?? defaultWorkerScript());
  const kept: StreamMetricsState[] = [];
  const workers = script && options.threads > 1 ? startWorkers(script, job, options.threads, results, kept) : [];
  const next = new Int32Array(job.counter);
  const holder: MetricsHolder = {};
  for (;;) {
    const k = Atomics.add(next, 0, 1);
    if (k >= job.groups) break;
    results[k] = await readGroup(file, plan, job.setup, job.asLogits, k, holder);
  }
  await Promise.all(workers);
  for (let k = 0; k < job.groups; k++) if (!results[k]) throw new Error(`internal: row group ${k} was not read`);
  return { results, metrics: holder.metrics ? [holder.metrics.toState(), ...kept] : kept };
}
