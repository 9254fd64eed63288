/** A label as written by the user: a number, a boolean, or (for sklearn) a class name. */
export type Label = number | boolean | string;

/** Arrays as parsed from text or JSON: 1-D, or 2-D (batch × labels). */
export interface LossInput {
  yTrue: readonly (Label | readonly Label[])[];
  yPred: readonly (number | readonly number[])[];
  sampleWeight?: readonly number[];
}
