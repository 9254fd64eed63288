import { BceError } from '../errors';
import type { SqlDialect } from './dialect';

/** ln(DBL_MIN): below it exp() is subnormal or 0, and PostgreSQL raises "underflow" instead. */
const EXP_UNDERFLOW = -708.3964185322641;

/**
 * The columns a loss formula builds on, one step (one CTE level) each, so an expression used
 * twice is a column name and the text stays linear in the formula's size.
 */
export class SqlSteps {
  readonly steps: [name: string, expr: string][] = [];

  constructor(
    readonly d: SqlDialect,
    /** Round to float32 after each step, as the framework's float32 kernel does. */
    private readonly float32: boolean,
  ) {}

  /** Adds a column `bce_<name>`; returns its name. */
  step(name: string, expr: string): string {
    const column = `bce_${name}`;
    this.steps.push([column, expr]);
    return column;
  }

  /** A DOUBLE literal; negatives in parentheses so they sit after any operator. */
  lit(x: number): string {
    const text = this.d.num(x);
    return x < 0 || Object.is(x, -0) ? `(${text})` : text;
  }

  /** The dtype's rounding of an expression: float32 when asked, else the expression itself (in parentheses either way). */
  r(e: string): string {
    return this.float32 ? this.f32(e) : `(${e})`;
  }

  /** Always float32 (XGBoost's metric). */
  f32(e: string): string {
    if (!this.d.float32) throw new BceError('option', `${this.d.title} has no 32-bit float type, so float32 steps (dtype float32, XGBoost) cannot be written for it`);
    return this.d.float32(e);
  }

  /** The JavaScript constant as the dtype holds it (Math.fround for float32). */
  c(x: number): number {
    return this.float32 ? Math.fround(x) : x;
  }

  /** exp(t) that is 0 where the result would be below DBL_MIN (as JavaScript's, to 2.2e-308). */
  exp(t: string): string {
    return `CASE WHEN ${t} < ${this.lit(EXP_UNDERFLOW)} THEN ${this.lit(0)} ELSE ${this.d.exp(t)} END`;
  }

  /** x clipped to [lo, hi] as `x < lo ? lo : x > hi ? hi : x`. */
  clip(x: string, lo: number, hi: number): string {
    return `CASE WHEN ${x} < ${this.lit(lo)} THEN ${this.lit(lo)} WHEN ${x} > ${this.lit(hi)} THEN ${this.lit(hi)} ELSE ${x} END`;
  }

  /** The logistic function 1 / (1 + e^−x): 0 where e^−x would overflow (JavaScript gives 0 there too, to 1e-304), 1 where it underflows. */
  sigmoid(x: string): string {
    return `CASE WHEN ${x} < ${this.lit(-700)} THEN ${this.lit(0)} ELSE 1 / (1 + ${this.exp(`-(${x})`)}) END`;
  }
}
