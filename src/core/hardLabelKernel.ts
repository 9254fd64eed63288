/**
 * The hard-label loop of BceAccumulator.pushMany in WebAssembly (wasm/hardLabels.as.ts): the
 * same operations in the same order, so the same bits, in a fraction of the time. A thread has
 * one kernel of its own, into which pushMany copies the elements; a reader whose rows already sit
 * in the memory of a module that carries the same loop (the CSV pair scanner does) attaches a
 * kernel to it, and pushMany then reads the rows where they are.
 */
import { HARD_LABELS_WASM } from './wasm/hardLabelsWasm';
import { instantiate, wasmKernelsEnabled } from './wasmModule';

/** What a module carrying the loop exports. */
export interface HardLabelExports {
  memory: WebAssembly.Memory;
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

/** Elements per call when they are copied in. */
export const KERNEL_SLICE = 4096;
const CANDIDATES = 256;
const MAX_BINS = 1024;
/**
 * Where each running total sits in the kernel's state (f64 slots, as in wasm/hardLabels.as.ts): lane
 * pairs first (elements at even, then odd indices), then the totals over both lanes.
 */
export const SLOT = {
  productPositive: 0,
  productNegative: 2,
  qMin: 4,
  qMax: 6,
  pMin: 8,
  pMax: 10,
  renormPositive: 12,
  renormNegative: 13,
  nPositive: 14,
  nFast: 15,
} as const;
/** Slots in the kernel's running state. */
export const HARD_LABEL_STATE = 16;
/** Bytes of a kernel's own buffers: state, candidates, histogram. */
const KERNEL_BYTES = HARD_LABEL_STATE * 8 + CANDIDATES * 8 + 2 * MAX_BINS * 4 + CANDIDATES * 4;
/** Bytes of the thread kernel's copy buffers. */
const SLICE_BYTES = 2 * KERNEL_SLICE * 8;

/** What one pushMany's loop computes, the same for each of its slices: the formula, its guard, the histogram's bins. */
export interface KernelFormula {
  /** A KernelMode: the framework's element formula. */
  mode: number;
  /** The guard's bounds on q. */
  lo: number;
  hi: number;
  kerasEpsilon: number;
  torchMin: number;
  renorm: number;
  renormBelow: number;
  bins: number;
}

/** Elements [from, to) of the f64 arrays at byte addresses yPtr and pPtr of the module's memory. */
export interface KernelSlice {
  yPtr: number;
  pPtr: number;
  from: number;
  to: number;
  /** An element whose q is at most this may enter the worst samples: the kernel lists it. */
  qEnters: number;
}

export class HardLabelKernel {
  /** Takes histograms of up to this many bins. */
  static readonly maxBins = MAX_BINS;
  /** The running totals, by SLOT. */
  readonly state: Float64Array;
  /** Counts by 2·bin + label. */
  readonly hist: Int32Array;
  /** Elements that may enter the worst samples (indices from the yPtr given to run), and their q. */
  readonly candidates: Int32Array;
  readonly candidateQ: Float64Array;
  readonly candidateCap = CANDIDATES;
  readonly buffer: ArrayBuffer;
  private readonly statePtr: number;
  private readonly histPtr: number;
  private readonly candPtr: number;
  private readonly candQPtr: number;

  /** A kernel whose buffers take KERNEL_BYTES at `base` in the module's memory. */
  constructor(
    private readonly exports: HardLabelExports,
    base: number,
  ) {
    this.statePtr = base;
    this.candQPtr = this.statePtr + HARD_LABEL_STATE * 8;
    this.histPtr = this.candQPtr + CANDIDATES * 8;
    this.candPtr = this.histPtr + 2 * MAX_BINS * 4;
    this.buffer = exports.memory.buffer;
    this.state = new Float64Array(this.buffer, this.statePtr, HARD_LABEL_STATE);
    this.candidateQ = new Float64Array(this.buffer, this.candQPtr, CANDIDATES);
    this.hist = new Int32Array(this.buffer, this.histPtr, 2 * MAX_BINS);
    this.candidates = new Int32Array(this.buffer, this.candPtr, CANDIDATES);
  }

  /**
   * Runs the loop over the slice's elements: see accumulate() in wasm/hardLabels.as.ts. Returns
   * where it stopped; candidateCount() tells how many candidates it listed.
   */
  run(slice: KernelSlice, f: KernelFormula): number {
    return this.exports.accumulate(slice.yPtr, slice.pPtr, slice.from, slice.to, this.statePtr, f.mode, f.lo, f.hi, f.kerasEpsilon, f.torchMin, f.renorm, f.renormBelow, f.bins, this.histPtr, slice.qEnters, this.candPtr, this.candQPtr, CANDIDATES);
  }

  candidateCount(): number {
    return this.exports.candidateCount();
  }
}

/** The thread's kernel, with the buffers pushMany copies slices into. */
export class CopyingKernel extends HardLabelKernel {
  readonly y: Float64Array;
  readonly p: Float64Array;
  readonly yPtr: number;
  readonly pPtr: number;

  constructor(exports: HardLabelExports, base: number) {
    super(exports, base + SLICE_BYTES);
    this.yPtr = base;
    this.pPtr = base + KERNEL_SLICE * 8;
    this.y = new Float64Array(this.buffer, this.yPtr, KERNEL_SLICE);
    this.p = new Float64Array(this.buffer, this.pPtr, KERNEL_SLICE);
  }
}

let shared: CopyingKernel | undefined;
/** Kernels attached to other modules' memories, by the memory's buffer. */
const attached = new WeakMap<ArrayBuffer, HardLabelKernel>();

/** This thread's kernel; null where WebAssembly cannot run (or is turned off). */
export function hardLabelKernel(): CopyingKernel | null {
  if (!wasmKernelsEnabled()) return null;
  if (shared) return shared;
  const made = instantiate<HardLabelExports & { heapBase(): number }>(HARD_LABELS_WASM, SLICE_BYTES + KERNEL_BYTES);
  if (!made) return null;
  shared = new CopyingKernel(made.exports, made.base);
  return shared;
}

/** The kernel of the memory that holds both y and p, when one is attached there. */
export function attachedKernel(y: ArrayLike<number>, p: ArrayLike<number>): HardLabelKernel | undefined {
  if (!(y instanceof Float64Array) || !(p instanceof Float64Array) || y.buffer !== p.buffer || !wasmKernelsEnabled()) return undefined;
  return attached.get(y.buffer as ArrayBuffer);
}

/** Bytes attachHardLabelKernel takes from its base. */
export const ATTACHED_KERNEL_BYTES = KERNEL_BYTES;

/**
 * Attaches a kernel to a module that exports the loop (its memory must not grow afterwards):
 * its buffers take ATTACHED_KERNEL_BYTES from `base`. pushMany then reads arrays that are views
 * of this memory in place.
 */
export function attachHardLabelKernel(exports: HardLabelExports, base: number): void {
  attached.set(exports.memory.buffer, new HardLabelKernel(exports, base));
}
