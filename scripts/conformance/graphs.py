"""Builds the conformance-suite graphs and exports each as a MetaGraph.

    .venv-tf/bin/python scripts/conformance/graphs.py   # writes test/conformance/graphs/*.meta

Both runners (run_tf1.py here, the TypeScript one in jest) import these files with
`import_meta_graph` / `importMetaGraph`, so they see the very same graph. Every train op is
deterministic: the global-step increment is built by `_increment_global_step` (control dependency
on the shared global-step read tensor, tf1-semantics.md §2.3), and every other update is ordered
after the values fetched alongside it. Names are part of the spec (test/conformance/README.md).
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402
from tensorflow.core.protobuf import control_flow_pb2  # noqa: E402
from tensorflow.python.training import training_util  # noqa: E402

tf1 = tf.compat.v1
GRAPH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "conformance", "graphs")


def _global_step():
  """The global step plus its cached read tensor `global_step/add:0`."""
  tf1.train.create_global_step()
  return training_util._get_or_create_global_step_read()  # pylint: disable=protected-access


def build_counter():
  """global_step +1 per `train` run; v += 0.5 per run (loss = v before the run); acc += p."""
  gs_read = _global_step()
  v = tf1.get_variable("v", initializer=0.0)
  acc = tf1.get_variable("acc", initializer=0.0)
  p = tf1.placeholder_with_default(0.0, [], name="p")
  loss = tf.add(v, 0.0, name="loss")  # a copy, so the update below cannot alias it
  # NaN from the run that starts at gs 3 on: sqrt(2 - gs) = 1.4142135, 1, 0, nan, ...
  tf.sqrt(2.0 - tf.cast(gs_read, tf.float32), name="nan_loss")
  tf.multiply(p, 2.0, name="fed")
  tf.unique(tf.constant([1, 2, 2]), name="uniq")  # an op with two outputs
  with tf.control_dependencies([loss]):
    update_v = v.assign_add(0.5)
    update_acc = acc.assign_add(p)
  increment = training_util._increment_global_step(1)  # pylint: disable=protected-access
  tf1.summary.scalar("loss_summary", loss)
  tf1.summary.text("note", tf.constant("hello"))  # has plugin metadata (text), kept once per tag
  tf.group(increment, update_v, update_acc, name="train")


def build_dataset():
  """A one-shot iterator over 1..5; each `train` run adds the next element to `total`.

  The sixth run raises OutOfRangeError before anything is updated (the increment also waits for
  the element).
  """
  _global_step()
  element = tf1.data.make_one_shot_iterator(
      tf.data.Dataset.range(1, 6)).get_next(name="next")
  total = tf1.get_variable("total", initializer=tf.constant(0, tf.int64))
  with tf.control_dependencies([element]):
    increment = training_util._increment_global_step(1)  # pylint: disable=protected-access
    update = total.assign_add(element)
  tf.group(increment, update, name="train")


def build_no_global_step():
  """No global step at all: every hook that needs one fails in begin()."""
  w = tf1.get_variable("w", initializer=0.0)
  tf.group(w.assign_add(1.0), name="train")


GRAPHS = {
    "counter": build_counter,
    "dataset": build_dataset,
    "no_global_step": build_no_global_step,
}


def meta_path(name):
  return os.path.join(GRAPH_DIR, name + ".meta")


def export_all(check=False):
  """Writes every graph's .meta; with check=True only compares. Returns the names that differed."""
  os.makedirs(GRAPH_DIR, exist_ok=True)
  changed = []
  for name, build in GRAPHS.items():
    graph = tf.Graph()
    with graph.as_default():
      build()
    meta = tf1.train.export_meta_graph(graph=graph, clear_devices=True)
    # The v1 cond context (of the global-step read tensor) is stored as bytes serialized from a
    # map filled in set order; re-serialize it deterministically so the file is reproducible.
    if "cond_context" in meta.collection_def:
      contexts = meta.collection_def["cond_context"].bytes_list.value
      contexts[:] = [control_flow_pb2.CondContextDef.FromString(raw).SerializeToString(
          deterministic=True) for raw in contexts]
    data = meta.SerializeToString(deterministic=True)
    path = meta_path(name)
    if os.path.exists(path):
      with open(path, "rb") as f:
        if f.read() == data:
          continue
    changed.append(name)
    if not check:
      with open(path, "wb") as f:
        f.write(data)
      print("wrote", os.path.relpath(path))
  return changed


if __name__ == "__main__":
  tf1.disable_v2_behavior()
  export_all()
