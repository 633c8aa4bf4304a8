/**
 * TF1's SDCA ops (`tf.compat.v1.train.sdca_*`, TF 2.21's raw `gen_sdca_ops` exports): one step of
 * stochastic dual coordinate ascent for linear models, the L1 shrinkage of its weights, and the
 * example-id fingerprints it keys its state by.
 */
import { InputValue, applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import * as raw from './gen/raw_ops';

/**
 * The inputs and attributes of `sdcaOptimizer`: TF's keyword arguments camelCased (the feature,
 * weight and index groups as lists), `adaptative` true by default as in Python.
 */
export type SdcaOptimizerArgs = Parameters<typeof raw.sdcaOptimizer>[0] & { name?: string };

/**
 * `tf.train.sdca_optimizer(sparse_example_indices, ..., loss_type, l1, l2, num_loss_partitions,
 * num_inner_iterations, adaptative=True)`: `SdcaOptimizer`, `[outExampleStateData,
 * outDeltaSparseWeights, outDeltaDenseWeights]`.
 */
export function sdcaOptimizer(args: SdcaOptimizerArgs): [Output, Output[], Output[]] {
  const { name, ...rest } = args;
  const r = raw.sdcaOptimizer({ ...rest, adaptative: rest.adaptative ?? true }, name);
  return [r.outExampleStateData, r.outDeltaSparseWeights, r.outDeltaDenseWeights];
}

/** `tf.train.sdca_fprint(input)`: the 128-bit fingerprints of strings as `[n, 2]` int64 (`SdcaFprint`). */
export function sdcaFprint(input: InputValue, name?: string): Output {
  return raw.sdcaFprint({ input }, name);
}

/**
 * `tf.train.sdca_shrink_l1(weights, l1, l2)`: the weight variables (refs) shrunk in place by the L1
 * and L2 regularization (`SdcaShrinkL1`); the op, which has no outputs.
 */
export function sdcaShrinkL1(weights: InputValue[], l1: number, l2: number, name?: string): Operation {
  return applyOp('SdcaShrinkL1', { weights }, { l1, l2 }, name ?? 'SdcaShrinkL1');
}
