import type { InputError } from '../inputError';
import type { Token } from './tokenizer';
import type { List, Numbers } from './values';

/** A name given to an array: y_true, self.labels, yPred (as written, without quotes). */
export interface NameRef {
  text: string;
  token: Token;
}

/** An array found in the text, with its name if it has one. */
export interface Candidate {
  name?: NameRef;
  /** The parsed array, or … */
  node?: List | Numbers;
  /** … why it could not be parsed. */
  error?: InputError;
  /** First token of the array. */
  at: Token;
}
