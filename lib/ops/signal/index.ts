/**
 * `tf.signal` (TF1's `tf.compat.v1.signal`, after TF 2.21's `tensorflow/python/ops/signal/`): FFTs,
 * framing and overlap-add, windows, STFTs, mel matrices, MFCCs and DCTs.
 */
export * from './fft_ops';
export * from './shape_ops';
export * from './window_ops';
export * from './reconstruction_ops';
export * from './spectral_ops';
export * from './mel_ops';
export * from './mfcc_ops';
export * from './dct_ops';
