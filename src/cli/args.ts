import { parseArgs } from 'node:util';
import { DTYPES, SEMANTICS, type Dtype, type FromLogits, type LossOptions, type Reduction, type Semantics } from '../core';

export interface CliArgs {
  /** A file path, or '-' for standard input. */
  input: string;
  options: LossOptions;
  json: boolean;
  help: boolean;
  version: boolean;
}

/** A usage mistake; main prints it with the usage hint and exits 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: bce-lens [FILE|-] [options]

Binary cross-entropy of labels and predictions, as Keras, PyTorch or scikit-learn compute it.

Input: a JSON file {"y_true": [...], "y_pred": [...], "sample_weight": [...]} (nested lists
for multi-label, batch × labels), or - for standard input (the default).

Options:
  --semantics keras|tf-keras2|torch|sklearn   framework semantics (default keras = Keras 3)
  --from-logits auto|true|false               auto: any prediction outside [0, 1] means logits
  --label-smoothing S                          Keras label smoothing in [0, 1] (default 0)
  --reduction R                                keras: sum_over_batch_size (default), mean, sum, none,
                                               mean_with_sample_weight; tf-keras2: sum_over_batch_size,
                                               sum, none; torch: mean (default), sum, none;
                                               sklearn: mean (default, weighted mean), sum
  --pos-weight W[,W...]                        torch BCEWithLogitsLoss pos_weight, one per label
  --dtype float64|float32                      float32 rounds every step as the frameworks do
  --json                                       print one JSON object with the loss and statistics
  -h, --help, --version

A 1-D array is read as n samples of one label (shape (n, 1), what a sigmoid output layer gives):
"sum" adds the n losses and "none" lists them. Keras called on a plain 1-D list treats it as ONE
sample of n labels instead; the default mean is the same either way.

Exit codes: 0 success, 2 bad input or options (one line on stderr naming the place), 1 internal error.`;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        semantics: { type: 'string' },
        'from-logits': { type: 'string' },
        'label-smoothing': { type: 'string' },
        reduction: { type: 'string' },
        'pos-weight': { type: 'string' },
        dtype: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw new UsageError(`expected one input file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  const semantics = (v.semantics ?? 'keras') as Semantics;
  if (!SEMANTICS.includes(semantics)) throw new UsageError(`--semantics: expected one of ${SEMANTICS.join(', ')}, got "${v.semantics}"`);
  const dtype = (v.dtype ?? 'float64') as Dtype;
  if (!DTYPES.includes(dtype)) throw new UsageError(`--dtype: expected float64 or float32, got "${v.dtype}"`);
  return {
    input: parsed.positionals[0] ?? '-',
    options: {
      semantics,
      fromLogits: parseFromLogits(v['from-logits']),
      labelSmoothing: v['label-smoothing'] === undefined ? 0 : parseNumber('--label-smoothing', v['label-smoothing']),
      ...(v.reduction === undefined ? {} : { reduction: v.reduction as Reduction }),
      ...(v['pos-weight'] === undefined ? {} : { posWeight: v['pos-weight'].split(',').map((w) => parseNumber('--pos-weight', w)) }),
      dtype,
    },
    json: v.json ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
  };
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
