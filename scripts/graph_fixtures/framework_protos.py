"""TF1's session and graph protos built with TF 2.21, for test/framework_protos.test.ts: the bytes of
ConfigProto, RunOptions, GraphDef, Event, ... with several fields set (`SerializeToString(deterministic=True)`)
and the text of some, TensorProtos of `tf.make_tensor_proto` (several dtypes, shapes, broadcasting) and
`tf.make_ndarray` of them, graphs made by `tf.import_graph_def`, under `tf.container` and with session handles, as
control_flow.py's `graphs` records them, a variable trained through an imported graph, and the errors of bad
arguments; the session conveniences (Variable.eval, SparseTensor.eval, an InteractiveSession's graph made the
default, a fetch of a placeholder fed a TensorHandle, dead handles freed ten at a time) and the run errors of
DecodeWebP and DecodeJxl.

Writes test/fixtures/graph_layer/framework_protos.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/framework_protos.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import message, text_format
from tensorflow.core.framework import step_stats_pb2, summary_pb2, tensor_shape_pb2, types_pb2, versions_pb2
from tensorflow.core.framework import op_def_pb2
from tensorflow.core.protobuf import meta_graph_pb2

import control_flow
from control_flow import feeds
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'framework_protos.json')


def hex_of(msg):
    return msg.SerializeToString(deterministic=True).hex()


# --- messages: each as Python builds it; the test builds the same with the same fields -----------

def cluster():
    return tf.train.ClusterDef(job=[tf.train.JobDef(name='ps', tasks={0: 'localhost:2222'}),
                                    tf.train.JobDef(name='worker', tasks={1: 'w1:2222', 0: 'w0:2222', 10: 'w10:2222'})])


def nested_config():
    c = tf.ConfigProto()
    c.gpu_options.allow_growth = True
    # The default value still makes the submessages present.
    c.graph_options.optimizer_options.opt_level = tf.OptimizerOptions.L1
    c.experimental.disable_thread_spinning = True
    return c


MESSAGES = {
    'config': lambda: tf.ConfigProto(
        intra_op_parallelism_threads=2, inter_op_parallelism_threads=3, allow_soft_placement=True,
        log_device_placement=False, device_count={'CPU': 1, 'GPU': 0, 'XLA_CPU': 2},
        gpu_options=tf.GPUOptions(allow_growth=True, per_process_gpu_memory_fraction=0.5, visible_device_list='0'),
        graph_options=tf.GraphOptions(
            optimizer_options=tf.OptimizerOptions(opt_level=tf.OptimizerOptions.L0, do_common_subexpression_elimination=True,
                                                  global_jit_level=tf.OptimizerOptions.ON_1),
            build_cost_model=5, place_pruned_graph=True),
        operation_timeout_in_ms=1000, experimental=tf.ConfigProto.Experimental(disable_thread_spinning=True)),
    'config_spinning': lambda: tf.ConfigProto(experimental=tf.ConfigProto.Experimental(disable_thread_spinning=True)),
    'config_nested': nested_config,
    'config_empty': lambda: tf.ConfigProto(),
    'gpu_options': lambda: tf.GPUOptions(
        per_process_gpu_memory_fraction=0.25, allocator_type='BFC',
        experimental=tf.GPUOptions.Experimental(virtual_devices=[
            tf.GPUOptions.Experimental.VirtualDevices(memory_limit_mb=[100.0, 200.5])])),
    'graph_options': lambda: tf.GraphOptions(enable_recv_scheduling=True, timeline_step=-2, infer_shapes=True),
    'optimizer_options': lambda: tf.OptimizerOptions(opt_level='L0', do_function_inlining=True, max_folded_constant_in_bytes=1 << 33),
    'run_options': lambda: tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=500, output_partition_graphs=True,
                                         inter_op_thread_pool=-1, report_tensor_allocations_upon_oom=True),
    'run_metadata': lambda: tf.RunMetadata(
        step_stats=step_stats_pb2.StepStats(dev_stats=[step_stats_pb2.DeviceStepStats(device='/cpu:0')]),
        partition_graphs=[tf.GraphDef(node=[tf.NodeDef(name='a', op='NoOp')])]),
    'attr_list': lambda: tf.AttrValue(list=tf.AttrValue.ListValue(i=[1, -2, 3], s=[b'a', b'bc'], type=[types_pb2.DT_FLOAT],
                                                                   f=[0.5, -1.25], b=[True, False])),
    'attr_func': lambda: tf.AttrValue(func=tf.NameAttrList(name='f', attr={'T': tf.AttrValue(type=types_pb2.DT_FLOAT),
                                                                           'a': tf.AttrValue(i=-5), 'ab': tf.AttrValue(s=b'x')})),
    'attr_shape': lambda: tf.AttrValue(shape=tf.TensorShape([2, None]).as_proto()),
    'attr_tensor': lambda: tf.AttrValue(tensor=tf.make_tensor_proto([1.0, 2.0])),
    'attr_zero': lambda: tf.AttrValue(i=0),
    'name_attr_list': lambda: tf.NameAttrList(name='g', attr={'b': tf.AttrValue(b=True)}),
    'node_def': lambda: tf.NodeDef(name='n', op='MatMul', input=['a', 'b:1', '^c'], device='/cpu:0',
                                   attr={'T': tf.AttrValue(type=types_pb2.DT_FLOAT), 'transpose_a': tf.AttrValue(b=True),
                                         'transpose_b': tf.AttrValue(b=False)}),
    'graph_def': lambda: tf.GraphDef(node=[tf.NodeDef(name='x', op='Placeholder', attr={'dtype': tf.AttrValue(type=1)}),
                                           tf.NodeDef(name='y', op='Identity', input=['x'])],
                                     versions=versions_pb2.VersionDef(producer=27, min_consumer=12)),
    'meta_graph_def': lambda: tf.MetaGraphDef(
        meta_info_def=tf.MetaGraphDef.MetaInfoDef(tags=['serve', 'train'], tensorflow_version='2.21.0'),
        signature_def={'serving_default': meta_graph_pb2.SignatureDef(
            inputs={'x': tf.TensorInfo(name='x:0', dtype=types_pb2.DT_FLOAT)}, method_name='tensorflow/serving/predict'),
            'a': meta_graph_pb2.SignatureDef(method_name='m')},
        saver_def=tf.train.SaverDef(version=tf.train.SaverDef.V2)),
    'tensor_info': lambda: tf.TensorInfo(name='x:0', dtype=types_pb2.DT_FLOAT, tensor_shape=tf.TensorShape([None, 3]).as_proto()),
    'tensor_info_coo': lambda: tf.TensorInfo(coo_sparse=tf.TensorInfo.CooSparse(
        values_tensor_name='v:0', indices_tensor_name='i:0', dense_shape_tensor_name='s:0'), dtype=types_pb2.DT_INT64),
    'histogram': lambda: tf.HistogramProto(min=-1.5, max=2, num=3, sum=0.5, sum_squares=6.25,
                                           bucket_limit=[0, 1, 1.7976931348623157e308], bucket=[1, 1, 1]),
    'summary_metadata': lambda: tf.SummaryMetadata(
        display_name='loss', summary_description='d',
        plugin_data=tf.SummaryMetadata.PluginData(plugin_name='scalars', content=b'\x01\x02'),
        data_class=summary_pb2.DATA_CLASS_SCALAR),
    'event_summary': lambda: tf.Event(wall_time=1.5, step=7, summary=tf.Summary(value=[tf.Summary.Value(tag='loss', simple_value=0.25)])),
    'event_version': lambda: tf.Event(wall_time=2.0, file_version='brain.Event:2'),
    'event_session_log': lambda: tf.Event(step=3, session_log=tf.SessionLog(status=tf.SessionLog.START, checkpoint_path='/tmp/x', msg='hi')),
    'event_log_message': lambda: tf.Event(log_message=tf.LogMessage(level=tf.LogMessage.WARN, message='careful')),
    'saver_def': lambda: tf.train.SaverDef(
        filename_tensor_name='save/Const:0', save_tensor_name='save/control_dependency:0', restore_op_name='save/restore_all',
        max_to_keep=5, sharded=True, keep_checkpoint_every_n_hours=10000.0, version=tf.train.SaverDef.V2),
    'cluster_def': cluster,
    'job_def': lambda: tf.train.JobDef(name='w', tasks={3: 'a:1'}),
    'server_def': lambda: tf.train.ServerDef(cluster=cluster(), job_name='worker', task_index=1, protocol='grpc',
                                             default_session_config=tf.ConfigProto(intra_op_parallelism_threads=1)),
}
# Whose text format is recorded too (text_format.MessageToString: `str(msg)` orders map entries by a hash).
TEXT = ['config', 'node_def', 'event_session_log', 'attr_list', 'cluster_def']


def messages():
    out = {}
    for name, make in MESSAGES.items():
        msg = make()
        out[name] = {'hex': hex_of(msg)}
        if name in TEXT:
            out[name]['text'] = text_format.MessageToString(msg)
    return out


# --- make_tensor_proto ---------------------------------------------------------------------------

TENSOR_PROTOS = {
    'f32_vec': lambda: tf.make_tensor_proto([1.5, -2.0, 3.25]),
    'f32_scalar': lambda: tf.make_tensor_proto(2.5),
    'f32_broadcast': lambda: tf.make_tensor_proto(1.0, shape=[2, 3]),
    'f32_pad': lambda: tf.make_tensor_proto([1.0, 2.0], shape=[4]),
    'f32_allow_broadcast': lambda: tf.make_tensor_proto([7.0], shape=[2, 2], allow_broadcast=True),
    'f32_reshape': lambda: tf.make_tensor_proto([1.0, 2.0, 3.0, 4.0], shape=[2, 2], verify_shape=False),
    'f32_empty': lambda: tf.make_tensor_proto([], dtype=tf.float32),
    'f32_zero_shape': lambda: tf.make_tensor_proto(3.0, shape=[0, 3]),
    'f64': lambda: tf.make_tensor_proto([1.0, 2.0], dtype=tf.float64),
    'i32_matrix': lambda: tf.make_tensor_proto([[1, 2], [3, 4]], dtype=tf.int32),
    'i32_scalar': lambda: tf.make_tensor_proto(5, dtype=tf.int32),
    'i64': lambda: tf.make_tensor_proto([2 ** 40, -1], dtype=tf.int64),
    'i64_scalar': lambda: tf.make_tensor_proto(-7, dtype=tf.int64),
    'u8': lambda: tf.make_tensor_proto([1, 255], dtype=tf.uint8),
    'i8_scalar': lambda: tf.make_tensor_proto(-3, dtype=tf.int8),
    'u16_vec': lambda: tf.make_tensor_proto([1, 65535], dtype=tf.uint16),
    'u32': lambda: tf.make_tensor_proto([1, 2 ** 32 - 1], dtype=tf.uint32),
    'u64_scalar': lambda: tf.make_tensor_proto(2 ** 63, dtype=tf.uint64),
    'bool_vec': lambda: tf.make_tensor_proto([True, False, True]),
    'str_vec': lambda: tf.make_tensor_proto([b'ab', b'c']),
    'str_scalar': lambda: tf.make_tensor_proto('hi'),
    'str_broadcast': lambda: tf.make_tensor_proto('z', shape=[3]),
    'f16_vec': lambda: tf.make_tensor_proto([0.5, 1.5], dtype=tf.float16),
    'f16_scalar': lambda: tf.make_tensor_proto(-2.0, dtype=tf.float16),
    'bf16_scalar': lambda: tf.make_tensor_proto(1.5, dtype=tf.bfloat16),
    'complex64': lambda: tf.make_tensor_proto(np.array([1 + 2j, 3 - 1j], np.complex64)),
}


def ndarray_json(a):
    if a.dtype == np.complex64:
        return value_json(np.stack([a.real, a.imag], -1))
    if a.dtype.name == 'bfloat16':
        return value_json(a.astype(np.float32))
    return value_json(a)


def tensor_protos():
    return {name: {'hex': hex_of(make()), 'ndarray': ndarray_json(tf.make_ndarray(make()))}
            for name, make in TENSOR_PROTOS.items()}


# --- graphs --------------------------------------------------------------------------------------

def sub_graph_def():
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [2], name='a')
        b = tf.constant([1.0, 2.0], name='b')
        out = tf.add(a * 2.0, b, name='out')
        tf.identity(out, name='copy')
    return g.as_graph_def()


GD = sub_graph_def()


def control_graph_def():
    """A GraphDef whose 'out/y' Const has a control input '^b' (out itself has it through out/y)."""
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [2], name='a')
        b = tf.constant([1.0, 2.0], name='b')
        with tf.control_dependencies([b]):
            tf.add(a, 1.0, name='out')
    return g.as_graph_def()


CTRL_GD = control_graph_def()


def import_graph():
    x = tf.placeholder(tf.float32, [2], name='x')
    out, op = tf.import_graph_def(GD, input_map={'a:0': x}, return_elements=['out:0', 'copy'])
    again, = tf.import_graph_def(GD, input_map={'a': x * 3.0}, return_elements=['copy:0'], name='sub')
    with tf.name_scope('outer'):
        scoped, = tf.import_graph_def(GD, input_map={'a:0': x}, return_elements=['out:0'])
    plain, = tf.import_graph_def(GD, input_map={'a:0': x}, return_elements=['out:0'])
    vals, = tf.import_graph_def(GD, input_map={'a:0': [5.0, 6.0]}, return_elements=['out:0'], name='vals')
    root, = tf.import_graph_def(GD, input_map={'a:0': x}, return_elements=['copy:0'], name='')
    root2, = tf.import_graph_def(GD, input_map={'a:0': x}, return_elements=['copy:0'], name='')
    none = tf.import_graph_def(GD, input_map={'a:0': x}, name='none')
    assert none is None and op.type == 'Identity'
    return ({'out': out, 'again': again, 'scoped': scoped, 'plain': plain, 'vals': vals, 'root': root, 'root2': root2},
            feeds(a={'x': [1.0, 2.0]}, b={'x': [-1.0, 0.5]}))


def container_graph():
    with tf.container('exp'):
        v = tf.Variable([1.0, 2.0], name='v')
        q = tf.FIFOQueue(3, tf.float32, name='q')
        own = tf.raw_ops.VariableV2(shape=[], dtype=tf.float32, container='mine', name='own')
        r = tf.random_uniform([2], seed=1, name='r')
        with tf.container(''):
            inner = tf.Variable(3.0, name='inner')
        with tf.container('b'):
            deeper = tf.Variable(4.0, name='deeper')
    outside = tf.Variable(5.0, name='outside')
    assert own.op.get_attr('container') == b'mine' and r.op.type == 'RandomUniform'
    return ({'v': v.value(), 'size': q.size(), 'inner': inner.value(), 'deeper': deeper.value(), 'outside': outside.value()},
            feeds(a={}))


def newer_graph_def():
    """A GraphDef from a producer whose Identity has an attr 'foo' that the Identity here lacks (a new one each
    time: import_graph_def strips attrs from the GraphDef it is given)."""
    return tf.GraphDef(node=[
        tf.NodeDef(name='x', op='Placeholder', attr={'dtype': tf.AttrValue(type=types_pb2.DT_FLOAT),
                                                     'shape': tf.AttrValue(shape=tf.TensorShape([2]).as_proto())}),
        tf.NodeDef(name='y', op='Identity', input=['x'],
                   attr={'T': tf.AttrValue(type=types_pb2.DT_FLOAT), 'foo': tf.AttrValue(i=1)})])


def producer_ops(default):
    return op_def_pb2.OpList(op=[op_def_pb2.OpDef(name='Identity', attr=[
        op_def_pb2.OpDef.AttrDef(name='foo', type='int', default_value=tf.AttrValue(i=default))])])


def import_newer():
    y, = tf.import_graph_def(newer_graph_def(), producer_op_list=producer_ops(1), return_elements=['y:0'])
    # Another default: 'foo' stays (TF imports it as it is).
    tf.import_graph_def(newer_graph_def(), producer_op_list=producer_ops(2), name='kept')
    return {'y': y}, feeds(a={'import/x': [1.0, 2.0]})


def newer_attrs():
    """The attrs import_newer's two imports give 'y' (the graph records show only those the op here has)."""
    with tf.Graph().as_default() as g:
        import_newer()
        return {name: sorted(g.get_operation_by_name(name).node_def.attr) for name in ('import/y', 'kept/y')}


CPU = '/job:localhost/replica:0/task:0/device:CPU:0'


def session_handles():
    a = tf.placeholder(tf.float32, [2], name='a')
    double = a * 2.0
    tf.get_session_handle(double)
    tf.get_session_handle(tf.constant(3, name='c'), name='named')
    tf.get_session_tensor('GetSessionHandle;0;' + CPU, tf.float32)
    tf.get_session_tensor('named;1;' + CPU, tf.int32, name='read')
    tf.delete_session_tensor('named;1;' + CPU, name='del')
    return {'double': double}, feeds(a={'a': [1.0, 2.0]})


def import_control():
    """'^b' remapped to the op of a tensor here, and to a value's Const (made under 'ctrl/_inputs')."""
    x = tf.placeholder(tf.float32, [2], name='x')
    c = tf.constant(3.0, name='c')
    out, = tf.import_graph_def(CTRL_GD, input_map={'a:0': x, '^b': c}, return_elements=['out:0'])
    vals, = tf.import_graph_def(CTRL_GD, input_map={'a:0': x, '^b': [1.0]}, return_elements=['out:0'], name='ctrl')
    return {'out': out, 'vals': vals}, feeds(a={'x': [1.0, 2.0]})


def decode_images():
    """DecodeWebP and DecodeJxl as tf.io and tf.image export them (not run: see run_errors)."""
    w = tf.io.decode_webp(tf.constant(b'abc'))
    j = tf.image.decode_jxl(tf.constant(b'abc'), channels=3, dtype=tf.uint8, name='jx')
    w2 = tf.image.decode_webp(tf.constant(b'abc'), channels=4)
    j2 = tf.io.decode_jxl(tf.constant(b'abc'))
    return {'w': w, 'j': j, 'w2': w2, 'j2': j2}, []


GRAPHS = [import_graph, import_newer, container_graph, session_handles, import_control, decode_images]


# --- errors --------------------------------------------------------------------------------------

def decode_error():
    """What parsing bytes that are no ConfigProto raises (a DecodeError, which errors_of does not catch)."""
    try:
        tf.ConfigProto.FromString(b'\xff\xff')
    except message.DecodeError as e:
        return {'class': type(e).__name__, 'message': str(e)}
    raise AssertionError('proto_decode did not raise')


ERRORS = {
    'import_missing_input': lambda: tf.import_graph_def(GD, input_map={'nope:0': tf.constant(1.0)}),
    'import_bad_return': lambda: tf.import_graph_def(GD, return_elements=['nope:0']),
    'import_bad_return_op': lambda: tf.import_graph_def(GD, return_elements=['nope']),
    'import_bad_type': lambda: tf.import_graph_def('x'),
    'import_input_map_list': lambda: tf.import_graph_def(GD, input_map=[1]),
    'import_return_not_str': lambda: tf.import_graph_def(GD, return_elements=[1]),
    'import_empty_name_values': lambda: tf.import_graph_def(GD, input_map={'a:0': [1.0, 2.0]}, name=''),
    'import_bad_dtype': lambda: tf.import_graph_def(GD, input_map={'a:0': tf.constant([1, 2])}),
    'handle_not_tensor': lambda: tf.get_session_handle([1.0]),
    'import_control_missing': lambda: tf.import_graph_def(CTRL_GD, input_map={'^nope': tf.constant(1.0)}),
    'import_control_op': lambda: tf.import_graph_def(CTRL_GD, input_map={'^b': tf.no_op()}),
    'mtp_both': lambda: tf.make_tensor_proto(1.0, shape=[2], verify_shape=True, allow_broadcast=True),
    'mtp_verify': lambda: tf.make_tensor_proto([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[2, 3], verify_shape=True),
    'mtp_too_many': lambda: tf.make_tensor_proto([1.0, 2.0, 3.0], shape=[2]),
    'mtp_broadcast_bad': lambda: tf.make_tensor_proto([1.0, 2.0], shape=[3], allow_broadcast=True),
    'mtp_none': lambda: tf.make_tensor_proto(None),
    'mtp_dtype': lambda: tf.make_tensor_proto([1.5], dtype=tf.int32),
    'proto_no_field': lambda: tf.ConfigProto(foo=1),
    'proto_int_str': lambda: tf.ConfigProto(intra_op_parallelism_threads='2'),
    'proto_int_float': lambda: tf.ConfigProto(intra_op_parallelism_threads=2.5),
    'proto_int_range': lambda: tf.ConfigProto(intra_op_parallelism_threads=2 ** 40),
    'proto_enum_label': lambda: tf.RunOptions(trace_level='BAD'),
    'proto_message_type': lambda: tf.ConfigProto(gpu_options=tf.RunOptions()),
    'proto_float_str': lambda: tf.GPUOptions(per_process_gpu_memory_fraction='a'),
    'proto_string_int': lambda: tf.NodeDef(name=3),
}


def train_imported():
    """A variable fed through an imported GraphDef, its squared output minimised by GradientDescent(0.05)
    for 5 steps: each step's loss, then the variable."""
    with tf.Graph().as_default():
        w = tf.Variable([1.0, -2.0], name='w')
        out, = tf.import_graph_def(GD, input_map={'a:0': w.value()}, return_elements=['out:0'])
        loss = tf.reduce_sum(tf.square(out))
        step = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, step])[0]) for _ in range(5)]
            return {'losses': losses, 'w': sess.run(w).tolist()}


def other_session():
    return tf.Session(graph=tf.Graph())


def with_default(sess, fn):
    with sess.as_default():
        fn()


# Tensor.eval and Operation.run without a session of their graph.
SESSION_ERRORS = {
    'eval_no_session': lambda: tf.constant(1.0).eval(),
    'run_no_session': lambda: tf.no_op().run(),
    'eval_given_other_graph': lambda: tf.constant(1.0).eval(session=other_session()),
    'run_given_other_graph': lambda: tf.no_op().run(session=other_session()),
    'eval_default_other_graph': lambda: with_default(other_session(), lambda: tf.constant(1.0).eval()),
    'run_default_other_graph': lambda: with_default(other_session(), lambda: tf.no_op().run()),
    'variable_eval_no_session': lambda: tf.Variable(1.0).eval(),
    'variable_eval_given_other_graph': lambda: tf.Variable(1.0).eval(session=other_session()),
    'sparse_eval_no_session': lambda: tf.SparseTensor([[0]], [1.0], [2]).eval(),
    'sparse_eval_default_other_graph': lambda: with_default(other_session(),
                                                            lambda: tf.SparseTensor([[0]], [1.0], [2]).eval()),
}


def tf_message(e):
    """TF's own message of a run error: the line after Python's 'Node:' decoration."""
    lines = e.message.split('\n')
    return next(lines[i + 1] for i, line in enumerate(lines) if line.startswith('Node:'))


def run_errors():
    """DecodeWebP and DecodeJxl run on bytes that are no image."""
    out = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        for name, t in (('webp', tf.io.decode_webp(tf.constant(b'abc'))), ('jxl', tf.image.decode_jxl(tf.constant(b'abc')))):
            try:
                sess.run(t)
                raise AssertionError(name + ' did not raise')
            except tf.errors.OpError as e:
                out[name] = {'class': type(e).__name__, 'message': tf_message(e)}
    return out


def handle_values(sess, h, a, n):
    """n TensorHandles of a * 2 for a = [i, 0]."""
    return [sess.run(h, {a: [float(i), 0.0]}) for i in range(n)]


def conveniences():
    """Variable.eval (a ref and a resource variable, explicit and default session), SparseTensor.eval with feeds,
    an InteractiveSession's graph as the default graph, fetches of placeholders fed a TensorHandle, and what the
    session does when ten TensorHandles die: the ops it adds (name, type, device) and which handles still read."""
    out = {}
    with tf.Graph().as_default() as g:
        ref = tf.Variable([1.0, 2.0], name='ref')
        res = tf.Variable(3, name='res', use_resource=True)
        p = tf.placeholder(tf.float32, [None], name='p')
        sp = tf.SparseTensor([[0, 1], [1, 0]], p, [2, 2])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out['ref'] = ref.eval(sess).tolist()
            out['res'] = int(res.eval())
            v = sp.eval({p: [5.0, 6.0]})
            out['sparse'] = [v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist()]
    g = tf.Graph()
    sess = tf.InteractiveSession(graph=g)
    out['interactive_default'] = tf.get_default_graph() is g
    c = tf.constant(2.0, name='c')
    out['interactive_eval'] = float(c.eval())
    try:
        tf.reset_default_graph()
        raise AssertionError('reset_default_graph did not raise')
    except AssertionError as e:
        out['interactive_reset'] = {'class': type(e).__name__, 'message': str(e)}
    sess.close()
    out['interactive_closed'] = tf.get_default_graph() is g
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [2], name='a')
        h = tf.get_session_handle(a * 2.0)
        plain = tf.placeholder(tf.string, [], name='plain')
        with tf.Session() as sess:
            hv = sess.run(h, {a: [1.5, -1.0]})
            holder, _ = tf.get_session_tensor(hv.handle, tf.float32)
            out['fetch_fed_handle'] = [sess.run(holder, {holder: hv}).tolist(), sess.run(plain, {plain: hv}).tolist(),
                                       [x.tolist() for x in sess.run([plain, plain], {plain: hv})]]
            handles = handle_values(sess, h, a, 10)
            strs = [x.handle for x in handles]
            n = len(g.get_operations())
            del handles
            out['dead_ops'] = [[op.name, op.type, op.device] for op in g.get_operations()[n:]]
            reader, t = tf.get_session_tensor(strs[0], tf.float32)
            freed = []
            for s in strs:
                try:
                    sess.run(t, {reader: s})
                    freed.append(False)
                except tf.errors.InvalidArgumentError:
                    freed.append(True)
            out['dead_freed'] = freed
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [2], name='a')
        h = tf.get_session_handle(a * 2.0)
        with tf.Session() as sess:
            hv = sess.run(h, {a: [1.5, -1.0]})
            # '/cpu:0' is '/device:CPU:0' here, not the handle's device: the run moves the tensor first.
            holder, t = tf.get_session_tensor('x;0;/cpu:0', tf.float32)
            n = len(g.get_operations())
            out['moved'] = sess.run(t + 1.0, {holder: hv.handle}).tolist()
            out['mover_ops'] = [[op.name, op.type, op.device] for op in g.get_operations()[n:]]
            # TF 2.21 feeds a TensorHandle object as a resource-struct array, which its run refuses.
            try:
                sess.run(t, {holder: hv})
            except tf.errors.InvalidArgumentError as e:
                out['handle_feed_error'] = e.message.split('\n')[-1]
    return out


def main():
    recorded, values = control_flow.graphs(GRAPHS)
    out = {'training': train_imported(), 'messages': messages(), 'tensor_protos': tensor_protos(),
           'graph_def': GD.SerializeToString().hex(), 'newer_graph_def': newer_graph_def().SerializeToString().hex(),
           'newer_attrs': newer_attrs(), 'producer_ops': [producer_ops(d).SerializeToString().hex() for d in (1, 2)], 'graphs': recorded, 'values': values,
           'build_errors': dict(errors_of(ERRORS), proto_decode=decode_error()), 'session_errors': errors_of(SESSION_ERRORS),
           'conveniences': conveniences(), 'run_errors': run_errors(), 'control_graph_def': CTRL_GD.SerializeToString().hex()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
