/**
 * TF1's `tf.experimental.Optional` (`data/ops/optional_ops.py`) in graph mode: a variant tensor
 * that holds an element of a structure, or nothing (as `getNextAsOptional` gives at the end).
 */
import { applyOp } from '../framework/op_def_library';
import { Output } from '../framework/ops';
import { Nested, flatten, packSequenceAs } from '../util/nest';
import { ElementSpec, flatAttrs, specOf } from './structure';

/** `tf.experimental.Optional` (`tf.data.experimental.Optional`). */
export class Optional {
  constructor(readonly variantTensor: Output, readonly elementSpec: ElementSpec) {}

  /** `Optional.from_value(value)`: an optional holding `value` (tensors, nested). */
  static fromValue(value: Nested<Output>): Optional {
    const graph = flatten(value)[0].graph;
    return graph.nameScope('optional', (scope) =>
      new Optional(applyOp('OptionalFromValue', { components: flatten(value) }, {}, scope).output(0), specOf(value)));
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
  getValue(name?: string): Nested<Output> {
    const graph = this.variantTensor.graph;
    return graph.nameScope(name ?? 'OptionalGetValue', (scope) => graph.colocateWith(this.variantTensor, () =>
      packSequenceAs(this.elementSpec, applyOp('OptionalGetValue', { optional: this.variantTensor },
        flatAttrs(this.elementSpec), scope).outputs)));
  }
}
