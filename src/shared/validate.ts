/** Small type guards for messages that cross the host ↔ webview boundary (plain JSON values). */

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function isString(x: unknown, maxLength = 10_000): x is string {
  return typeof x === 'string' && x.length <= maxLength;
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** A number or null: NaN and ±Infinity arrive as null after JSON. */
export function isNumberOrNull(x: unknown): x is number | null {
  return x === null || typeof x === 'number';
}

export function isIndex(x: unknown, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
}

export function isBoolean(x: unknown): x is boolean {
  return typeof x === 'boolean';
}

export function isOneOf<T extends string>(x: unknown, values: readonly T[]): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}

export function isArrayOf<T>(x: unknown, item: (v: unknown) => v is T, maxLength = Number.MAX_SAFE_INTEGER): x is T[] {
  return Array.isArray(x) && x.length <= maxLength && x.every((v) => item(v));
}

/** Only these keys, each optional key absent or valid: unknown keys are refused so typos show. */
export function hasOnlyKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(x).every((k) => keys.includes(k));
}
