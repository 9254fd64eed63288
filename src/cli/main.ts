import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { BceError, computeLoss, diagnose, resultHeaderJson, useWasmKernels, type Confusion, type LabelMetrics, type LossOptions, type LossResult } from '../core';
import { computeFileLoss, formatOfName } from '../inputs/files';
import type { DataSource, FileLossResult } from '../inputs/files/types';
import { PipeTooLargeError } from '../inputs/files/onceSource';
import { InputError } from '../inputs/inputError';
import { elementRange, parseSelection } from '../inputs/text';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { internalErrorLines, INTERNAL_EXIT_CODE, takeDebugFlag } from './internalError';
import { bytesPipe, descriptorSource, FileReadError, fileSource } from './source';
import { printJson, printLoss } from './lossOutput';
import { computeParquetSplit } from './parquetSplit';
import { computeSplit, SPLIT_BYTES, type SplitSpill } from './split';
import { LossStreamer } from './lossStream';
import { TempFiles, type TextOut } from './tempFiles';
import { runEngineCommand } from './engine/engineCommand';

declare const BCE_LENS_VERSION: string;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Text as it is, without a newline: long output is written in slices through it; false: wait for drained(). */
  write?: (s: string) => unknown;
  /** Resolves when stdout has taken what write() could not (back-pressure); default: at once. */
  drained?: () => Promise<void>;
  stdin: () => string;
  /** Standard input for --format csv etc. on -, read once as it comes; defaults to stdin()'s UTF-8 read so. */
  stdinData?: () => DataSource;
}

/** Knobs for tests: where the worker bundle is, and how eagerly files are split. */
export interface CliHooks {
  workerScript?: string;
  /** Split files of at least this many bytes when --workers is auto (default SPLIT_BYTES). */
  splitBytes?: number;
  /** Read ranges on the main thread only (no worker threads). */
  inlineSplit?: boolean;
  segmentBytes?: number;
  /** --reduction none: keep the per-sample losses in the result and print them at the end (the tests compare both ways). */
  wholeLoss?: boolean;
}

/** Extensions read as text (like an editor selection) when --format is auto. */
const TEXT_EXTENSIONS = /\.(txt|py|pyi|js|mjs|cjs|ts|md|ipynb|r|jl|log)$/i;

type Parsed = { args: CliArgs } | { code: number };

function parse(argv: string[], io: CliIo): Parsed {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`bce-lens: ${e.message} (see bce-lens --help)`);
      return { code: 2 };
    }
    throw e;
  }
  if (args.help) {
    io.out(USAGE);
    return { code: 0 };
  }
  if (args.version) {
    io.out(typeof BCE_LENS_VERSION === 'string' ? BCE_LENS_VERSION : 'dev');
    return { code: 0 };
  }
  return { args };
}

/** Prints what went wrong with the input and gives the exit code; rethrows anything else. */
function reportError(e: unknown, source: string, io: CliIo): number {
  if (e instanceof InputError) {
    io.err(`bce-lens: ${e.message}`);
    return 2;
  }
  if (e instanceof BceError || e instanceof FileReadError || e instanceof PipeTooLargeError) {
    io.err(`bce-lens: ${source}: ${e.message}`);
    return 2;
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    io.err(`bce-lens: ${source}: cannot read: ${code}`);
    return 2;
  }
  throw e;
}

/** Runs the CLI on any input format; resolves to the exit code. */
export async function runCliAsync(argv: string[], io: CliIo, hooks: CliHooks = {}): Promise<number> {
  const parsed = parse(argv, io);
  if ('code' in parsed) return parsed.code;
  const args = parsed.args;
  if (args.command === 'sql' || args.engine !== undefined) {
    // DuckDB's native part and the pg driver are imported by this path only (engine/*Engine.ts).
    return runEngineCommand(args, { ...io, toJson });
  }
  const stdin = args.input === '-';
  const source = stdin ? '<stdin>' : args.input;
  const temp = new TempFiles();
  try {
    let format = args.format;
    if (format === 'auto') format = stdin || TEXT_EXTENSIONS.test(args.input) ? 'text' : (formatOfName(args.input) ?? 'auto');
    if (format === 'text') return await computeText(args, source, io);
    const fileOptions = {
      variants: [args.options],
      format,
      ...(Object.keys(args.columns).length ? { columns: args.columns } : {}),
      onInvalid: args.onInvalid,
      // Asked for only: on 10^7 rows the histogram costs more than the loss (bench/README.md).
      ...(args.metrics ? { metrics: true } : {}),
    };
    // --reduction none: the per-sample losses are printed as they are computed (lossStream.ts).
    const streamer = args.options.reduction === 'none' && !hooks.wholeLoss ? new LossStreamer(args.json ? 'json' : 'lines', textOut(io), temp) : undefined;
    if (streamer) Object.assign(fileOptions, { perSample: streamer.open });
    let file: FileLossResult | undefined;
    if (stdin) {
      // Streamed through the same readers as a file, in flat memory (one thread: it cannot be cut into ranges).
      file = await computeFileLoss(io.stdinData ? io.stdinData() : bytesPipe(source, new TextEncoder().encode(io.stdin())), fileOptions);
    } else {
      const data = fileSource(args.input);
      try {
        const size = data.size ?? 0;
        const threads = args.workers === 'auto' ? Math.min(8, Math.max(1, availableParallelism())) : args.workers;
        const threshold = args.workers === 'auto' ? (hooks.splitBytes ?? SPLIT_BYTES) : (hooks.splitBytes ?? 64 * 1024);
        // --reduction none with from_logits given is written as it is read, so on one thread (split
        // ranges are printed only once all are read); with "auto" nothing can be printed before the end
        // anyway, and the threads format their ranges' losses side by side.
        const live = streamer !== undefined && args.options.fromLogits !== 'auto';
        if (data.regular && (format === 'csv' || format === 'tsv' || format === 'jsonl') && threads > 1 && size >= threshold && !live) {
          // --reduction none: each range's values go to a temporary file, copied out in order at the end.
          const spill: SplitSpill | undefined = streamer ? { folder: temp.folder(), layout: streamer.layout, passes: [] } : undefined;
          file = await computeSplit(args.input, size, format, {
            ...fileOptions,
            ...(spill ? { spill } : {}),
            threads,
            ...(hooks.workerScript ? { workerScript: hooks.workerScript } : {}),
            ...(hooks.inlineSplit ? { inline: true } : {}),
            ...(hooks.segmentBytes ? { segmentBytes: hooks.segmentBytes } : {}),
          });
          // Undefined: the file could not be cut safely and is read whole below, streaming as it goes.
          if (file && spill && streamer) for (const pass of spill.passes) streamer.adoptRanges(pass.asLogits, pass.files);
        }
        // Parquet is split only when asked (--workers N): on the busy 2-core machine measured
        // (bench/parquet.js, 2026-12-08, load 7–9) two threads took 1.39–1.52× one thread's time on the
        // 10⁷-row file (a worker's start alone costs 35–40 ms of CPU over an empty worker's 70 ms).
        // Per-sample losses stream from one thread: Parquet's row groups are not split for them.
        if (data.regular && format === 'parquet' && !streamer && args.workers !== 'auto' && threads > 1 && size >= threshold) {
          file = await computeParquetSplit(args.input, {
            ...fileOptions,
            threads,
            ...(hooks.workerScript ? { workerScript: hooks.workerScript } : {}),
            ...(hooks.inlineSplit ? { inline: true } : {}),
          });
        }
        file ??= await computeFileLoss(data, fileOptions);
        // A file cut (or grown) while it was read gave the loss of part of it: an error, not a result.
        data.checkUnchanged();
      } finally {
        data.close();
      }
    }
    const first = file.results[0];
    if (!first.ok) {
      io.err(`bce-lens: ${first.error}`);
      return 2;
    }
    const result = first.result;
    for (const w of result.warnings) io.err(`bce-lens: warning: ${w}`);
    if (file.invalidRows > 0 && file.firstInvalid) {
      const f = file.firstInvalid;
      io.err(`bce-lens: warning: skipped ${file.invalidRows} invalid row(s); the first at ${source}:${f.line}:${f.column}: ${f.reason}${f.text === '' ? '' : `, found ${JSON.stringify(f.text)}`}`);
    }
    if (args.metrics && file.metricsNote) io.err(`bce-lens: warning: no metrics: ${file.metricsNote}`);
    if (args.json) {
      const json = { ...toJson(result), ...fileJson(file) };
      if (streamer?.streamed) {
        // The streamed values stand for the result's loss, which lists none of them.
        await streamer.finish(result.logitsDetected, JSON.stringify({ ...json, loss: undefined }));
      } else await printJson(json, io);
    } else {
      if (streamer?.streamed) await streamer.finish(result.logitsDetected);
      else await printLoss(result.loss, io);
      if (args.metrics && file.metrics) io.out(formatMetrics(file.metrics));
      if (args.metrics) for (const f of file.findings ?? []) io.out(`${f.severity}: ${f.code}: ${f.message}`);
      if (file.epochs) {
        const split = file.epochs.some((e) => e.split !== undefined);
        io.out(['epoch', ...(split ? ['split'] : []), 'loss', 'n'].join('\t'));
        for (const e of file.epochs) io.out([e.epoch, ...(split ? [e.split ?? ''] : []), String(e.loss), String(e.n)].join('\t'));
      }
    }
    return 0;
  } catch (e) {
    return reportError(e, source, io);
  } finally {
    temp.remove();
  }
}

/**
 * Where streamed output goes: io.write, or (tests) io.out, given whole lines (io.out adds the
 * newline back): JSON output, one line, is then given whole.
 */
function textOut(io: CliIo): TextOut {
  const drained = io.drained ?? (() => Promise.resolve());
  if (io.write) return { write: io.write, drained };
  let pending = '';
  return {
    write: (s) => {
      pending += s;
      const end = pending.lastIndexOf('\n');
      if (end < 0) return;
      io.out(pending.slice(0, end));
      pending = pending.slice(end + 1);
    },
    drained,
  };
}

/** The whole input as text; undefined (after one line on stderr) when it cannot be read. */
function readInputText(args: CliArgs, source: string, io: CliIo): string | undefined {
  try {
    return args.input === '-' ? io.stdin() : readFileSync(args.input, 'utf8');
  } catch (e) {
    io.err(`bce-lens: ${source}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
}

/** Standard input (or a text file) read like an editor selection: JSON, Python/NumPy code, rows of numbers. */
async function computeText(args: CliArgs, source: string, io: CliIo): Promise<number> {
  const text = readInputText(args, source, io);
  if (text === undefined) return 2;
  const input = parseSelection([{ text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, line: 0, column: 0 }], source);
  const options: LossOptions = input.fromLogits && args.options.fromLogits === 'auto' ? { ...args.options, fromLogits: true } : args.options;
  let result: LossResult;
  try {
    result = computeLoss(input, options);
  } catch (e) {
    // Name the element's line and column in the text, as for any other bad input.
    const range = e instanceof BceError && e.position ? elementRange(input.ranges, e.position) : undefined;
    if (!range) throw e;
    throw new InputError({ source, line: range.line + 1, column: range.column + 1 }, (e as BceError).message);
  }
  for (const w of result.warnings) io.err(`bce-lens: warning: ${w}`);
  const d = args.metrics || args.json ? diagnose(input, options, result) : undefined;
  if (args.metrics && d?.metricsNote) io.err(`bce-lens: warning: no metrics: ${d.metricsNote}`);
  const json = { ...toJson(result), ...(d?.metrics ? { metrics: d.metrics } : {}), findings: d?.findings ?? [] };
  if (args.json) await printJson(json, io);
  else {
    await printLoss(result.loss, io);
    if (args.metrics && d?.metrics) io.out(formatMetrics(d.metrics));
    if (args.metrics) for (const f of d?.findings ?? []) io.out(`${f.severity}: ${f.code}: ${f.message}`);
  }
  return 0;
}

/** The --metrics table, one block per label. */
function formatMetrics(all: LabelMetrics[]): string {
  const f = (x: number | undefined) => (x === undefined ? '—' : Number(x.toPrecision(6)).toString());
  return all
    .map((m, j) => {
      const head = all.length > 1 ? `label ${j}: ` : '';
      const c = (x: Confusion) => `accuracy ${f(x.accuracy)}, precision ${f(x.precision)}, recall ${f(x.recall)}, F1 ${f(x.f1)} (TP ${f(x.truePositive)}, FP ${f(x.falsePositive)}, TN ${f(x.trueNegative)}, FN ${f(x.falseNegative)})`;
      return [
        `${head}base rate ${f(m.baseRate)}: predicting it costs ${f(m.baselineLoss)}${m.skill === undefined ? '' : `; skill ${f(m.skill)}`}`,
        `${head}Brier ${f(m.brier)}, ROC AUC ${f(m.rocAuc)}, average precision ${f(m.averagePrecision)}`,
        `${head}at ŷ ≥ 0.5: ${c(m.atHalf)}`,
        ...(m.bestF1 ? [`${head}best F1 at ŷ ≥ ${f(m.bestF1.threshold)}: ${c(m.bestF1)}`] : []),
        `${head}calibration error (10 bins): expected ${f(m.calibration.uniform.expectedError)} uniform, ${f(m.calibration.quantile.expectedError)} quantile; largest ${f(m.calibration.uniform.maximumError)}`,
        ...(m.errorBound
          ? [`${head}error bound: ROC AUC ±${m.errorBound.rocAuc.toPrecision(2)}, average precision ±${m.errorBound.averagePrecision.toPrecision(2)} (${m.errorBound.note})`]
          : []),
      ].join('\n');
    })
    .join('\n');
}

/** The --json object: the loss and the options first, then the statistics. NaN becomes null. */
export function toJson(r: LossResult): { loss: LossResult['loss'] } & Record<string, unknown> {
  return { loss: r.loss, ...resultHeaderJson(r), stats: r.stats, warnings: r.warnings };
}

/** What --json adds for a data file. */
function fileJson(f: FileLossResult): object {
  return {
    format: f.format,
    columns: f.columns,
    rows: f.rows,
    bytes: f.bytes,
    invalidRows: f.invalidRows,
    ...(f.firstInvalid ? { firstInvalid: f.firstInvalid } : {}),
    ...(f.epochs ? { epochs: f.epochs } : {}),
    ...(f.metrics ? { metrics: f.metrics } : {}),
    ...(f.metricsNote ? { metricsNote: f.metricsNote } : {}),
    // A data file's findings run lanes of their own beside the loss: they come with --metrics.
    ...(f.findings ? { findings: f.findings } : {}),
    findingsNote: f.findingsNote ?? 'a data file’s findings come with --metrics',
    ...(f.facts ? { facts: f.facts } : {}),
  };
}

/** The CLI as the command runs it: --debug shows the stack of an internal error, which is otherwise one line and exit code 1. */
export async function cliMain(argv: string[], io: CliIo, hooks: CliHooks = {}): Promise<number> {
  const { debug, argv: rest } = takeDebugFlag(argv);
  try {
    return await runCliAsync(rest, io, hooks);
  } catch (e) {
    for (const line of internalErrorLines(e, debug)) io.err(line);
    return INTERNAL_EXIT_CODE;
  }
}

if (require.main === module) {
  // BCE_LENS_WASM=0: JavaScript loops only, no WebAssembly kernels (the bench compares both; worker threads see the same variable).
  useWasmKernels(process.env.BCE_LENS_WASM !== '0');
  // Errors outside the run's promise (an event emitter's) get the same one line.
  // A reader that stopped reading (bce-lens … | head -1) has all it wanted: a closed stdout ends the run quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    for (const line of internalErrorLines(e, takeDebugFlag(process.argv).debug)) process.stderr.write(line + '\n');
    process.exit(INTERNAL_EXIT_CODE);
  });
  process.on('uncaughtException', (e) => {
    for (const line of internalErrorLines(e, takeDebugFlag(process.argv).debug)) process.stderr.write(line + '\n');
    process.exit(INTERNAL_EXIT_CODE);
  });
  void cliMain(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    write: (s) => process.stdout.write(s),
    drained: () => new Promise<void>((resolve) => process.stdout.once('drain', resolve)),
    stdin: () => readFileSync(0, 'utf8'),
    stdinData: () => descriptorSource(0, '<stdin>', false),
  }).then((code) => {
    process.exitCode = code;
  });
}
