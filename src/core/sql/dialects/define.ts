// One builder for the dialect objects: each engine's file states only how it differs.
import { emulatedLog1p, exponentLiteral, quoteWith, type SqlDialect, type SqlDialectId } from '../dialect';

/** The functions the formulas call by name, `name(args)`. */
type SqlFunction = 'ln' | 'exp' | 'greatest' | 'least' | 'sum' | 'log1p';

export interface DialectSpec {
  readonly id: SqlDialectId;
  readonly title: string;
  /** The identifier quote: " (the standard's) or ` (Spark, BigQuery, ClickHouse). */
  readonly quote: '"' | '`';
  /** The double literal of a finite number; exponentLiteral where none is given. */
  readonly num?: (x: number) => string;
  readonly negativeInfinity: string;
  readonly double: string;
  readonly text: string;
  readonly nullOf?: (type: string) => string;
  /** The engine's float32 type, cast to and back from `double`; or the whole rounding; absent where it has none. */
  readonly float32?: string | ((e: string) => string);
  /** 'native': the engine's log1p; 'emulated': emulatedLog1p through its ln. */
  readonly log1p: 'native' | 'emulated';
  /** Function names where the engine spells them otherwise than in lower case ("LN", "sumKahan"). */
  readonly names?: Partial<Record<SqlFunction, string>>;
  /** The sum, where it is more than a call of `names.sum`. */
  readonly sum?: (e: string) => string;
  readonly parquet?: (path: string) => string;
  /** The k worst rows in the same scan as the totals, where the engine has a top-k aggregate. */
  readonly topK?: SqlDialect['topK'];
}

export function defineDialect(spec: DialectSpec): SqlDialect {
  const call = (fn: SqlFunction) => (...args: string[]) => `${spec.names?.[fn] ?? fn}(${args.join(', ')})`;
  const ln = call('ln');
  const float32 = spec.float32;
  const literal = spec.num ?? exponentLiteral;
  return {
    id: spec.id,
    title: spec.title,
    ident: (name) => quoteWith(spec.quote, name),
    num: (x) => {
      if (!Number.isFinite(x)) throw new Error(`no SQL literal for ${x}`);
      return literal(x);
    },
    negativeInfinity: spec.negativeInfinity,
    double: spec.double,
    text: spec.text,
    ...(spec.nullOf ? { nullOf: spec.nullOf } : {}),
    ...(typeof float32 === 'string' ? { float32: (e: string) => `CAST(CAST(${e} AS ${float32}) AS ${spec.double})` } : float32 ? { float32 } : {}),
    log1p: spec.log1p === 'native' ? call('log1p') : (t) => emulatedLog1p(ln, t),
    ln,
    exp: call('exp'),
    greatest: call('greatest'),
    least: call('least'),
    sum: spec.sum ?? call('sum'),
    ...(spec.parquet ? { parquet: spec.parquet } : {}),
    ...(spec.topK ? { topK: spec.topK } : {}),
  };
}
