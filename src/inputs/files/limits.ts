/**
 * How long one row of a CSV/TSV (its header, a quoted field's lines) or one JSON Lines record may
 * be. Real rows of labels and predictions are far shorter, even with thousands of labels; past
 * this the file is not what it seems (a binary file, one 50 MB line, a quote never closed), and
 * holding the row to read it would only cost memory before the same error.
 */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** The words for the limit in messages. */
export const MAX_RECORD_TEXT = '8 MiB';
