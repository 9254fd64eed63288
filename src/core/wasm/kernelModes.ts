// The hard-label kernel's formulas, by number: one table read by the TypeScript frameworks
// (src/core/frameworks) and compiled into the AssemblyScript kernel (hardLabels.as.ts) alike.
// Valid TypeScript and AssemblyScript both: no other syntax belongs here.

/** q of a hard label as the framework forms it from a float64 probability. */
export const enum KernelMode {
  /** Keras 3: clip p to [lo, hi]. */
  Clip = 0,
  /** tf.keras 2: clip, then add the epsilon inside the log. */
  ClipEpsInLog = 1,
  /** PyTorch BCELoss: p as given; each log clamped at −100 (elements below torchMin take the per-row path). */
  TorchClamp = 2,
  /** scikit-learn ≥ 1.2: columns [1 − p, p] clipped to [lo, hi], then renormalised. */
  ClipColumnsRenormalise = 3,
}
