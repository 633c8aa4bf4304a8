/**
 * TF1's `tf.compat.v1.data.Iterator` (`data/ops/iterator_ops.py`) in graph mode: an iterator
 * resource, its string handle, and the IteratorGetNext ops that give an element's components.
 */
import { ValueError } from '../errors';
import { DType, dtypeName } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Operation, Output, getDefaultGraph } from '../framework/ops';
import { StaticShape, isCompatible } from '../framework/tensor_shape';
import { SparseTensor } from '../framework/sparse_tensor';
import { Nested, assertSameStructure, flatten } from '../util/nest';
import type { Dataset } from './dataset_ops';
import { Optional } from './optional_ops';
import {
  Component, ElementSpec, SparseTensorSpec, TensorSpec, flatAttrs, flattenUpTo, fromTensorList, mapSpec, packSpec,
  specString, tensorShapeRepr,
} from './structure';

/** The collection of the iterators' resources (`iterator_ops.GLOBAL_ITERATORS`). */
export const GLOBAL_ITERATORS = 'iterators';

/** A component's class, as `output_classes` gives it: Output (Python's `tf.Tensor`) or SparseTensor. */
export type OutputClass = typeof Output | typeof SparseTensor;

/**
 * `structure.convert_legacy_structure`: the spec of types nested with their shapes (all unknown
 * when not given) and classes (Output unless given), as `from_structure` takes them.
 */
function legacySpec(types: Nested<DType>, shapes?: unknown, classes?: Nested<OutputClass>): ElementSpec {
  const flatShapes = shapes === undefined ? flatten(types).map(() => null) : flattenUpTo(types, shapes) as StaticShape[];
  const flatClasses = classes === undefined ? flatten(types).map(() => Output) : flattenUpTo(types, classes) as OutputClass[];
  return packSpec(types, flatten(types).map((t, i) => (flatClasses[i] === SparseTensor
    ? new SparseTensorSpec(flatShapes[i], t) : new TensorSpec(flatShapes[i], t))));
}

/** A structure of classes as Python's repr shows them. */
function classesRepr(spec: ElementSpec): string {
  return specString(spec, (s) => (s instanceof SparseTensorSpec
    ? "<class 'tensorflow.python.framework.sparse_tensor.SparseTensor'>" : "<class 'tensorflow.python.framework.tensor.Tensor'>"));
}

/** `tf.compat.v1.data.Iterator`. */
export class Iterator {
  private readonly handle: Output;

  constructor(readonly iteratorResource: Output, private readonly init: Operation | null, readonly elementSpec: ElementSpec) {
    this.handle = applyOp('IteratorToStringHandle', { resource_handle: iteratorResource }).output(0);
    iteratorResource.graph.addToCollection(GLOBAL_ITERATORS, iteratorResource);
  }

  /**
   * `Iterator.from_structure(output_types, output_shapes=None, shared_name=None,
   * output_classes=None)`: an iterator of no dataset yet, to initialize with
   * `makeInitializer(dataset)`; a component of class SparseTensor gives SparseTensors.
   */
  static fromStructure(outputTypes: Nested<DType>, outputShapes?: unknown, sharedName = '',
    outputClasses?: Nested<OutputClass>): Iterator {
    const spec = legacySpec(outputTypes, outputShapes, outputClasses);
    const resource = applyOp('IteratorV2', {}, { container: '', shared_name: sharedName, ...flatAttrs(spec) },
      { graph: getDefaultGraph() }).output(0);
    return new Iterator(resource, null, spec);
  }

  /**
   * `Iterator.from_string_handle(string_handle, output_types, output_shapes=None,
   * output_classes=None)`: the iterator whose `stringHandle()` value `handle` gives at run time
   * (feedable iterators).
   */
  static fromStringHandle(handle: Output | string, outputTypes: Nested<DType>, outputShapes?: unknown,
    outputClasses?: Nested<OutputClass>): Iterator {
    const spec = legacySpec(outputTypes, outputShapes, outputClasses);
    const resource = applyOp('IteratorFromStringHandleV2', { string_handle: convertToTensor(handle, { dtype: DType.string }) },
      flatAttrs(spec)).output(0);
    return new Iterator(resource, null, spec);
  }

  /** `output_types`, nested as the element. */
  get outputTypes(): Nested<DType> {
    return mapSpec(this.elementSpec, (s) => s.dtype);
  }

  /** `output_shapes`, nested as the element. */
  get outputShapes(): Nested<StaticShape> {
    return mapSpec(this.elementSpec, (s) => s.shape);
  }

  /** The op that (re)starts the iterator on its dataset; a ValueError for iterators not made of one dataset. */
  get initializer(): Operation {
    if (this.init) return this.init;
    throw new ValueError('The iterator does not have an initializer. This means it was likely created using ' +
      '`tf.data.Dataset.make_one_shot_iterator()`. For an initializable iterator, use ' +
      '`tf.data.Dataset.make_initializable_iterator()` instead.');
  }

  /** `make_initializer(dataset, name=None)`: an op that starts this iterator on `dataset`, of a compatible structure. */
  makeInitializer(dataset: Dataset, name?: string): Operation {
    const graph = this.iteratorResource.graph;
    return graph.nameScope(name ?? 'make_initializer', (scope) => {
      assertSameStructure(this.outputTypes, dataset.outputTypes);
      const mine = flatten(this.elementSpec);
      const theirs = flatten(dataset.elementSpec);
      if (mine.some((s, i) => (s instanceof SparseTensorSpec) !== (theirs[i] instanceof SparseTensorSpec))) {
        throw new TypeError(`Expected output classes ${classesRepr(this.elementSpec)} but got dataset with output classes ` +
          `${classesRepr(dataset.elementSpec)}.`);
      }
      const typesOf = (s: ElementSpec) => specString(s, (t) => `tf.${dtypeName(t.dtype)}`);
      const shapesOf = (s: ElementSpec) => specString(s, (t) => tensorShapeRepr(t.shape));
      if (mine.some((s, i) => s.dtype !== theirs[i].dtype)) {
        throw new TypeError(`Expected output types ${typesOf(this.elementSpec)} but got dataset with output types ` +
          `${typesOf(dataset.elementSpec)}.`);
      }
      if (mine.some((s, i) => !isCompatible(s.shape, theirs[i].shape))) {
        throw new TypeError(`Expected output shapes compatible with ${shapesOf(this.elementSpec)} but got dataset with ` +
          `output shapes ${shapesOf(dataset.elementSpec)}.`);
      }
      return graph.colocateWith(this.iteratorResource, () =>
        applyOp('MakeIterator', { dataset: dataset.variantTensor, iterator: this.iteratorResource }, {}, scope));
    });
  }

  /**
   * `get_next(name=None)`: the next element's components, nested as the element, with its static
   * shapes; a SparseTensor for a SparseTensorSpec (fetched as a SparseTensorValue).
   */
  getNext(name?: string): Nested<Component> {
    const graph = this.iteratorResource.graph;
    return graph.colocateWith(this.iteratorResource, () => {
      const op = applyOp('IteratorGetNext', { iterator: this.iteratorResource }, flatAttrs(this.elementSpec), name ?? 'IteratorGetNext');
      return fromTensorList(this.elementSpec, op.outputs);
    });
  }

  /** `get_next_as_optional()`: an Optional of the next element, of no value at the end (no OutOfRangeError). */
  getNextAsOptional(): Optional {
    return this.iteratorResource.graph.colocateWith(this.iteratorResource, () => new Optional(
      applyOp('IteratorGetNextAsOptional', { iterator: this.iteratorResource }, flatAttrs(this.elementSpec)).output(0),
      this.elementSpec));
  }

  /** `string_handle(name=None)`: the iterator's handle, to feed a `fromStringHandle` iterator. */
  stringHandle(name?: string): Output {
    if (name === undefined) return this.handle;
    return applyOp('IteratorToStringHandle', { resource_handle: this.iteratorResource }, {}, name).output(0);
  }
}
