/**
 * Data files (CSV, TSV, JSON, JSON Lines, .npy, .npz, Parquet, Arrow IPC) streamed into BceAccumulators. Runs in
 * Node and in a browser: the bytes come from a DataSource the host provides.
 */
export { BINARY_FORMATS, computeFileLoss, DATA_FILE_EXTENSIONS, formatOfName, sniffFormat } from './compute';
export { csvPreview, type CsvPreview } from './columnPreview';
export type { ColumnChoice, ContainerFacts, DataSource, EpochLoss, FileComputeOptions, FileFormat, FileLossResult, InvalidRow } from './types';
