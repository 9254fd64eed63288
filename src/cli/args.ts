import { parseArgs } from 'node:util';
import { classesFrom, DTYPES, FRAMEWORK_LIST, SEMANTICS, type Dtype, type FromLogits, type LossOptions, type Reduction, type Semantics } from '../core';
import type { ColumnChoice, FileFormat } from '../inputs/files/types';
import { ENGINE_TIMEOUT_SECONDS } from '../inputs/engines/sqlEngine';
import { SPLIT_BYTES } from './split';

export type CliFormat = FileFormat | 'text';
export const CLI_FORMATS: readonly CliFormat[] = ['auto', 'csv', 'tsv', 'json', 'jsonl', 'npy', 'npz', 'parquet', 'arrow', 'text'];

export interface CliArgs {
  /** A file path, or '-' for standard input. */
  input: string;
  options: LossOptions;
  json: boolean;
  /** Print the metrics beside the loss (base-rate loss and skill, Brier, ROC AUC, …). */
  metrics: boolean;
  help: boolean;
  version: boolean;
  /** auto: by the file's extension (text for standard input). */
  format: CliFormat;
  columns: ColumnChoice;
  onInvalid: 'error' | 'skip';
  /** Threads reading a large file; 'auto' splits files of tens of MB across the cores. */
  workers: number | 'auto';
  /** `bce-lens sql …`: print the engine query instead of computing. */
  command?: 'sql';
  /** --engine: duckdb or a postgres:// URL (computes there); --dialect and --from for the query. */
  engine?: string;
  dialect?: string;
  from?: string;
  /** --timeout: the engine's limit for connecting and for the query, in seconds. */
  timeoutSeconds: number;
}

/** A usage mistake; main prints it with the usage hint and exits 2. */
export class UsageError extends Error {}

/** The frameworks of the registry, two lines each, so the help lists every --semantics there is. */
function semanticsHelp(): string {
  return FRAMEWORK_LIST.map((fw) => {
    const reductions = [fw.defaultReduction, ...fw.reductions.filter((r) => r !== fw.defaultReduction)];
    return `  ${fw.id.padEnd(12)} ${fw.settingDescription}\n  ${''.padEnd(12)} reductions: ${reductions.join(', ')}`;
  }).join('\n');
}

export const USAGE = `Usage: bce-lens [FILE|-] [options]
       bce-lens --engine duckdb|postgres://… [PARQUET_GLOB] [--from TABLE|QUERY] [options]
       bce-lens sql --dialect duckdb|postgres|spark|bigquery|trino|clickhouse --from SOURCE [options]
         prints the one read-only query that computes the loss in that engine

Binary cross-entropy of labels and predictions, as Keras, PyTorch, scikit-learn and the other
frameworks below compute it.

Input: a data file, or - for standard input (the default):
  CSV/TSV   a header naming the columns: labels y_true (or y, label, target, actual, truth),
            predictions y_pred (or pred, prob, probability, score, output, y_hat; "logits" means
            from_logits), optional sample_weight (or weight, w), epoch or step, split (train/val);
            multi-label: y_true_0…y_true_k with y_pred_0…y_pred_k. Without a header: 2 columns
            (y_true, y_pred) or 3 (… sample_weight).
  JSON      {"y_true": [...], "y_pred": [...], "sample_weight": [...]} (nested lists for
            multi-label, batch × labels) or an array of records [{"y_true": 0, "y_pred": 0.3}, ...]
  JSONL     one record per line
  .npy      one array of shape (n, 2) [y_true, y_pred] or (n, 3) [..., sample_weight]
  .npz      arrays named y_true, y_pred (or logits), sample_weight (np.savez)
  Parquet   .parquet/.pq/.parq: columns named as in a CSV header; a list column (DOUBLE[]) holds
            the labels or predictions of a multi-label row; a null is an invalid row
  Arrow     IPC file .arrow, Feather v2 .feather (LZ4/ZSTD compressed too), stream .arrows
  text      (standard input) labels and predictions as in a selection: JSON, Python or NumPy code,
            plain rows of numbers
Labels in files are numbers in [0, 1] (or true/false); sklearn's class names as strings only in JSON.

Options:
  --semantics NAME                             framework semantics (default keras = Keras 3), below
  --from-logits auto|true|false               auto: any prediction outside [0, 1] means logits
  --label-smoothing S                          Keras label smoothing in [0, 1] (default 0)
  --reduction R                                one of the framework's reductions (below)
  --pos-weight W[,W...]                        torch BCEWithLogitsLoss pos_weight, one per label
  --labels A,B                                 scikit-learn's labels argument: the two classes, so data
                                               of one class has a loss (log_loss(..., labels=[A, B]))
  --dtype float64|float32                      float32 rounds every step as the frameworks do
  --json                                       print one JSON object with the loss and statistics
                                               (and "metrics" for text input, or with --metrics)
  --metrics                                    also print what the loss says about the classifier: the
                                               base-rate loss and skill, Brier score, ROC AUC, average
                                               precision, metrics at 0.5 and at the best F1, calibration
                                               error (scikit-learn 1.2's definitions). A data file of
                                               more than 10^6 elements gets ROC AUC and average
                                               precision from a histogram, with their error bound
  --format auto|csv|tsv|json|jsonl|npy|npz|parquet|arrow|text
                                               input format (auto: by extension, Parquet and
                                               Arrow by their magic bytes; text for -)
  --y-true COL --y-pred COL                    columns (names; several separated by commas for
                                               multi-label; or numbers from 1)
  --weight COL --epoch COL --split COL         sample weight, epoch (or step) and split columns;
                                               an epoch column adds the loss per epoch
  --on-invalid error|skip                      a bad row is an error (default), or skipped and counted
  --workers N                                  threads for large files (default auto: split CSV/TSV/
                                               JSON Lines files of ${SPLIT_BYTES / 2 ** 20} MiB and more across the cores;
                                               Parquet row groups only when N is given)
  --engine duckdb|postgres://USER@HOST:PORT/DB  compute inside the engine (the data stays there): DuckDB
                                               in process on a Parquet path or glob (FILE, quoted), or
                                               PostgreSQL; the loss and --json as for a file
  --from TABLE|QUERY|PATH                      the engine's rows: a table, one SELECT or WITH statement
                                               (nothing else is run), or for DuckDB a Parquet path/glob;
                                               columns y_true, y_pred unless --y-true/--y-pred name them
  --timeout SECONDS                            the engine's limit for connecting and for the query
                                               (default 300); it is cancelled after that
  --debug                                      an internal error prints its stack trace too
  -h, --help, --version

Semantics (--semantics NAME: what it computes; its reductions, the default first):
${semanticsHelp()}

A 1-D array is read as n samples of one label (shape (n, 1), what a sigmoid output layer gives):
"sum" adds the n losses and "none" lists them. Keras called on a plain 1-D list treats it as ONE
sample of n labels instead; the default mean is the same either way.

--reduction none on a data file prints each row's loss in input order, in flat memory (with --json,
"loss" is the array written first). With --from-logits true or false they are written as the rows
are read, on one thread; with auto they are held back in a temporary file until the whole file is
read (a logit on any row makes every loss a logits loss), a large file's ranges formatted by several
threads. When a row turns out bad after output has started (exit code 2), stdout holds the losses
of rows before it, not a result: only exit code 0 means the output is complete.

Environment: BCE_LENS_WASM=0 runs the JavaScript loops instead of the WebAssembly kernels (same results).

Exit codes: 0 success, 2 bad input or options (one line on stderr naming the place), 1 internal error.`;

/** parseArgs' table: the options that take a value, and the switches. */
const VALUE_OPTIONS = ['semantics', 'from-logits', 'label-smoothing', 'reduction', 'pos-weight', 'labels', 'dtype', 'format', 'y-true', 'y-pred', 'weight', 'epoch', 'split', 'on-invalid', 'workers', 'engine', 'dialect', 'from', 'timeout'] as const;
const SWITCHES = ['json', 'metrics', 'version'] as const;

const OPTIONS = {
  ...(Object.fromEntries(VALUE_OPTIONS.map((name) => [name, { type: 'string' }])) as Record<(typeof VALUE_OPTIONS)[number], { type: 'string' }>),
  ...(Object.fromEntries(SWITCHES.map((name) => [name, { type: 'boolean' }])) as Record<(typeof SWITCHES)[number], { type: 'boolean' }>),
  help: { type: 'boolean', short: 'h' },
} as const;

/** The --y-true … --split flags by the ColumnChoice role they name. */
const COLUMN_FLAGS = { yTrue: 'y-true', yPred: 'y-pred', weight: 'weight', epoch: 'epoch', split: 'split' } as const satisfies Record<keyof ColumnChoice, string>;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const command = parsed.positionals[0] === 'sql' ? ('sql' as const) : undefined;
  if (command) parsed.positionals.shift();
  if (parsed.positionals.length > 1) throw new UsageError(`expected one input file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  const semantics = (v.semantics ?? 'keras') as Semantics;
  if (!SEMANTICS.includes(semantics)) throw new UsageError(`--semantics: expected one of ${SEMANTICS.join(', ')}, got "${v.semantics}"`);
  const dtype = (v.dtype ?? 'float64') as Dtype;
  if (!DTYPES.includes(dtype)) throw new UsageError(`--dtype: expected float64 or float32, got "${v.dtype}"`);
  const format = (v.format ?? 'auto') as CliFormat;
  if (!CLI_FORMATS.includes(format)) throw new UsageError(`--format: expected one of ${CLI_FORMATS.join(', ')}, got "${v.format}"`);
  const onInvalid = v['on-invalid'] ?? 'error';
  if (onInvalid !== 'error' && onInvalid !== 'skip') throw new UsageError(`--on-invalid: expected error or skip, got "${onInvalid}"`);
  let workers: number | 'auto' = 'auto';
  if (v.workers !== undefined && v.workers !== 'auto') {
    workers = Number(v.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers: expected a whole number from 1 to 64 or auto, got "${v.workers}"`);
  }
  const timeoutSeconds = v.timeout === undefined ? ENGINE_TIMEOUT_SECONDS : parseNumber('--timeout', v.timeout);
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout: expected a number of seconds above 0, got "${v.timeout}"`);
  const columns: ColumnChoice = {};
  for (const role of Object.keys(COLUMN_FLAGS) as (keyof ColumnChoice)[]) {
    const name = v[COLUMN_FLAGS[role]];
    if (name !== undefined) columns[role] = name;
  }
  return {
    input: parsed.positionals[0] ?? '-',
    options: {
      semantics,
      fromLogits: parseFromLogits(v['from-logits']),
      labelSmoothing: v['label-smoothing'] === undefined ? 0 : parseNumber('--label-smoothing', v['label-smoothing']),
      ...(v.reduction === undefined ? {} : { reduction: v.reduction as Reduction }),
      ...(v['pos-weight'] === undefined ? {} : { posWeight: v['pos-weight'].split(',').map((w) => parseNumber('--pos-weight', w)) }),
      dtype,
      ...(v.labels === undefined ? {} : { classes: parseClasses(v.labels) }),
    },
    json: v.json ?? false,
    metrics: v.metrics ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
    format,
    columns,
    onInvalid,
    workers,
    ...(command ? { command } : {}),
    ...(v.engine !== undefined ? { engine: v.engine } : {}),
    ...(v.dialect !== undefined ? { dialect: v.dialect } : {}),
    ...(v.from !== undefined ? { from: v.from } : {}),
    timeoutSeconds,
  };
}

/** --labels A,B: numbers as numbers, anything else as a class name (scikit-learn's labels argument). */
function parseClasses(value: string): (number | string)[] {
  const classes = classesFrom(value.split(','));
  if (!classes) throw new UsageError(`--labels: expected two classes separated by a comma, such as 0,1, got "${value}"`);
  return classes;
}

function parseFromLogits(value: string | undefined): FromLogits {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`--from-logits: expected auto, true or false, got "${value}"`);
}

function parseNumber(flag: string, text: string): number {
  const x = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(x)) throw new UsageError(`${flag}: expected a number, got "${text}"`);
  return x;
}
