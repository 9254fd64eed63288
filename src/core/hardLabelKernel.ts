/**
 * The hard-label loop of BceAccumulator.pushMany in WebAssembly (wasm/hardLabels.as.ts): the
 * same operations in the same order, so the same bits, in a fraction of the time. One instance
 * per thread, reused by every accumulator (pushMany does not re-enter itself).
 */
import { HARD_LABELS_WASM } from './wasm/hardLabelsWasm';
import { instantiate, wasmKernelsEnabled } from './wasmModule';

interface HardLabelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  candidateCount(): number;
  accumulate(
    yPtr: number,
    pPtr: number,
    from: number,
    n: number,
    statePtr: number,
    mode: number,
    lo: number,
    hi: number,
    kerasEpsilon: number,
    torchMin: number,
    renorm: number,
    renormBelow: number,
    bins: number,
    histPtr: number,
    qEnters: number,
    candPtr: number,
    candQPtr: number,
    candCap: number,
  ): number;
}

/** Elements per call: the inputs are copied in slices of this many. */
export const KERNEL_SLICE = 4096;
const CANDIDATES = 256;
const MAX_BINS = 1024;
const STATE = 10;

export class HardLabelKernel {
  /** The slice's labels and probabilities, to be filled by the caller. */
  readonly y: Float64Array;
  readonly p: Float64Array;
  /** productPositive, productNegative, renormPositive, renormNegative, nPositive, nFast, qMin, qMax, pMin, pMax. */
  readonly state: Float64Array;
  /** Counts by 2·bin + label. */
  readonly hist: Int32Array;
  /** Elements of the slice that may enter the worst samples, and their q. */
  readonly candidates: Int32Array;
  readonly candidateQ: Float64Array;
  readonly candidateCap = CANDIDATES;
  private readonly yPtr: number;
  private readonly pPtr: number;
  private readonly statePtr: number;
  private readonly histPtr: number;
  private readonly candPtr: number;
  private readonly candQPtr: number;

  constructor(private readonly exports: HardLabelExports, base: number) {
    this.yPtr = base;
    this.pPtr = this.yPtr + KERNEL_SLICE * 8;
    this.statePtr = this.pPtr + KERNEL_SLICE * 8;
    this.candQPtr = this.statePtr + STATE * 8;
    this.histPtr = this.candQPtr + CANDIDATES * 8;
    this.candPtr = this.histPtr + 2 * MAX_BINS * 4;
    const buffer = exports.memory.buffer;
    this.y = new Float64Array(buffer, this.yPtr, KERNEL_SLICE);
    this.p = new Float64Array(buffer, this.pPtr, KERNEL_SLICE);
    this.state = new Float64Array(buffer, this.statePtr, STATE);
    this.candidateQ = new Float64Array(buffer, this.candQPtr, CANDIDATES);
    this.hist = new Int32Array(buffer, this.histPtr, 2 * MAX_BINS);
    this.candidates = new Int32Array(buffer, this.candPtr, CANDIDATES);
  }

  /** Takes histograms of up to this many bins. */
  static readonly maxBins = MAX_BINS;

  /**
   * Runs the loop over slice elements [from, n): see accumulate() in wasm/hardLabels.as.ts.
   * Returns where it stopped; candidateCount() tells how many candidates it listed.
   */
  run(from: number, n: number, mode: number, lo: number, hi: number, kerasEpsilon: number, torchMin: number, renorm: number, renormBelow: number, bins: number, qEnters: number): number {
    return this.exports.accumulate(this.yPtr, this.pPtr, from, n, this.statePtr, mode, lo, hi, kerasEpsilon, torchMin, renorm, renormBelow, bins, this.histPtr, qEnters, this.candPtr, this.candQPtr, CANDIDATES);
  }

  candidateCount(): number {
    return this.exports.candidateCount();
  }
}

let shared: HardLabelKernel | undefined;

/** This thread's kernel; null where WebAssembly cannot run (or is turned off). */
export function hardLabelKernel(): HardLabelKernel | null {
  if (!wasmKernelsEnabled()) return null;
  if (shared) return shared;
  const made = instantiate<HardLabelExports>(HARD_LABELS_WASM, (2 * KERNEL_SLICE + STATE + CANDIDATES) * 8 + (2 * MAX_BINS + CANDIDATES) * 4);
  if (!made) return null;
  shared = new HardLabelKernel(made.exports, made.base);
  return shared;
}
