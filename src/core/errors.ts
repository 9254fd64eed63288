/** Which input array an element belongs to, and where in it. */
export interface ElementPosition {
  array: 'y_true' | 'y_pred' | 'sample_weight' | 'pos_weight';
  /** Sample (row) index, 0-based. */
  index: number;
  /** Label (column) index for multi-label rows. */
  label?: number;
}

export type BceErrorCode =
  | 'empty'
  | 'shape'
  | 'not-finite'
  | 'label-range'
  | 'prediction-range'
  | 'weight'
  | 'single-class'
  | 'option'
  | 'not-a-number';

/** Every input problem the core detects; carries the position so callers can map it to file:line:column. */
export class BceError extends Error {
  constructor(
    readonly code: BceErrorCode,
    message: string,
    readonly position?: ElementPosition,
  ) {
    super(position ? `${formatPosition(position)}: ${message}` : message);
    this.name = 'BceError';
  }

  /** The message without the position prefix, for callers that print their own location. */
  get detail(): string {
    return this.position ? this.message.slice(formatPosition(this.position).length + 2) : this.message;
  }
}

export function formatPosition(p: ElementPosition): string {
  return `${p.array}[${p.index}]${p.label === undefined ? '' : `[${p.label}]`}`;
}

/**
 * Thrown by an accumulator in auto mode when a prediction outside [0, 1] shows that the
 * input is logits: the driver restarts the pass with fromLogits = true.
 */
export class LogitsDetected extends Error {
  constructor(
    readonly position: ElementPosition,
    /** The prediction, for the warning that names it. */
    readonly value?: number,
  ) {
    super(`prediction outside [0, 1] at ${formatPosition(position)}: input is logits`);
    this.name = 'LogitsDetected';
  }
}
