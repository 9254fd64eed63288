/** The samples "Open Sample" offers: files of samples/, shipped in dist/samples/ (esbuild.js copies them). */
export const SAMPLES = ['predictions.csv', 'training-log.csv', 'arrays.py', 'multilabel-weighted.json'] as const;
export type SampleName = (typeof SAMPLES)[number];
