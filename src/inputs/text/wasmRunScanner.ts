/**
 * The WebAssembly reader of long brackets of numbers (wasm/numberRun.as.ts): the selection's text
 * is a JavaScript string, so it is encoded window by window into the module's memory (ASCII is one
 * byte a character, so byte offsets are the text's offsets up to the first other character, where
 * the module stops anyway) and read there, with no compile-time warm-up of a JavaScript loop.
 * Where WebAssembly is missing, refused or turned off (the core's useWasmKernels), runScanner()
 * gives undefined and numberRun.ts reads every element itself.
 */
import { instantiate, wasmKernelsEnabled } from '../../core';
import type { LineTable } from './lineTable';
import { NUMBER_RUN_WASM } from './wasm/numberRunWasm';

interface NumberRunExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  scan(input: number, length: number, last: number, comma: number, base: number, outValues: number, outStarts: number, outLengths: number, outLines: number): number;
  scanStatus(): number;
  scannedElements(): number;
  scannedLines(): number;
  scannedComma(): number;
}

/** The module's scanStatus(): at the `]`, at a character the JavaScript loop reads, at the window's end. */
export const enum RunStatus {
  Closed = 0,
  Stopped = 1,
  More = 2,
}

/** The most characters encoded at a time; a bracket's first window is smaller, then doubles. */
const WINDOW = 65536;
const FIRST_WINDOW = 2048;
/** UTF-8 takes at most 3 bytes for a UTF-16 code unit; one more for the 0 after the window. */
const INPUT_BYTES = WINDOW * 3 + 8;

/** Where elements go: the run's growing arrays (numberRun.ts). */
export interface RunSink {
  count: number;
  /** Room for `more` elements after count. */
  reserve(more: number): void;
  values: Float64Array;
  starts: Int32Array;
  lengths: Uint16Array;
}

export class WasmRunScanner {
  private readonly bytes: Uint8Array;
  private readonly values: Float64Array;
  private readonly starts: Int32Array;
  private readonly lengths: Uint16Array;
  private readonly lineStarts: Int32Array;
  private readonly inPtr: number;
  private readonly valuesPtr: number;
  private readonly startsPtr: number;
  private readonly lengthsPtr: number;
  private readonly linesPtr: number;
  private readonly encoder = new TextEncoder();
  /** The text's characters [windowStart, windowEnd) are encoded at inPtr as `windowBytes` bytes. */
  private windowStart = 0;
  private windowEnd = -1;
  private windowBytes = 0;
  private windowAscii = false;
  /** The size of the next window of this bracket. */
  private nextWindow = FIRST_WINDOW;
  /** After scan(): whether a comma was the last thing read. */
  comma = false;
  /** After scan(): RunStatus. */
  status: RunStatus = RunStatus.Stopped;

  constructor(private readonly exports: NumberRunExports, base: number) {
    // A window of elements is at most one per character.
    this.inPtr = base;
    this.valuesPtr = (base + INPUT_BYTES + 7) & ~7;
    this.startsPtr = this.valuesPtr + WINDOW * 8;
    this.linesPtr = this.startsPtr + WINDOW * 4;
    this.lengthsPtr = this.linesPtr + WINDOW * 4;
    const buffer = exports.memory.buffer;
    this.bytes = new Uint8Array(buffer, this.inPtr, INPUT_BYTES);
    this.values = new Float64Array(buffer, this.valuesPtr, WINDOW);
    this.starts = new Int32Array(buffer, this.startsPtr, WINDOW);
    this.lineStarts = new Int32Array(buffer, this.linesPtr, WINDOW);
    this.lengths = new Uint16Array(buffer, this.lengthsPtr, WINDOW);
  }

  /** A new bracket (of any text) starts: nothing encoded is reused, and windows start small. */
  startRun(): void {
    this.windowEnd = -1;
    this.nextWindow = FIRST_WINDOW;
  }

  /**
   * Reads the bracket of `text` from `pos` into `out` and `lines` until its `]` (status Closed), a
   * character the JavaScript loop must read (Stopped) or the end of the window, when the window
   * holds less than the rest (More: call again). Returns the offset where it ended.
   */
  scan(text: string, pos: number, comma: boolean, out: RunSink, lines: LineTable): number {
    if (!(pos >= this.windowStart && pos < this.windowEnd && this.windowAscii)) this.encode(text, pos);
    const e = this.exports;
    const offset = pos - this.windowStart;
    const last = this.windowEnd === text.length ? 1 : 0;
    const end = e.scan(this.inPtr + offset, this.windowBytes - offset, last, comma ? 1 : 0, pos, this.valuesPtr, this.startsPtr, this.lengthsPtr, this.linesPtr);
    const n = e.scannedElements();
    if (n > 0) {
      out.reserve(n);
      out.values.set(this.values.subarray(0, n), out.count);
      out.starts.set(this.starts.subarray(0, n), out.count);
      out.lengths.set(this.lengths.subarray(0, n), out.count);
      out.count += n;
    }
    const breaks = e.scannedLines();
    for (let k = 0; k < breaks; k++) lines.add(this.lineStarts[k]);
    this.comma = e.scannedComma() === 1;
    this.status = e.scanStatus() as RunStatus;
    // An element cut by the window's end is read again from a new window, a larger one.
    if (this.status === RunStatus.More) this.windowEnd = -1;
    return pos + end;
  }

  private encode(text: string, pos: number): void {
    const size = this.nextWindow;
    this.nextWindow = Math.min(WINDOW, size * 2);
    const end = Math.min(text.length, pos + size);
    const { read, written } = this.encoder.encodeInto(text.substring(pos, end), this.bytes);
    this.windowStart = pos;
    this.windowEnd = pos + read;
    this.windowBytes = written;
    this.windowAscii = read === written;
    this.bytes[written] = 0;
  }
}

let scanner: WasmRunScanner | null | undefined;

/** This thread's scanner; undefined where WebAssembly cannot run or is turned off. */
export function runScanner(): WasmRunScanner | undefined {
  if (!wasmKernelsEnabled()) return undefined;
  if (scanner === undefined) {
    const made = instantiate<NumberRunExports>(NUMBER_RUN_WASM, INPUT_BYTES + 8 + WINDOW * 18);
    scanner = made ? new WasmRunScanner(made.exports, made.base) : null;
  }
  return scanner ?? undefined;
}
