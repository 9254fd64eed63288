/** A label as written by the user: a number, a boolean, or (for sklearn) a class name. */
export type Label = number | boolean | string;

/**
 * Arrays as parsed from text or JSON: 1-D, or 2-D (batch × labels). A 1-D array of numbers may be
 * a Float64Array (the selection parser reads a bracket of numbers into one).
 */
export interface LossInput {
  yTrue: readonly (Label | readonly Label[])[] | Float64Array;
  yPred: readonly (number | readonly number[])[] | Float64Array;
  sampleWeight?: readonly number[] | Float64Array;
}
