/**
 * The `train` namespace (`tf.compat.v1.train`): hooks, sessions, Saver, optimizers, global step.
 * Each module below is one of TF1's; add exports here as modules land.
 */
export {};
