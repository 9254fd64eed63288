/**
 * What differs between SQL engines for the loss query: quoting, double literals, the functions
 * the formulas need, and what the engine can express at all. One object per engine in dialects/.
 */
export interface SqlDialect {
  readonly id: SqlDialectId;
  readonly title: string;
  /** An identifier (column or table name part), quoted so any name works. */
  ident(name: string): string;
  /** A DOUBLE literal that parses to exactly this number. */
  num(x: number): string;
  /** −∞ as a DOUBLE (log 0 where a framework takes it: scikit-learn 1.1 in float32). */
  readonly negativeInfinity: string;
  /** The engine's double type, for CAST. */
  readonly double: string;
  /** A typed NULL (ClickHouse needs a Nullable type for it). */
  nullOf?(type: string): string;
  /** Its string type, for the epoch and split keys. */
  readonly text: string;
  /** Rounds a double to float32 and back, or undefined when the engine has no float32. */
  float32?(e: string): string;
  /** log(1 + t) for t in [0, 1]: the engine's own, or an emulation where it has none. */
  log1p(t: string): string;
  /** ln, exp: native names. */
  ln(e: string): string;
  exp(e: string): string;
  greatest(a: string, b: string): string;
  least(a: string, b: string): string;
  /** The sum of doubles as exactly as the engine allows (Kahan or exact NUMERIC where it has one). */
  sum(e: string): string;
  /** A source given as a Parquet path or glob (DuckDB's read_parquet); undefined where the engine reads none. */
  parquet?(path: string): string;
  /**
   * A one-pass top-k aggregate, so the worst rows come from the same scan as the totals; undefined
   * where the engine has none (the worst rows are then a second read of the source).
   */
  readonly topK?: SqlTopK;
}

/** How an engine keeps the k rows of largest key while aggregating, and reads them back. */
export interface SqlTopK {
  /** An aggregate giving a list of records (`fields`: name and expression) of the k rows of largest `key`. */
  aggregate(fields: readonly [string, string][], key: string, k: number): string;
  /** A select-list expression giving one row per record of `list` (a column). */
  unnest(list: string): string;
  /** The field `name` of the record `row`. */
  field(row: string, name: string): string;
}

export type SqlDialectId = 'duckdb' | 'postgres' | 'spark' | 'bigquery' | 'trino' | 'clickhouse';

/**
 * log1p(t) for t ≥ 0 without a log1p function: with u = 1 + t, ln(u)·t / (u − 1) is within a few
 * ulps of log1p (Goldberg, "What every computer scientist should know about floating-point
 * arithmetic", theorem 4); plain ln(1 + t) is 0 for t below 1.1e-16 (ln(1 + e^−40) is 4.25e-18).
 */
export function emulatedLog1p(ln: (e: string) => string, t: string): string {
  return `CASE WHEN 1 + ${t} = 1 THEN ${t} ELSE ${ln(`1 + ${t}`)} * ${t} / ((1 + ${t}) - 1) END`;
}

/** Shortest exponent form that round-trips ("1e-7", "9.999999e-1"): DOUBLE in most engines' grammar. */
export function exponentLiteral(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x}.0e0`;
  return x.toExponential();
}

/** Identifier quoting by doubling the quote character inside. */
export function quoteWith(q: string, name: string): string {
  return q + name.split(q).join(q + q) + q;
}
