#!/usr/bin/env python3
"""Writes the text-format golden files under test/fixtures/text_format/.

Run with the reference venv:  .venv-tf/bin/python scripts/interop/gen_text_format_goldens.py

For each case NAME it writes NAME.pb (the binary message) and NAME.pbtxt (what
Python's text_format.MessageToString prints for it, i.e. what TF1 writes to the
`checkpoint` state file and to graph.pbtxt). test/proto.test.ts decodes the .pb,
prints it with lib/proto/text_format.ts and compares the bytes, and parses each
.pbtxt back. `parse_*` cases are hand-written text: NAME.input.pbtxt is the
input and NAME.pb what Python's text_format.Parse makes of it.
"""

import math
import os
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from google.protobuf import any_pb2, text_format  # noqa: E402
from tensorflow.core.framework import attr_value_pb2, graph_pb2, tensor_pb2, types_pb2  # noqa: E402
from tensorflow.core.protobuf import config_pb2, meta_graph_pb2, saver_pb2  # noqa: E402
from tensorflow.python.training import checkpoint_state_pb2  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "text_format")


def write(name, message, text=None):
    with open(os.path.join(OUT, name + ".pb"), "wb") as f:
        f.write(message.SerializeToString(deterministic=True))
    if text is None:
        text = text_format.MessageToString(message)
    with open(os.path.join(OUT, name + ".pbtxt"), "wb") as f:
        f.write(text.encode("utf-8"))


def checkpoint_states():
    # What Saver writes for an absolute dir after saves at steps 0, 5, 10.
    write("checkpoint_saver", checkpoint_state_pb2.CheckpointState(
        model_checkpoint_path="/d/model.ckpt-10",
        all_model_checkpoint_paths=["/d/model.ckpt-0", "/d/model.ckpt-5", "/d/model.ckpt-10"]))
    # CheckpointManager's timestamps, and paths that need escaping.
    write("checkpoint_manager", checkpoint_state_pb2.CheckpointState(
        model_checkpoint_path='rel dir/"q"\\b\tü€\x01\x7f-2',
        all_model_checkpoint_paths=["ckpt-1", 'rel dir/"q"\\b\tü€\x01\x7f-2'],
        all_model_checkpoint_timestamps=[1700000000.123456, 1700000000.5, 0.0001, 1e-05, 1e16],
        last_preserved_timestamp=1699999999.0))
    # The state file as the real checkpoint_management code writes it.
    d = tempfile.mkdtemp()
    try:
        tf.compat.v1.train.update_checkpoint_state(
            d, os.path.join("/abs", "model.ckpt-7"),
            all_model_checkpoint_paths=["/abs/model.ckpt-3", "/abs/model.ckpt-7"])
        with open(os.path.join(d, "checkpoint")) as f:
            text = f.read()
        write("checkpoint_written", text_format.Parse(text, checkpoint_state_pb2.CheckpointState()), text)
    finally:
        shutil.rmtree(d)


def tf_graph():
    """A TF1 graph with variables, an optimizer, string/float constants and a function library."""
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
        w = tf.compat.v1.get_variable("w", [3, 1], initializer=tf.compat.v1.constant_initializer(0.1))
        b = tf.Variable(tf.constant([-0.0], tf.float32), name="b")
        y = tf.matmul(x, w) + b
        loss = tf.reduce_mean(tf.square(y - 1e-7), name="loss")
        gs = tf.compat.v1.train.get_or_create_global_step()
        tf.compat.v1.train.GradientDescentOptimizer(0.01).minimize(loss, global_step=gs)
        tf.constant([b"\x00\xff\"'\\ tab\t", "ünïcode".encode()], name="strings")
        tf.constant([1.5, 3.4028235e38, 1.17549435e-38, 1e-45, float("inf")], tf.float32, name="floats")
        tf.constant(list(range(20)), tf.int64, name="tensor_content")

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def twice(v):
            return v * 2.0

        twice(tf.constant(0.3, name="c"))
        tf.compat.v1.summary.scalar("loss", loss)
    # graph_io.write_graph, as CheckpointSaverHook writes graph.pbtxt.
    d = tempfile.mkdtemp()
    try:
        tf.io.write_graph(g.as_graph_def(add_shapes=True), d, "graph.pbtxt")
        with open(os.path.join(d, "graph.pbtxt")) as f:
            text = f.read()
    finally:
        shutil.rmtree(d)
    write("graph_tf", text_format.Parse(text, graph_pb2.GraphDef()), text)


def floats_graph():
    """Hand-made GraphDef covering float/double formatting, bytes escaping, enums and maps."""
    g = graph_pb2.GraphDef()
    floats = [0.1, 0.3, 1e-5, 1e-4, 1e16, 1e15, 123456789.0, 16777217.0, -0.0, 0.0, 1.0, -2.5,
              3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, 2.0 ** -20,
              100.0, 1234567.0, 0.000123456789, float("inf"), float("-inf"), 7.0e-10, 9.999999e-5]
    n = g.node.add(name="floats", op="Const")
    for i, v in enumerate(floats):
        n.attr["f%02d" % i].f = v
    n.attr["nan"].f = math.nan
    t = n.attr["value"].tensor
    t.dtype = types_pb2.DT_DOUBLE
    t.tensor_shape.dim.add(size=-1)
    t.tensor_shape.dim.add(size=3, name="three")
    t.float_val.extend(floats)
    t.double_val.extend([0.1, 1e-5, 1e-4, 1e16, 1e15, 1e22, 5e-324, 1.7976931348623157e308,
                         123456789012345680.0, 0.5, -0.0, 2.0 ** 60, 1 / 3, float("nan"), float("-inf")])
    t.int64_val.extend([0, -1, 2 ** 63 - 1, -(2 ** 63)])
    t.int_val.extend([-(2 ** 31), 2 ** 31 - 1])
    t.uint64_val.extend([2 ** 64 - 1])
    t.bool_val.extend([True, False])
    t.string_val.append(bytes(range(256)))
    t.string_val.append("é€😀".encode())
    t.tensor_content = b"\x00\x01\x7f\x80\xfe\xff"
    lst = n.attr["list"].list
    lst.s.extend([b"a", b""])
    lst.i.extend([1, -1])
    lst.f.extend([0.1, 2.0])
    lst.b.extend([True])
    lst.type.extend([types_pb2.DT_FLOAT, types_pb2.DT_RESOURCE, 999])
    n.attr["empty"].CopyFrom(attr_value_pb2.AttrValue())
    n.attr[""].i = 0
    n.attr["ünï"].s = b"\xc3\xbc"
    n.attr["Z"].type = types_pb2.DT_INVALID
    n.attr["func"].func.name = "f"
    n.attr["func"].func.attr["T"].type = types_pb2.DT_HALF
    n.device = "/job:worker/replica:0/task:1/device:CPU:0"
    n.input.extend(["a:1", "^b"])
    g.versions.producer = 1882
    g.versions.bad_consumers.extend([1, 2])
    write("graph_floats", g)


def meta_graph_with_any():
    m = meta_graph_pb2.MetaGraphDef()
    m.meta_info_def.tensorflow_version = "2.21.0"
    m.meta_info_def.tags.extend(["serve", "train"])
    m.meta_info_def.any_info.Pack(saver_pb2.SaverDef(filename_tensor_name="save/Const:0", max_to_keep=5,
                                                     keep_checkpoint_every_n_hours=10000.0,
                                                     version=saver_pb2.SaverDef.V2))
    m.saver_def.sharded = True
    c = m.collection_def["any"].any_list.value.add()
    c.Pack(attr_value_pb2.AttrValue(f=0.1))
    unknown = m.collection_def["unknown_any"].any_list.value.add()
    unknown.type_url = "type.googleapis.com/no.such.Type"
    unknown.value = b"\x08\x01"
    m.collection_def["no_slash"].any_list.value.add(type_url="tensorflow.SaverDef")
    m.collection_def["variables"].bytes_list.value.extend([b"\n\x03w:0"])
    m.collection_def["train_op"].node_list.value.extend(["GradientDescent"])
    m.collection_def["ints"].int64_list.value.extend([1, -5])
    m.collection_def["floats"].float_list.value.extend([0.25, 1e-8])
    m.signature_def["serving_default"].inputs["x"].name = "x:0"
    m.signature_def["serving_default"].inputs["x"].dtype = types_pb2.DT_FLOAT
    m.signature_def["serving_default"].method_name = "tensorflow/serving/predict"
    write("meta_graph_any", m)


def config():
    c = config_pb2.ConfigProto(allow_soft_placement=True, log_device_placement=False,
                               intra_op_parallelism_threads=2, operation_timeout_in_ms=-1)
    c.device_count[""] = 0
    c.device_count["GPU"] = 0
    c.device_count["CPU"] = 4
    c.gpu_options.per_process_gpu_memory_fraction = 0.3
    c.gpu_options.allow_growth = True
    c.graph_options.optimizer_options.opt_level = config_pb2.OptimizerOptions.L1
    c.graph_options.rewrite_options.memory_optimization = 1
    write("config", c)


PARSE_INPUT = r"""
# A comment, then fields in any order, with every separator and bracket style.
graph_options < optimizer_options: { opt_level: L0 } >
device_count { key: 'CPU' value: 0x10 } ; device_count <value: 010, key: "G" "PU">
intra_op_parallelism_threads: -0
gpu_options { per_process_gpu_memory_fraction: .5f visible_device_list: "0,1\x41\101\u00e9\303\251" }
operation_timeout_in_ms: 9223372036854775807
allow_soft_placement: t, log_device_placement: False
session_inter_op_thread_pool [{ num_threads: 1 }, { num_threads: 2, global_name: "g" }]
session_inter_op_thread_pool { num_threads: 3 }
experimental { collective_group_leader: 'a\'b\"c\\' }
"""

PARSE_GRAPH_INPUT = r"""
node {
  name: "c" op: "Const"
  attr { key: "value" value { tensor { dtype: DT_FLOAT float_val: [1, 2.5, -inf, nan, 1e-3, 1E5, -INF, infinity]
    double_val: 7 tensor_shape { dim: [{ size: 2 }, { size: -1 }] } } } }
  attr { key: "dtype" value { type: DT_FLOAT } }
  attr { key: "b" value { b: 1 } }
  attr { key: "e" value { type: 101 } }
}
versions { producer: 27 min_consumer: 0 }
"""


def parse_cases():
    for name, text, message in [("parse_config", PARSE_INPUT, config_pb2.ConfigProto()),
                                ("parse_graph", PARSE_GRAPH_INPUT, graph_pb2.GraphDef())]:
        text_format.Parse(text, message)
        with open(os.path.join(OUT, name + ".input.pbtxt"), "w") as f:
            f.write(text)
        with open(os.path.join(OUT, name + ".pb"), "wb") as f:
            f.write(message.SerializeToString(deterministic=True))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    checkpoint_states()
    tf_graph()
    floats_graph()
    meta_graph_with_any()
    config()
    parse_cases()
    print("wrote", len(os.listdir(OUT)), "files to", os.path.relpath(OUT, ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
