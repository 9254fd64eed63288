/** Reductions as the frameworks name them (Keras 3 accepts 'mean' as an alias of sum_over_batch_size). */
export type Reduction = 'sum_over_batch_size' | 'mean' | 'sum' | 'none' | 'mean_with_sample_weight';
export type Dtype = 'float64' | 'float32';
