import { BceError, type LossResult } from '../../core';
import { buildLossQuery, firstGuessLogits, looksLikeQuery, resolveSqlOptions, SQL_DIALECT_IDS, type SqlDialectId, type SqlRoles, type SqlSource } from '../../core/sql';
import type { CliArgs } from '../args';
import { printJson, printLoss, type LossWriter } from '../lossOutput';
import { openDuckdb } from '../../inputs/engines/duckdbEngine';
import { EngineQueryError, EngineUnavailable } from '../../inputs/engines/engineErrors';
import { computeInEngine, type SqlExecutor } from '../../inputs/engines/engineRun';
import { redactUrl } from '../../inputs/engines/engineUrl';
import { openPostgres } from '../../inputs/engines/postgresEngine';

/** Output, and the CLI's --json object of a result (main.ts's toJson, passed in so this file does not import main). */
export type EngineIo = LossWriter & { err: (s: string) => void; toJson: (r: LossResult) => { loss: LossResult['loss'] } & Record<string, unknown> };

const PARQUET = /\.(parquet|pq|parq)$/i;

/** The source of `--from` (or the positional path for DuckDB): a query, a Parquet path or glob, or a table. */
function sourceOf(args: CliArgs, dialect: SqlDialectId): { source: SqlSource; shown: string } {
  const from = args.from ?? (args.input !== '-' ? args.input : undefined);
  if (from === undefined) throw new UsageFailure(dialect === 'duckdb' ? 'give a Parquet path or glob, or --from TABLE_OR_QUERY' : '--from TABLE_OR_QUERY is needed');
  // Text with spaces, parentheses or ';' is no table name: it goes through the query check (and is refused unless one SELECT/WITH).
  if (looksLikeQuery(from) || /[\s;()]/.test(from.trim())) return { source: { kind: 'query', sql: from }, shown: 'the query' };
  if (dialect === 'duckdb' && (args.from === undefined || PARQUET.test(from) || from.includes('*'))) return { source: { kind: 'parquet', path: from }, shown: from };
  return { source: { kind: 'table', name: from }, shown: from };
}

function rolesOf(args: CliArgs): SqlRoles {
  const c = args.columns;
  return {
    yTrue: c.yTrue ?? 'y_true',
    yPred: c.yPred ?? 'y_pred',
    ...(c.weight !== undefined ? { weight: c.weight } : {}),
    ...(c.epoch !== undefined ? { epoch: c.epoch } : {}),
    ...(c.split !== undefined ? { split: c.split } : {}),
  };
}

/** A usage mistake of the engine options: one line and exit code 2, as parseCliArgs' own. */
class UsageFailure extends Error {}

/**
 * `bce-lens sql --dialect D --from SOURCE …` prints the query; `bce-lens --engine duckdb|postgres://… …`
 * runs it there and prints the loss as for a file (--json too). Resolves to the exit code.
 */
export async function runEngineCommand(args: CliArgs, io: EngineIo): Promise<number> {
  try {
    if (args.command === 'sql') return printQuery(args, io);
    return await runInEngine(args, io);
  } catch (e) {
    if (e instanceof UsageFailure) {
      io.err(`bce-lens: ${e.message} (see bce-lens --help)`);
      return 2;
    }
    if (e instanceof BceError || e instanceof EngineQueryError || e instanceof EngineUnavailable) {
      io.err(`bce-lens: ${e instanceof EngineQueryError ? `${engineName(args)}: ` : ''}${e.message}`);
      return 2;
    }
    throw e;
  }
}

function engineName(args: CliArgs): string {
  return args.engine === 'duckdb' ? 'DuckDB' : 'PostgreSQL';
}

function printQuery(args: CliArgs, io: EngineIo): number {
  const dialect = args.dialect as SqlDialectId | undefined;
  if (!dialect || !SQL_DIALECT_IDS.includes(dialect)) throw new UsageFailure(`sql --dialect: expected one of ${SQL_DIALECT_IDS.join(', ')}, got ${dialect === undefined ? 'nothing' : `"${dialect}"`}`);
  if (args.from === undefined) throw new UsageFailure('sql: --from TABLE, QUERY or (DuckDB) a Parquet path is needed');
  const roles = rolesOf(args);
  const asLogits = firstGuessLogits(args.options);
  const options = resolveSqlOptions(args.options, asLogits, roles);
  if (args.options.fromLogits === 'auto') io.out(`-- from_logits auto: this query reads ${asLogits ? 'logits' : 'probabilities'}; bce-lens --engine runs it again as logits when a prediction lies outside [0, 1] (or give --from-logits).`);
  io.out(buildLossQuery({ dialect, source: sourceOf(args, dialect).source, roles, options }));
  return 0;
}

async function runInEngine(args: CliArgs, io: EngineIo): Promise<number> {
  const engine = args.engine as string;
  const timeoutMs = args.timeoutSeconds * 1000;
  let dialect: SqlDialectId;
  let run: SqlExecutor;
  let close: () => Promise<void> | void;
  let shownEngine: string;
  if (engine === 'duckdb') {
    dialect = 'duckdb';
    const duck = await openDuckdb({ timeoutMs });
    run = duck.run;
    close = duck.close;
    shownEngine = 'duckdb';
  } else if (/^postgres(ql)?:\/\//i.test(engine)) {
    dialect = 'postgres';
    shownEngine = redactUrl(engine);
    // Checked before connecting: a usage mistake needs no server.
    sourceOf(args, dialect);
    const pg = await openPostgres(engine, timeoutMs);
    run = pg.run;
    close = pg.close;
  } else throw new UsageFailure(`--engine: expected duckdb or a postgres:// URL, got "${redactUrl(engine)}"`);
  try {
    const { source, shown } = sourceOf(args, dialect);
    const { result, epochs } = await computeInEngine(run, { dialect, source, roles: rolesOf(args), options: args.options });
    for (const w of result.warnings) io.err(`bce-lens: warning: ${w}`);
    await printResult(args, io, result, epochs, { engine: shownEngine, source: shown });
    return 0;
  } finally {
    await close();
  }
}

async function printResult(args: CliArgs, io: EngineIo, result: LossResult, epochs: { epoch: string; split?: string; loss: number; n: number }[] | undefined, where: { engine: string; source: string }): Promise<void> {
  if (args.json) {
    const json: { loss: LossResult['loss'] } & Record<string, unknown> = { ...io.toJson(result), engine: where.engine, source: where.source, ...(epochs ? { epochs } : {}) };
    await printJson(json, io);
    return;
  }
  await printLoss(result.loss, io);
  if (!epochs) return;
  const split = epochs.some((e) => e.split !== undefined);
  io.out(['epoch', ...(split ? ['split'] : []), 'loss', 'n'].join('\t'));
  for (const e of epochs) io.out([e.epoch, ...(split ? [e.split ?? ''] : []), String(e.loss), String(e.n)].join('\t'));
}
