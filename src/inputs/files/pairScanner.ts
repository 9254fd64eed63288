/**
 * The WebAssembly scanner for rows "label,0.ddd…" (wasm/pairScan.as.ts): the doubles parseFloat
 * gives, as the reader's byte scanner (scanNumber) reads them, in less time. Its module also
 * carries the core's hard-label loop, attached to its memory: a reader takes the scanner's arrays
 * as its batch, the scanner writes rows there, and the accumulators sum them in place, with no
 * copy. Where WebAssembly is missing, refused or turned off (the core's useWasmKernels), create()
 * gives undefined and the reader takes every row through its JavaScript path.
 */
import { ATTACHED_KERNEL_BYTES, attachHardLabelKernel, instantiate, wasmKernelsEnabled, type HardLabelExports } from '../../core';
import { PAIR_SCAN_WASM } from './wasm/pairScanWasm';

interface PairScanExports extends HardLabelExports {
  heapBase(): number;
  scannedRows(): number;
  scan(pos: number, limit: number, delimiter: number, outY: number, outP: number, outLine: number, cap: number, line: number): number;
}

/** Bytes copied into the module at a time (cut at the last line break). */
const WINDOW_BYTES = 256 * 1024;
/** The largest chunk a source may read straight into the module (readBuffer). */
const READ_BYTES = 1024 * 1024;
/** The kernel reads 16-byte vectors, up to 36 bytes past a row's start: this much must be readable after a window. */
const PADDING = 64;
/** Released scanners kept for the next reader (a CLI thread reads many byte ranges). */
const POOL_SIZE = 4;
const pool: WasmPairScanner[] = [];

export class WasmPairScanner {
  /** Labels, probabilities and line numbers of up to maxRows rows: the reader's batch arrays. */
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
  private readonly readPtr: number;
  /** The caller's bytes [windowStart, windowEnd) are in the module; windowEnd < 0: none. */
  private windowStart = 0;
  private windowEnd = -1;

  /** A scanner for up to `maxRows` rows; undefined when WebAssembly cannot run here. */
  static create(maxRows: number): WasmPairScanner | undefined {
    if (!wasmKernelsEnabled()) return undefined;
    const k = pool.findIndex((s) => s.maxRows === maxRows);
    if (k >= 0) {
      const s = pool.splice(k, 1)[0];
      s.reset();
      return s;
    }
    const made = instantiate<PairScanExports>(PAIR_SCAN_WASM, ATTACHED_KERNEL_BYTES + maxRows * 24 + WINDOW_BYTES + PADDING + READ_BYTES + PADDING);
    return made ? new WasmPairScanner(made.exports, made.base, maxRows) : undefined;
  }

  private constructor(
    private readonly exports: PairScanExports,
    base: number,
    private readonly maxRows: number,
  ) {
    attachHardLabelKernel(exports, base);
    this.yPtr = base + ATTACHED_KERNEL_BYTES;
    this.pPtr = this.yPtr + maxRows * 8;
    this.linePtr = this.pPtr + maxRows * 8;
    this.inPtr = this.linePtr + maxRows * 8;
    this.readPtr = this.inPtr + WINDOW_BYTES + PADDING;
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

  /** A buffer in the module's memory for a source to read a chunk into; scan() then reads it in place. */
  readBuffer(size: number): Uint8Array | undefined {
    return size <= READ_BYTES ? new Uint8Array(this.bytes.buffer, this.readPtr, size) : undefined;
  }

  /** Gives the scanner back once its reader has flushed its last batch (the arrays are reused). */
  release(): void {
    if (pool.length < POOL_SIZE && !pool.includes(this)) pool.push(this);
  }

  /**
   * Reads rows "[01]<delimiter>0.<up to 20 digits, 18 after leading zeros>" from b[pos]
   * (b[limit − 1] is a line feed) until limit, `cap` rows or a row of any other form; the rows go to
   * y, p and line from index `at` (numbered from `line`), their count to `rows`. Returns where it stopped.
   */
  scan(b: Uint8Array, pos: number, limit: number, delimiter: number, cap: number, line: number, at: number): number {
    const want = Math.min(cap, this.maxRows - at);
    if (b.buffer === this.bytes.buffer && b.byteOffset === this.readPtr) {
      // Read into readBuffer(): scanned where it is (PADDING readable bytes follow it).
      const from = this.readPtr + pos;
      const offset = at * 8;
      const stop = this.exports.scan(from, this.readPtr + limit, delimiter, this.yPtr + offset, this.pPtr + offset, this.linePtr + offset, want, line);
      this.rows = this.exports.scannedRows();
      return pos + (stop - from);
    }
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
      const offset = (at + rows) * 8;
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
