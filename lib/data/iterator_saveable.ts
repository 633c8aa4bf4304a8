/**
 * TF1's `tf.compat.v1.data.experimental.make_saveable_from_iterator` (`data/experimental/ops/iterator_ops.py`,
 * `_IteratorSaveable` of `data/ops/iterator_ops.py`): an iterator's state as a SaveableObject, so that
 * `train.Saver` checkpoints where an input pipeline is.
 */
import { ValueError } from '../errors';
import { applyOp } from '../framework/op_def_library';
import { Operation, Output } from '../framework/ops';
import type { SaveableObject } from '../training/saver';
import type { Iterator } from './iterator_ops';
import { ExternalStatePolicy } from './options';

/** `_IteratorSaveable`: SerializeIterator saved under `<name>_STATE`, put back by DeserializeIterator. */
class IteratorSaveable implements SaveableObject {
  readonly specs: ReadonlyArray<{ tensor: Output; name: string }>;

  constructor(private readonly resource: Output, readonly name: string, policy: ExternalStatePolicy) {
    const serialized = applyOp('SerializeIterator', { resource_handle: resource }, { external_state_policy: policy },
      'SerializeIterator').output(0);
    this.specs = [{ tensor: serialized, name: `${name}_STATE` }];
  }

  restore([state]: Output[]): Operation {
    return this.resource.graph.colocateWith(this.resource, () =>
      applyOp('DeserializeIterator', { resource_handle: this.resource, serialized: state }, {}, 'DeserializeIterator'));
  }
}

/** `_convert_external_state_policy_to_enum`: the policy of an enum value or its lower-case name. */
function policyOf(policy: ExternalStatePolicy | string): ExternalStatePolicy {
  if (typeof policy === 'number' && ExternalStatePolicy[policy] !== undefined) return policy;
  const byName: Record<string, ExternalStatePolicy> = {
    warn: ExternalStatePolicy.WARN, ignore: ExternalStatePolicy.IGNORE, fail: ExternalStatePolicy.FAIL,
  };
  if (typeof policy === 'string' && Object.hasOwn(byName, policy)) return byName[policy];
  throw new ValueError("Invalid `ExternalStatePolicy.` Supported values include 'warn', 'ignore', and 'fail.' " +
    `Received ${String(policy)}.`);
}

/**
 * `tf.compat.v1.data.experimental.make_saveable_from_iterator(iterator, external_state_policy=None)`: a
 * SaveableObject of the iterator's state (named after its resource tensor). Added to the collection
 * `GraphKeys.SAVEABLE_OBJECTS`, the default `train.Saver` saves and restores it; `externalStatePolicy`
 * ('warn', 'ignore', 'fail' or an ExternalStatePolicy; default 'fail') says what a pipeline of state outside
 * the checkpoint (a stateful function's) does when saved.
 */
export function makeSaveableFromIterator(iterator: Iterator,
  externalStatePolicy: ExternalStatePolicy | string | null = null): SaveableObject {
  return new IteratorSaveable(iterator.iteratorResource, iterator.iteratorResource.name, policyOf(externalStatePolicy ?? 'fail'));
}
