/**
 * The WebAssembly scanner for rows "label,0.ddd…" (wasm/pairScan.as.ts): the same rows and the
 * same doubles as the JavaScript scanPairs in csv.ts, in less time. One instance per thread; where
 * WebAssembly is missing, refused or turned off (the core's useWasmKernels), create() gives
 * undefined and the JavaScript scanner reads every row.
 */
import { instantiate, wasmKernelsEnabled } from '../../core';
import { PAIR_SCAN_WASM } from './wasm/pairScanWasm';

interface PairScanExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  scannedRows(): number;
  scan(pos: number, limit: number, delimiter: number, outY: number, outP: number, outLine: number, cap: number, line: number): number;
}

/** Bytes copied into the module at a time (cut at the last line break). */
const WINDOW_BYTES = 256 * 1024;
/** The kernel reads whole 8-byte words: this much must be readable after a window. */
const PADDING = 64;

let shared: WasmPairScanner | undefined;

export class WasmPairScanner {
  /** Labels, probabilities and line numbers of the rows the last scan read. */
  readonly y: Float64Array;
  readonly p: Float64Array;
  readonly line: Float64Array;
  /** Rows the last scan read. */
  rows = 0;
  private readonly bytes: Uint8Array;
  private readonly inPtr: number;
  private readonly yPtr: number;
  private readonly pPtr: number;
  private readonly linePtr: number;
  /** The caller's bytes [windowStart, windowEnd) are in the module; windowEnd < 0: none. */
  private windowStart = 0;
  private windowEnd = -1;

  /** A scanner for up to `maxRows` rows a scan; undefined when WebAssembly cannot run here. */
  static create(maxRows: number): WasmPairScanner | undefined {
    // One instance per thread: every scan runs inside one synchronous pairRegion call (reset()
    // first), so readers can share it, and a thread does not reserve a wasm memory per byte range.
    if (shared && shared.maxRows >= maxRows) {
      if (!wasmKernelsEnabled()) return undefined;
      shared.reset();
      return shared;
    }
    const made = instantiate<PairScanExports>(PAIR_SCAN_WASM, maxRows * 24 + WINDOW_BYTES + PADDING);
    if (!made) return undefined;
    shared = new WasmPairScanner(made.exports, made.base, maxRows);
    return shared;
  }

  private constructor(
    private readonly exports: PairScanExports,
    base: number,
    private readonly maxRows: number,
  ) {
    this.yPtr = base;
    this.pPtr = this.yPtr + maxRows * 8;
    this.linePtr = this.pPtr + maxRows * 8;
    this.inPtr = this.linePtr + maxRows * 8;
    const buffer = exports.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.y = new Float64Array(buffer, this.yPtr, maxRows);
    this.p = new Float64Array(buffer, this.pPtr, maxRows);
    this.line = new Float64Array(buffer, this.linePtr, maxRows);
  }

  /** The caller's buffer holds new bytes: forget the copied window. */
  reset(): void {
    this.windowEnd = -1;
  }

  /**
   * Reads rows "[01]<delimiter>0.<up to 18 digits>" from b[pos] (b[limit − 1] is a line feed) until
   * limit, `cap` rows or a row of any other form; the rows go to y, p and line (numbered from
   * `line`), their count to `rows`. Returns where it stopped.
   */
  scan(b: Uint8Array, pos: number, limit: number, delimiter: number, cap: number, line: number): number {
    const want = Math.min(cap, this.maxRows);
    let rows = 0;
    while (rows < want && pos < limit) {
      if (pos < this.windowStart || pos >= this.windowEnd) {
        let end = Math.min(limit, pos + WINDOW_BYTES);
        if (end < limit) {
          end = b.lastIndexOf(10, end - 1) + 1;
          if (end <= pos) break; // a line longer than the window: the JavaScript reader takes it
        }
        this.bytes.set(b.subarray(pos, end), this.inPtr);
        this.windowStart = pos;
        this.windowEnd = end;
      }
      const from = this.inPtr + (pos - this.windowStart);
      const offset = rows * 8;
      const stop = this.exports.scan(from, this.inPtr + (this.windowEnd - this.windowStart), delimiter, this.yPtr + offset, this.pPtr + offset, this.linePtr + offset, want - rows, line + rows);
      rows += this.exports.scannedRows();
      pos += stop - from;
      // Stopped inside the window: a row of another form.
      if (pos < this.windowEnd) break;
    }
    this.rows = rows;
    return pos;
  }
}
