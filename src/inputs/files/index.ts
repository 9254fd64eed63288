/**
 * Data files (CSV, TSV, JSON, JSON Lines, .npy, .npz) streamed into BceAccumulators. Runs in
 * Node and in a browser: the bytes come from a DataSource the host provides.
 */
export { computeFileLoss, formatOfName, sniffFormat } from './compute';
export type { ColumnChoice, DataSource, EpochLoss, FileComputeOptions, FileFormat, FileLossResult, InvalidRow } from './types';
