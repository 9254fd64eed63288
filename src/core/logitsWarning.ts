/**
 * The warning a result carries when from_logits "auto" read the predictions as logits: which
 * value decided it, so a stray "5." or a percentage is found instead of silently changing the loss.
 */

/** `where` is file:line:column or y_pred[i]; `value` is the prediction as written or read. */
export function logitsWarning(where: string, value: string): string {
  return `predictions read as logits (from_logits auto): the first outside [0, 1] is ${value} at ${where}; set from_logits to false if they are probabilities`;
}
