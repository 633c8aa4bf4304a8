/**
 * A registry of every generated TensorFlow message and enum.
 *
 * @packageDocumentation
 */
import { createRegistry, type DescFile, type Registry } from '@bufbuild/protobuf';
import { file_tensorflow_core_protobuf_saved_model } from './gen/tensorflow/core/protobuf/saved_model_pb';
import { file_tensorflow_core_protobuf_tensorflow_server } from './gen/tensorflow/core/protobuf/tensorflow_server_pb';
import { file_tensorflow_core_util_event } from './gen/tensorflow/core/util/event_pb';
import { file_tensorflow_python_training_checkpoint_state } from './gen/tensorflow/python/training/checkpoint_state_pb';

/** The given files and, transitively, every file they import. */
function withImports(roots: DescFile[]): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (f: DescFile): void => {
    if (seen.has(f.name)) return;
    seen.set(f.name, f);
    f.dependencies.forEach(visit);
  };
  roots.forEach(visit);
  return [...seen.values()];
}

/**
 * Every generated TensorFlow message and enum (and the well-known types they
 * use), for resolving `google.protobuf.Any` type URLs: the text format prints
 * and parses `Any` expanded, as Python does. These four files import all the
 * other generated ones.
 */
export const tfRegistry: Registry = createRegistry(
  ...withImports([
    file_tensorflow_core_protobuf_saved_model,
    file_tensorflow_core_protobuf_tensorflow_server,
    file_tensorflow_core_util_event,
    file_tensorflow_python_training_checkpoint_state,
  ]),
);
