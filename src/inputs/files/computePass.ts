/**
 * A reader fed chunk by chunk (CSV, TSV, JSON Lines, a streamed JSON array of records) over a
 * source: one pass for every option set, and one more for the lanes that turned out to be logits
 * (beside the others in the one pass when the source is a pipe).
 */
import type { LossOptions } from '../../core';
import { passStreams, runLanes, runLanesOnce } from './lanes';
import { createPass, type Pass, type PassFormat } from './pass';
import type { DataSource, FileComputeOptions, FileLossResult, PerSampleStream } from './types';
import { checkAbort } from './util';

/** Pushes every chunk of the source into the pass; stops early when no lane can use more rows. */
export async function feedPass(source: DataSource, pass: Pass, options: Pick<FileComputeOptions, 'signal' | 'onProgress'>): Promise<{ bytes: number; complete: boolean }> {
  let bytes = 0;
  for await (const chunk of source.chunks((size) => pass.readBuffer(size))) {
    checkAbort(options.signal);
    pass.push(chunk);
    // A slow reader of the per-sample losses holds the reading back: memory stays flat.
    await pass.ready();
    bytes += chunk.byteLength;
    options.onProgress?.(bytes);
    if (!pass.live) return { bytes, complete: false };
  }
  checkAbort(options.signal);
  pass.end();
  return { bytes, complete: true };
}

/** A pass (or two) of a reader fed chunk by chunk: CSV, TSV, JSON Lines, a JSON array of records. */
export async function computePass(source: DataSource, format: PassFormat, options: FileComputeOptions): Promise<FileLossResult> {
  const onInvalid = options.onInvalid ?? 'error';
  const read = async (variants: readonly LossOptions[], asLogits: readonly (boolean | null)[], epochLanes?: readonly number[], perSample?: readonly (PerSampleStream | undefined)[]) => {
    const pass = createPass(
      {
        name: source.name,
        format,
        variants,
        asLogits,
        ...(epochLanes ? { epochLanes } : {}),
        ...(options.columns ? { columns: options.columns } : {}),
        onInvalid,
        ...(options.metrics ? { metrics: true } : {}),
      },
      undefined,
      perSample,
    );
    const { bytes, complete } = await feedPass(source, pass, options);
    const state = pass.state();
    if (!state || !pass.specs || !pass.columns) throw new Error('internal: the pass ended without columns');
    return { state, specs: pass.specs, bytes, complete, columns: pass.columns };
  };
  // A pipe cannot be read again for the lanes that turn out to be logits: they run beside the others.
  if (source.once) return runLanesOnce(source.name, format, options.variants, (lanes) => read(lanes.variants, lanes.asLogits, lanes.epochLanes, lanes.perSample), options.metrics === true, options.perSample);
  return runLanes(source.name, format, options.variants, (asLogits, variants) => read(variants, asLogits, undefined, passStreams(options.perSample, variants, asLogits)), options.metrics === true);
}
