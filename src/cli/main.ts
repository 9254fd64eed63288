import { readFileSync } from 'node:fs';
import { BceError, computeLoss, type LossResult } from '../core';
import { InputError } from '../inputs/inputError';
import { parseJsonInput } from '../inputs/jsonInput';
import { parseCliArgs, USAGE, UsageError } from './args';

declare const BCE_LENS_VERSION: string;

/** Runs the CLI; returns the exit code. Output goes through the given writers so tests can capture it. */
export function runCli(argv: string[], io: { out: (s: string) => void; err: (s: string) => void; stdin: () => string }): number {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`bce-lens: ${e.message} (see bce-lens --help)`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.version) {
    io.out(typeof BCE_LENS_VERSION === 'string' ? BCE_LENS_VERSION : 'dev');
    return 0;
  }
  const source = args.input === '-' ? '<stdin>' : args.input;
  try {
    let text: string;
    try {
      text = args.input === '-' ? io.stdin() : readFileSync(args.input, 'utf8');
    } catch (e) {
      io.err(`bce-lens: ${source}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    const input = parseJsonInput(text, source);
    const options = input.logitsKey && args.options.fromLogits === 'auto' ? { ...args.options, fromLogits: true } : args.options;
    const result = computeLoss(input, options);
    for (const w of result.warnings) io.err(`bce-lens: warning: ${w}`);
    io.out(args.json ? JSON.stringify(toJson(result)) : formatLoss(result));
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`bce-lens: ${e.message}`);
      return 2;
    }
    if (e instanceof BceError) {
      io.err(`bce-lens: ${source}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

function formatLoss(r: LossResult): string {
  if (typeof r.loss === 'number') return String(r.loss);
  return r.loss.map((v) => (Array.isArray(v) ? v.join(' ') : String(v))).join('\n');
}

/** The --json object: the loss and the options first, then the statistics. NaN becomes null. */
export function toJson(r: LossResult): object {
  return {
    loss: r.loss,
    n: r.n,
    labels: r.labels,
    semantics: r.semantics,
    fromLogits: r.fromLogits,
    logitsDetected: r.logitsDetected,
    dtype: r.dtype,
    reduction: r.reduction,
    labelSmoothing: r.labelSmoothing,
    ...(r.posWeight ? { posWeight: r.posWeight } : {}),
    description: r.description,
    stats: r.stats,
    warnings: r.warnings,
  };
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    stdin: () => readFileSync(0, 'utf8'),
  });
  process.exitCode = code;
}
