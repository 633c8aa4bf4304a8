/**
 * TF1's `tf.experimental.Optional` (`data/ops/optional_ops.py`) in graph mode: a variant tensor
 * that holds an element of a structure, or nothing (as `getNextAsOptional` gives at the end).
 */
import { applyOp } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Nested, flatten } from '../util/nest';
import { Component, ElementSpec, flatAttrs, fromTensorList, specOf, toTensorList } from './structure';

/** `tf.experimental.Optional` (`tf.data.experimental.Optional`). */
export class Optional {
  constructor(readonly variantTensor: Output, readonly elementSpec: ElementSpec) {}

  /** `Optional.from_value(value)`: an optional holding `value` (tensors and SparseTensors, nested). */
  static fromValue(value: Nested<Component>): Optional {
    const graph = flatten(value)[0].graph;
    const spec = specOf(value);
    return graph.nameScope('optional', (scope) => {
      const encoded = graph.nameScope('value', () => toTensorList(spec, value));
      return new Optional(applyOp('OptionalFromValue', { components: encoded }, {}, scope).output(0), spec);
    });
  }

  /** `Optional.empty(element_spec)`: an optional of no value. */
  static empty(elementSpec: ElementSpec): Optional {
    return new Optional(applyOp('OptionalNone', {}).output(0), elementSpec);
  }

  /** `has_value(name=None)`: a scalar bool, whether the optional holds a value. */
  hasValue(name?: string): Output {
    return this.variantTensor.graph.colocateWith(this.variantTensor, () =>
      applyOp('OptionalHasValue', { optional: this.variantTensor }, {}, name ?? 'OptionalHasValue').output(0));
  }

  /** `get_value(name=None)`: the value, nested as the element (an InvalidArgumentError at run time if none). */
  getValue(name?: string): Nested<Component> {
    const graph = this.variantTensor.graph;
    return graph.nameScope(name ?? 'OptionalGetValue', (scope) => {
      const op = graph.colocateWith(this.variantTensor, () =>
        applyOp('OptionalGetValue', { optional: this.variantTensor }, flatAttrs(this.elementSpec), scope));
      // As Python, which does not colocate the unboxing of SparseTensors.
      return fromTensorList(this.elementSpec, op.outputs);
    });
  }
}
