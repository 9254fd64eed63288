/**
 * --reduction none on a data file: the per-sample losses are printed as the readers compute them,
 * in input order, so memory stays flat however many rows there are. A stream whose values are
 * sure to be the result's (from_logits given, or a second pass as logits) goes straight to stdout,
 * waiting while the reader of stdout is behind; one that may yet be dropped (from_logits "auto":
 * a logit further on restarts the lane as logits) is spilled — the first MiB in memory, the rest
 * to a temporary file — and copied out once the result says it is the one.
 */
import { join } from 'node:path';
import type { PerSampleOutput, PerSampleStream } from '../inputs/files/types';
import { lossText, type LossLayout } from './lossText';
import { copyFileTo, TextFile, type TempFiles, type TextOut } from './tempFiles';

/** Text a spill keeps in memory before it goes on in a file. */
const SPILL_MEMORY = 1 << 20;

interface Opened {
  asLogits: boolean;
  final: boolean;
  stream: DirectStream | SpillStream | RangeFiles;
}

export class LossStreamer {
  private readonly opened: Opened[] = [];
  /** The JSON object's opening is written. */
  private started = false;
  /** Some value is written (a JSON element after it needs a comma). */
  private wrote = false;
  private spills = 0;

  constructor(
    readonly layout: LossLayout,
    private readonly out: TextOut,
    private readonly temp: TempFiles,
  ) {}

  /** For FileComputeOptions.perSample. */
  readonly open: PerSampleOutput = (asLogits, final) => {
    const stream = final ? new DirectStream(this) : new SpillStream(this.layout, join(this.temp.folder(), `spill-${this.spills++}.txt`));
    this.opened.push({ asLogits, final, stream });
    return stream;
  };

  /**
   * A pass whose ranges were read by several threads, each range's values in a file (rangeSpill.ts),
   * given in range order: copied out by finish() if the result takes that pass.
   */
  adoptRanges(asLogits: boolean, files: readonly string[]): void {
    this.opened.push({ asLogits, final: false, stream: new RangeFiles(files) });
  }

  /** The readers streamed the values: the result's loss lists none of them. */
  get streamed(): boolean {
    return this.opened.length > 0;
  }

  /** Writes `text` (values of one batch) after the JSON object's opening. */
  write(text: string): unknown {
    if (text === '') return true;
    const head = this.layout === 'json' && !this.started ? '{"loss":[' : '';
    this.started = true;
    this.wrote = true;
    return this.out.write(head + text);
  }

  /** Whether the next JSON element needs a comma before it. */
  get first(): boolean {
    return !this.wrote;
  }

  drained(): Promise<void> {
    return this.out.drained();
  }

  /**
   * Writes the values of the stream the result took (the final one, else the one read as logits
   * when `logitsDetected`, else as probabilities) if they are not out yet, then, for JSON, the end
   * of the array and `tail` (the object's other keys, as JSON.stringify gives them).
   */
  async finish(logitsDetected: boolean, tail?: string): Promise<void> {
    const chosen = this.opened.find((o) => o.final) ?? this.opened.find((o) => o.asLogits === logitsDetected);
    if (chosen && !(chosen.stream instanceof DirectStream)) await chosen.stream.copyTo(this);
    for (const o of this.opened) if (o.stream instanceof SpillStream) o.stream.drop();
    if (this.layout !== 'json') return;
    const head = this.started ? '' : '{"loss":[';
    this.started = true;
    const end = head + ']' + (tail === undefined || tail === '{}' ? '}' : ',' + tail.slice(1)) + '\n';
    if (this.out.write(end) === false) await this.out.drained();
  }

  /** Drops every spill (the run failed). */
  drop(): void {
    for (const o of this.opened) if (o.stream instanceof SpillStream) o.stream.drop();
  }
}

/** Values that are the result's: formatted and written at once. */
class DirectStream implements PerSampleStream {
  /** The reader of stdout is behind: wait for it before reading on. */
  private full = false;
  private since = 0;

  constructor(private readonly to: LossStreamer) {}

  write(values: Float64Array, width: number): void {
    if (values.length === 0) return;
    this.since++;
    lossText(values, width, this.to.layout, this.to.first, (piece) => {
      if (this.to.write(piece) === false) this.full = true;
    });
  }

  async ready(): Promise<void> {
    if (this.full) {
      this.full = false;
      await this.to.drained();
    } else if (this.since > 0) {
      // A turn for the event loop: a closed pipe's EPIPE is delivered (and ends the run) here.
      this.since = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** Values that may be dropped: kept as text, in memory up to SPILL_MEMORY, then in a file. */
class SpillStream implements PerSampleStream {
  private memory: string[] = [];
  private memoryChars = 0;
  private file: TextFile | undefined;
  private empty = true;

  constructor(
    private readonly layout: LossLayout,
    private readonly path: string,
  ) {}

  write(values: Float64Array, width: number): void {
    if (values.length === 0) return;
    lossText(values, width, this.layout, this.empty, (piece) => {
      if (!this.file && this.memoryChars + piece.length <= SPILL_MEMORY) {
        this.memory.push(piece);
        this.memoryChars += piece.length;
        return;
      }
      this.file ??= new TextFile(this.path);
      this.file.append(piece);
    });
    this.empty = false;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  /** Writes what it holds, in order, waiting while the reader is behind. */
  async copyTo(to: LossStreamer): Promise<void> {
    if (this.empty) return;
    // The spill's first element has no comma: right only when nothing was written before it.
    if (this.layout === 'json' && !to.first) to.write(',');
    const memory = this.memory;
    this.memory = [];
    for (const text of memory) {
      if (to.write(text) === false) await to.drained();
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.file) {
      this.file.close();
      await copyFileTo(this.path, { write: (s) => to.write(s), drained: () => to.drained() });
    }
  }

  drop(): void {
    this.memory = [];
    this.file?.close();
    this.file = undefined;
  }
}

/** The files of a pass's ranges, in order; a range without values has an empty or no file. */
class RangeFiles {
  constructor(private readonly files: readonly string[]) {}

  async copyTo(to: LossStreamer): Promise<void> {
    for (const path of this.files) {
      // Each range's text starts without a comma.
      let lead = to.layout === 'json' && !to.first ? ',' : '';
      await copyFileTo(path, {
        write: (s) => {
          const r = to.write(lead + s);
          lead = '';
          return r;
        },
        drained: () => to.drained(),
      });
    }
  }
}
