/**
 * `tf.IndexedSlices`: rows `values` at `indices` (on the first axis) of a tensor of shape
 * `denseShape`, as TF1's gradients of gathers (`embedding_lookup`) are. Optimizers update only
 * those rows (SparseApplyMomentum...); anywhere else it converts to the dense tensor, the rows
 * summed per index, as TF1's conversion function does.
 */
import { ValueError } from '../errors';
import { DType, baseDType, dtypeName } from './dtypes';
import { firstDim } from '../ops/array_ops';
import { applyOp } from './op_def_library';
import { Graph, Operation, Output } from './ops';
import { Tensor } from './tensor';

export class IndexedSlices {
  constructor(readonly values: Output, readonly indices: Output, readonly denseShape: Output | null = null) {}

  get graph(): Graph {
    return this.values.graph;
  }

  get dtype(): DType {
    return this.values.dtype;
  }

  /** The values' name, as TF1's `IndexedSlices.name`. */
  get name(): string {
    return this.values.name;
  }

  /** The values' op, as TF1's `IndexedSlices.op`. */
  get op(): Operation {
    return this.values.op;
  }

  /**
   * The dense tensor (`_indexed_slices_to_tensor`): UnsortedSegmentSum of the values by index
   * into `denseShape[0]` rows. ValueError without a dense shape or for another dtype.
   */
  toOutput(options: { dtype?: DType } = {}): Output {
    if (options.dtype !== undefined && baseDType(options.dtype) !== baseDType(this.dtype)) {
      throw new ValueError(`Incompatible tensor conversion requested to \`dtype\` ${dtypeName(baseDType(options.dtype))} ` +
        `for IndexedSlices (${this}) with dtype ${dtypeName(baseDType(this.dtype))}`);
    }
    if (!this.denseShape) {
      throw new ValueError(`Tensor conversion requested for IndexedSlices for argument \`value\` without dense_shape: ${this}`);
    }
    return applyOp('UnsortedSegmentSum', { data: this.values, segment_ids: this.indices,
      num_segments: firstDim(this.denseShape) }, {}, 'UnsortedSegmentSum').output(0);
  }

  toString(): string {
    return `IndexedSlices(indices=${this.indices}, values=${this.values}` +
      `${this.denseShape ? `, dense_shape=${this.denseShape}` : ''})`;
  }
}

/** A fetched IndexedSlices (`tf.compat.v1.IndexedSlicesValue`): its three tensors' values. */
export class IndexedSlicesValue {
  constructor(readonly values: Tensor, readonly indices: Tensor, readonly denseShape: Tensor | null) {}
}

/** A gradient: a tensor, or rows of one. */
export type Gradient = Output | IndexedSlices;

/** A gradient as a tensor: IndexedSlices made dense, as TF's ops convert them when they take one. */
export function denseGradient(g: Gradient): Output {
  return g instanceof IndexedSlices ? g.toOutput() : g;
}
