/**
 * The arrays of a LossInput read without a copy per element: a 1-D array of numbers as it is
 * (a Float64Array or a plain array), and the rows of any array for the code that walks samples.
 */
import type { Label, LossInput } from './lossInput';

type Values = LossInput['yTrue'] | LossInput['yPred'];

/** The array itself when it is 1-D and every element a number; undefined otherwise. */
export function numberColumn(values: Values): ArrayLike<number> | undefined {
  if (values instanceof Float64Array) return values;
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return undefined;
  return values as readonly number[];
}

/** The array itself when it is 1-D (no element is an array); undefined otherwise. */
export function scalarColumn(values: Values): ArrayLike<Label> | undefined {
  if (values instanceof Float64Array) return values;
  for (let i = 0; i < values.length; i++) if (Array.isArray(values[i])) return undefined;
  return values as readonly Label[];
}

/** Sample i's values: its row, or its one value as a row of one. */
export function rowOf<T extends Label>(values: ArrayLike<T | readonly T[]>, i: number): readonly T[] {
  const v = values[i];
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

/** Whether the array is 2-D (its first element a row). */
export function isNested(values: Values): boolean {
  return !(values instanceof Float64Array) && values.length > 0 && Array.isArray(values[0]);
}
