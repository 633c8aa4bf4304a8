/**
 * TF1's v1 `tf.TensorArray` (`tensor_array_ops._GraphTensorArray`, what TF 2.21 builds with v2
 * control flow off): a TensorArrayV3 resource and a scalar float `flow` that orders the ops on it.
 * Each write gives a new TensorArray object with the write's flow; pass that one on (through a
 * `whileLoop` too, which carries the flow). Objects made from one array share its element shape,
 * which writes refine and check, and the tensor it is colocated with. In a function being traced
 * (a tf.data function, a branch, a while_v2 loop), TF 2.21's `_GraphTensorArrayV2` instead: no
 * handle, the flow a TensorList variant, the TensorList ops.
 */
import { NotImplementedError, ValueError } from '../errors';
import { DType, baseDType, dtypeName } from '../framework/dtypes';
import { InputValue, constantValue, convertToTensor, graphFromInputs } from '../framework/op_def_library';
import { Graph, Operation, Output, getDefaultGraph } from '../framework/ops';
import { StaticShape, isCompatible, mergeShapes, shapeString } from '../framework/tensor_shape';
import { pyStr } from '../util/python_repr';
import { ShapeLike, cast, identity, shape, sliceOf } from './array_ops';
import * as raw from './gen/raw_ops';
import { range } from './math_ops';
import { pythonNumber, pythonType } from './python_type';

export interface TensorArrayOptions {
  /** The number of elements (an int32 scalar); required unless `handle` is given. */
  size?: InputValue;
  /** Whether writes may grow the array past `size` (default false). */
  dynamicSize?: boolean;
  /** Whether a read clears the element it reads (default true). */
  clearAfterRead?: boolean;
  /** The name of the array resource (not with `handle`). */
  tensorArrayName?: string;
  /** The handle of an existing array (graph mode); `flow` then too. */
  handle?: Output;
  /** The flow of an existing array, with `handle`. */
  flow?: Output;
  /** Whether all elements have one shape, inferred from the writes (default true). */
  inferShape?: boolean;
  /** The elements' shape, as far as known (default: unknown). */
  elementShape?: ShapeLike | null;
  /** Whether the array goes with the tensor of its first write (default true). */
  colocateWithFirstWriteCall?: boolean;
  name?: string;
}

/** `list_ops._build_element_shape`: -1 for an unknown shape, an int32 Const for a scalar's, else the dims (-1 unknown). */
function listElementShape(s: StaticShape, graph: Graph): InputValue {
  if (s === null) return -1;
  if (s.length === 0) return convertToTensor([], { dtype: DType.int32, graph });
  return s.map((d) => d ?? -1);
}

/**
 * `tf.TensorArray` in graph mode, with TF1's v1 ops (TensorArrayV3 and its read, write, ... ops);
 * in a function being traced, or on a variant flow, with the TensorList ops (`_GraphTensorArrayV2`).
 */
export class TensorArray {
  readonly dtype: DType;
  /** The TensorArrayV3 resource; null for a TensorList (`_GraphTensorArrayV2`). */
  readonly handle: Output | null;
  readonly flow: Output;
  /** Whether a TensorList (`_GraphTensorArrayV2`) holds the elements. */
  private readonly isList: boolean;
  /** Whether all elements have one shape. */
  private readonly inferShape: boolean;
  private dynamic: boolean;
  private sizeValue: InputValue | undefined;
  /** The element shape, one box for every object of the array (TF1's one-element list). */
  private elementShapeBox: { shape: (number | null)[] | null };
  private readonly colocateWithFirstWriteCall: boolean;
  /** The tensor the array's writes are colocated with (the first write's), shared likewise. */
  private colocateWithList: Output[] | null;

  constructor(dtype: DType, options: TensorArrayOptions = {}) {
    const { handle, size, flow } = options;
    this.isList = handle === undefined && (flow?.dtype === DType.variant || !!getDefaultGraph().captureOuter);
    if (this.isList) {
      this.dtype = baseDType(dtype);
      this.flow = this.listFlow(options);
      this.handle = null;
      this.dynamic = options.dynamicSize ?? false;
      this.sizeValue = size;
      this.elementShapeBox = { shape: options.elementShape == null ? null : [...options.elementShape] };
      this.inferShape = options.inferShape ?? true;
      this.colocateWithFirstWriteCall = false;
      this.colocateWithList = null;
      return;
    }
    if (handle !== undefined && options.tensorArrayName) {
      throw new ValueError('Cannot provide both `handle` and `tensor_array_name` arguments at the same time.');
    }
    if (handle !== undefined && !(handle instanceof Output)) {
      throw new TypeError(`Expected \`handle\` to be a Tensor, but got \`${pyStr(handle)}\` of type ` +
        `\`${pythonType(handle)}\` instead.`);
    }
    if (handle === undefined && size === undefined) {
      throw new ValueError('Argument `size` must be provided if handle is not provided.');
    }
    if (handle !== undefined && size !== undefined) {
      throw new ValueError('Cannot provide both a `handle` and `size` arguments at the same time.');
    }
    if (handle !== undefined && options.elementShape !== undefined) {
      throw new ValueError('Cannot provide both `handle` and `element_shape` arguments at the same time.');
    }
    if (handle !== undefined && options.dynamicSize !== undefined) {
      throw new ValueError('Cannot provide both `handle` and `dynamic_size` arguments at the same time.');
    }
    if (handle !== undefined && options.clearAfterRead !== undefined) {
      throw new ValueError('Cannot provide both `handle` and `clear_after_read` arguments at the same time.');
    }
    this.dynamic = options.dynamicSize ?? false;
    this.dtype = baseDType(dtype);
    this.colocateWithFirstWriteCall = options.colocateWithFirstWriteCall ?? true;
    this.colocateWithList = this.colocateWithFirstWriteCall ? [] : null;
    const elementShape = options.elementShape ?? null;
    this.elementShapeBox = { shape: elementShape === null ? null : [...elementShape] };
    this.inferShape = options.inferShape ?? true;
    this.sizeValue = size;
    const graph = graphFromInputs([handle, size, flow]);
    [this.handle, this.flow] = graph.asDefault(() => graph.nameScope(options.name ?? 'TensorArray', (scope) => {
      if (handle !== undefined) {
        if (flow === undefined) throw new ValueError('flow must not be None if handle is not None.');
        return [handle, flow];
      }
      const create = () => {
        const ta = raw.tensorArrayV3({ size: size!, dtype: this.dtype, elementShape, identicalElementShapes: this.inferShape,
          dynamicSize: this.dynamic, clearAfterRead: options.clearAfterRead ?? true,
          tensorArrayName: options.tensorArrayName ?? '' }, scope);
        return [ta.handle, ta.flow];
      };
      // Made with no device: the first write's tensor places it.
      return this.colocateWithFirstWriteCall ? graph.device(null, () => graph.colocateWith(null, create, true)) : create();
    }));
  }

  /** The static shape of the elements (null: unknown rank). */
  get elementShape(): (number | null)[] | null {
    const s = this.elementShapeBox.shape;
    return s === null ? null : [...s];
  }

  /** Whether writes may grow the array. */
  get dynamicSize(): boolean {
    return this.dynamic;
  }

  /** The graph its ops go in: a function's being traced (that captures the flow), as TF builds them, else the flow's. */
  private get graph(): Graph {
    const current = getDefaultGraph();
    return current.captureOuter ? current : this.flow.graph;
  }

  /** The TensorArrayV3 resource of a v1 array. */
  private get resource(): Output {
    return this.handle!;
  }

  /** `_GraphTensorArrayV2.__init__`: the given variant flow, or a TensorListReserve of `size` elements. */
  private listFlow(options: TensorArrayOptions): Output {
    const { size, flow } = options;
    if (flow !== undefined && flow.dtype !== DType.variant) {
      throw new TypeError(`Expected \`flow\` to be a variant tensor, but received \`${dtypeName(flow.dtype)}\` instead.`);
    }
    if (flow === undefined && size === undefined) {
      throw new ValueError('Argument `size` must be provided if argument `flow` is not provided.');
    }
    if (flow !== undefined && size !== undefined) throw new ValueError('Cannot provide both `flow` and `size` arguments at the same time.');
    if (flow !== undefined && options.elementShape != null) {
      throw new ValueError('Cannot provide both `flow` and `element_shape` argumentsat the same time.');
    }
    const graph = flow?.graph ?? getDefaultGraph();
    return graph.asDefault(() => graph.nameScope(options.name ?? 'TensorArrayV2', (scope) => flow ?? raw.tensorListReserve({
      elementShape: listElementShape(options.elementShape == null ? null : [...options.elementShape], graph),
      numElements: size!, elementDtype: this.dtype }, scope)));
  }

  /** `graph.asDefault` and a name scope, as TF1's `ops.name_scope(name, default, values)`. */
  private scoped<T>(name: string | undefined, defaultName: string, fn: (scope: string) => T): T {
    return this.graph.asDefault(() => this.graph.nameScope(name ?? defaultName, fn));
  }

  /** @internal `build_ta_with_new_flow`: this array with `flow`, sharing its element shape and colocation. */
  withFlow(flow: Output): TensorArray {
    const ta = new TensorArray(this.dtype, { handle: this.handle ?? undefined, flow, inferShape: this.inferShape,
      colocateWithFirstWriteCall: this.colocateWithFirstWriteCall });
    ta.dynamic = this.dynamic;
    ta.sizeValue = this.sizeValue;
    ta.colocateWithList = this.colocateWithList;
    ta.elementShapeBox = this.elementShapeBox;
    return ta;
  }

  /** `_check_element_shape`: `shape` must fit the element shape, which it then refines. */
  private checkElementShape(s: StaticShape): void {
    const current = this.elementShapeBox.shape;
    if (!isCompatible(s, current)) {
      throw new ValueError(`Inconsistent shapes: saw ${shapeString(s)} but expected ${shapeString(current)} `);
    }
    if (this.inferShape) this.elementShapeBox.shape = mergeShapes(current, s);
  }

  /** `_maybe_colocate_with`: `fn` colocated with the array's first written tensor (this one if first). */
  private maybeColocateWith<T>(value: Output, fn: () => T): T {
    if (this.colocateWithList === null) return fn();
    if (this.colocateWithList.length === 0) this.colocateWithList.push(value);
    return this.graph.colocateWith(this.colocateWithList[0], fn);
  }

  /** The array with its flow through an Identity (for control dependencies of a context). */
  identity(): TensorArray {
    return this.graph.asDefault(() => this.withFlow(identity(this.flow)));
  }

  /**
   * The gradient array of this one for gradient computation `source` (TensorArrayGradV3), made
   * once `flow` (default: this array's) is ready; it shares this array's element shape.
   */
  grad(source: string, flow?: Output, name?: string): TensorArray {
    if (this.isList) throw new NotImplementedError();
    const flowIn = flow ?? this.flow;
    return this.scoped(name, 'TensorArrayGrad', () => this.graph.colocateWith(this.resource, () => {
      const { gradHandle } = raw.tensorArrayGradV3({ handle: this.resource, source, flowIn }, name);
      const gradFlow = this.graph.controlDependencies([gradHandle], () => identity(flowIn, 'gradient_flow'));
      const g = new TensorArray(this.dtype, { handle: gradHandle, flow: gradFlow, inferShape: this.inferShape,
        colocateWithFirstWriteCall: false });
      g.elementShapeBox = this.elementShapeBox;
      return g;
    }));
  }

  /** The element at `index` (an int32 scalar). */
  read(index: InputValue, name?: string): Output {
    if (this.isList) {
      return this.scoped(name, 'TensorArrayV2Read', () => raw.tensorListGetItem({ inputHandle: this.flow, index,
        elementShape: listElementShape(this.elementShapeBox.shape, this.graph), elementDtype: this.dtype }, name));
    }
    const value = this.graph.asDefault(() => raw.tensorArrayReadV3({ handle: this.resource, index, flowIn: this.flow,
      dtype: this.dtype }, name));
    value.setShape(this.elementShapeBox.shape);
    return value;
  }

  /** Writes `value` at `index`; gives the array after the write. */
  write(index: InputValue, value: InputValue, name?: string): TensorArray {
    return this.scoped(name, this.isList ? 'TensorArrayV2Write' : 'TensorArrayWrite', () => {
      const v = convertToTensor(value, { preferredDtype: this.dtype, name: 'value', graph: this.graph });
      this.checkElementShape(v.shape);
      if (this.isList) {
        return this.withFlow(raw.tensorListSetItem({ inputHandle: this.flow, index, item: v,
          resizeIfIndexOutOfBounds: this.dynamic }, name));
      }
      const flowOut = this.maybeColocateWith(v, () => raw.tensorArrayWriteV3({ handle: this.resource, index, value: v,
        flowIn: this.flow }, name));
      return this.withFlow(flowOut);
    });
  }

  /** All the elements stacked on a new first axis. */
  stack(name?: string): Output {
    if (this.isList) {
      return this.scoped(name, 'TensorArrayV2Stack', () => raw.tensorListStack({ inputHandle: this.flow,
        elementShape: listElementShape(this.elementShapeBox.shape, this.graph), elementDtype: this.dtype,
        numElements: (!this.dynamic && this.sizeValue !== undefined ? staticValue(this.sizeValue) : null) ?? -1 }));
    }
    return this.graph.colocateWith(this.resource, () => this.scoped(name, 'TensorArrayStack', () => {
      const value = this.gather(range(0, this.size()), name);
      const es = this.elementShapeBox.shape;
      if (es !== null && !this.dynamic && this.sizeValue !== undefined) value.setShape([staticValue(this.sizeValue), ...es]);
      return value;
    }));
  }

  /** The elements at `indices` (a 1-D int32 tensor), stacked. */
  gather(indices: InputValue, name?: string): Output {
    const es = this.elementShapeBox.shape;
    if (this.isList) {
      return this.graph.asDefault(() => raw.tensorListGather({ inputHandle: this.flow, indices,
        elementShape: listElementShape(es, this.graph), elementDtype: this.dtype }, name));
    }
    const value = this.graph.asDefault(() => raw.tensorArrayGatherV3({ handle: this.resource, indices, flowIn: this.flow,
      dtype: this.dtype, elementShape: es }, name));
    if (es !== null) value.setShape([null, ...es]);
    return value;
  }

  /** All the elements concatenated on their first axis. */
  concat(name?: string): Output {
    const es = this.elementShapeBox.shape;
    if (this.isList) {
      return this.graph.asDefault(() => raw.tensorListConcatV2({ inputHandle: this.flow,
        elementShape: listElementShape(es === null ? null : [null, ...es.slice(1)], this.graph),
        leadingDims: convertToTensor([], { dtype: DType.int64, graph: this.graph }), elementDtype: this.dtype }, name).tensor);
    }
    const { value } = this.graph.asDefault(() => raw.tensorArrayConcatV3({ handle: this.resource, flowIn: this.flow,
      dtype: this.dtype, elementShapeExcept0: es === null ? null : es.slice(1) }, name));
    if (es !== null) {
      let dim0: number | null = null;
      if (this.inferShape) {
        const size = staticValue(this.size());
        if (size !== null && es[0] !== null) dim0 = size * es[0];
      }
      value.setShape([dim0, ...es.slice(1)]);
    }
    return value;
  }

  /** Writes the slices of `value` on its first axis as the elements; gives the array after. */
  unstack(value: InputValue, name?: string): TensorArray {
    return this.scoped(name, 'TensorArrayUnstack', () => {
      if (this.isList) {
        const v = convertToTensor(value, { preferredDtype: this.dtype, name: 'value', graph: this.graph });
        const es = v.shape === null ? null : v.shape.slice(1);
        this.checkElementShape(es);
        return this.withFlow(raw.tensorListFromTensor({ tensor: v, elementShape: listElementShape(es, this.graph) }));
      }
      const numElements = sliceOf(shape(value), [0]);
      return this.scatter(range(0, numElements), value, name);
    });
  }

  /** Writes the slices of `value` on its first axis at `indices`; gives the array after. */
  scatter(indices: InputValue, value: InputValue, name?: string): TensorArray {
    return this.scoped(name, 'TensorArrayScatter', () => {
      const v = convertToTensor(value, { preferredDtype: this.dtype, name: 'value', graph: this.graph });
      this.checkElementShape(v.shape === null ? null : v.shape.slice(1));
      if (this.isList) return this.withFlow(raw.tensorListScatterIntoExistingList({ inputHandle: this.flow, tensor: v, indices }));
      const flowOut = this.maybeColocateWith(v, () => raw.tensorArrayScatterV3({ handle: this.resource, indices, value: v,
        flowIn: this.flow }, name));
      return this.withFlow(flowOut);
    });
  }

  /** Writes `value` split on its first axis into pieces of `lengths` as the elements; gives the array after. */
  split(value: InputValue, lengths: InputValue, name?: string): TensorArray {
    return this.scoped(name, 'TensorArraySplit', () => {
      const v = convertToTensor(value, { dtype: this.dtype, name: 'value', graph: this.graph });
      const flowOut = this.maybeColocateWith(v, () => {
        const lengths64 = cast(pythonNumber(lengths) as InputValue, DType.int64);
        const c = constantValue(lengths64);
        if (v.shape !== null && c !== null && c.shape.length > 0) {
          const l = Array.from(c.data as BigInt64Array, Number);
          if (Math.max(...l) === Math.min(...l)) this.checkElementShape([l[0], ...v.shape.slice(1)]);
        }
        if (this.isList) {
          return raw.tensorListSplit({ tensor: v, elementShape: listElementShape(this.elementShapeBox.shape, this.graph),
            lengths: lengths64 }, name);
        }
        return raw.tensorArraySplitV3({ handle: this.resource, value: v, lengths: lengths64, flowIn: this.flow }, name);
      });
      return this.withFlow(flowOut);
    });
  }

  /** The number of elements: the static size as a tensor, or a TensorArraySizeV3 of a dynamic array. */
  size(name?: string): Output {
    if (!this.dynamic && this.sizeValue !== undefined) {
      return convertToTensor(this.sizeValue, { dtype: DType.int32, graph: this.graph });
    }
    if (this.isList) return this.graph.asDefault(() => raw.tensorListLength({ inputHandle: this.flow }, name));
    return this.graph.asDefault(() => raw.tensorArraySizeV3({ handle: this.resource, flowIn: this.flow }, name));
  }

  /** Closes the array (TensorArrayCloseV3). */
  close(name?: string): Operation {
    if (this.isList) return this.graph.asDefault(() => raw.noOp({}, name));
    return this.graph.asDefault(() => raw.tensorArrayCloseV3({ handle: this.resource }, name));
  }
}

/** `tensor_util.constant_value` of a size: a number, or null when not constant. */
function staticValue(size: InputValue): number | null {
  if (typeof size === 'number') return size;
  if (!(size instanceof Output)) return null;
  const c = constantValue(size);
  return c === null ? null : Number(c.item());
}
