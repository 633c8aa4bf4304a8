"""TF1's v1 control flow (tf.compat.v1.cond, while_loop, case, Assert with v2 control flow off), built
with TF1 Python, for test/control_flow.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections) and what session runs of its fetches give for each feed. Then:
gradients through conds and loops (values), short training runs of RNN-style loops, a MetaGraph
with control-flow contexts (their protos, and the gradients of the graph imported), and the errors
bad arguments raise while building.

Writes test/fixtures/graph_layer/control_flow.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/control_flow.py
"""
import base64
import os

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import json_format
from tensorflow.core.protobuf import control_flow_pb2

from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'control_flow.json')

X = np.array([1.5, -2.0], np.float32)


def feeds(**cases):
    """Feeds by placeholder name, one per run."""
    return [{k: np.asarray(v) for k, v in f.items()} for f in cases.values()]


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def cond_basic():
    x = tf.placeholder(tf.float32, [2], name='x')
    p = tf.placeholder(tf.bool, [], name='p')
    r = tf.cond(p, lambda: x * 2.0, lambda: tf.constant([1.0, 2.0]))
    # A branch giving an outside tensor back as it is, and a named cond.
    same = tf.cond(p, lambda: x, lambda: x + 1.0, name='same')
    return {'r': r, 'same': same}, feeds(t={'x': X, 'p': True}, f={'x': X, 'p': False})


def cond_structures():
    x = tf.placeholder(tf.float32, [2], name='x')
    p = tf.placeholder(tf.bool, [], name='p')
    d = tf.cond(p, lambda: {'b': [x, x * 3.0], 'a': x + 1.0}, lambda: {'b': [tf.zeros([2]), x], 'a': x - 1.0})
    single = tf.cond(p, lambda: [x], lambda: [x * 2.0])
    strict = tf.cond(p, lambda: [x], lambda: [x * 2.0], strict=True)
    pair = tf.cond(p, lambda: (x, 1), lambda: (x, 2))
    return {'d': d, 'single': single, 'strict': strict, 'pair': list(pair)}, feeds(
        t={'x': X, 'p': True}, f={'x': X, 'p': False})


def cond_nested():
    x = tf.placeholder(tf.float32, [2], name='x')
    a = tf.placeholder(tf.bool, [], name='a')
    b = tf.placeholder(tf.bool, [], name='b')
    y = tf.placeholder(tf.float32, [], name='y')
    r = tf.cond(a, lambda: tf.cond(b, lambda: x * y, lambda: x + 1.0), lambda: tf.square(x) - y)
    return {'r': r}, feeds(tt={'x': X, 'a': True, 'b': True, 'y': 3.0}, tf={'x': X, 'a': True, 'b': False, 'y': 3.0},
                           ft={'x': X, 'a': False, 'b': True, 'y': 3.0})


def cond_variables():
    p = tf.placeholder(tf.bool, [], name='p')
    v = tf.get_variable('v', [2], initializer=tf.constant_initializer([1.0, 2.0]))
    r = tf.get_variable('r', [2], initializer=tf.constant_initializer([3.0, 4.0]), use_resource=True)
    read = tf.cond(p, lambda: v * 2.0, lambda: r.read_value() + 1.0)
    # An op as a branch's result: the pivot, run after it (on other variables: no race with `read`).
    v2 = tf.get_variable('v2', [2], initializer=tf.constant_initializer([1.0, 2.0]))
    r2 = tf.get_variable('r2', [2], initializer=tf.constant_initializer([3.0, 4.0]), use_resource=True)
    update = tf.cond(p, lambda: tf.assign_add(v2, [1.0, 1.0]).op, lambda: r2.assign_sub([1.0, 1.0]).op)
    with tf.control_dependencies([update]):
        after = tf.identity(v2.read_value() + r2.read_value(), name='after')
    return {'read': read, 'after': after}, feeds(t={'p': True}, f={'p': False})


def case_graph():
    x = tf.placeholder(tf.float32, [], name='x')
    f1 = lambda: tf.constant(1.0)
    f2 = lambda: x * 2.0
    first = tf.case([(x > 0.0, f1), (x < -1.0, f2)], default=lambda: tf.constant(-1.0))
    exclusive = tf.case([(x > 0.0, f1), (x < -1.0, f2)], default=lambda: x, exclusive=True, name='excl')
    no_default = tf.case([(x > 0.0, f1), (x <= 0.0, f2)])
    guarded = tf.Assert(x > -5.0, [x, 'x is', x * 2.0], summarize=3)
    with tf.control_dependencies([guarded]):
        checked = tf.identity(x, name='checked')
    return {'first': first, 'exclusive': exclusive, 'no_default': no_default, 'checked': checked}, feeds(
        pos={'x': 2.0}, neg={'x': -3.0}, mid={'x': -0.5})


def while_basic():
    x = tf.placeholder(tf.float32, [2], name='x')
    i, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x])
    v = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [tf.constant(1.0)])
    same = tf.while_loop(lambda v: v < 10.0, lambda v: [v * 3.0], [tf.constant(1.0)], return_same_structure=True)
    return {'i': i, 'y': y, 'v': v, 'same': same}, feeds(a={'x': X})


def while_structures():
    x = tf.placeholder(tf.float32, [2], name='x')
    out = tf.while_loop(lambda i, d: i < 4, lambda i, d: (i + 1, {'b': [d['b'][0] - 1.0], 'a': d['a'] + d['b'][0]}),
                        (0, {'a': x, 'b': [tf.constant(5.0)]}))
    return {'out': out}, feeds(a={'x': X})


def while_shape_invariants():
    n = tf.placeholder(tf.int32, [], name='n')
    i, s = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, tf.concat([s, s * 2.0], 0)),
                         [0, tf.ones([1])], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    m = tf.while_loop(lambda m: tf.shape(m)[0] < 8, lambda m: tf.concat([m, m], 0), [tf.zeros([2, 3])],
                      shape_invariants=[tf.TensorShape([None, 3])])
    return {'i': i, 's': s, 'm': m}, feeds(three={'n': 3})


def while_max_iterations():
    x = tf.placeholder(tf.float32, [], name='x')
    single = tf.while_loop(lambda v: v < 100.0, lambda v: v * 2.0, [x], maximum_iterations=3)
    pair = tf.while_loop(lambda i, v: v < 100.0, lambda i, v: [i + 1, v + 1.0], [0, x],
                         maximum_iterations=tf.constant(5, tf.int64), name='bounded')
    return {'single': single, 'pair': list(pair)}, feeds(a={'x': 1.0}, b={'x': 99.5})


def while_nested():
    x = tf.placeholder(tf.float32, [2], name='x')

    def outer_body(i, acc):
        j, inner = tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a + x * tf.cast(j, tf.float32)), [0, acc])
        return i + 1, inner

    i, acc = tf.while_loop(lambda i, a: i < 4, outer_body, [0, tf.zeros([2])])
    return {'i': i, 'acc': acc}, feeds(a={'x': X})


def while_with_cond():
    x = tf.placeholder(tf.float32, [], name='x')

    def body(i, s):
        s2 = tf.cond(tf.equal(i % 2, 0), lambda: s + x * tf.cast(i, tf.float32), lambda: s - 1.0)
        return i + 1, s2

    i, s = tf.while_loop(lambda i, s: i < 5, body, [0, 0.0])
    return {'i': i, 's': s}, feeds(a={'x': 2.0})


def while_options():
    x = tf.placeholder(tf.float32, [], name='x')
    dep = tf.identity(x, name='dep')
    v = tf.get_variable('v', [], initializer=tf.constant_initializer(2.0))
    r = tf.get_variable('r', [], initializer=tf.constant_initializer(3.0), use_resource=True)

    def body(i, s):
        # A control dependency from outside the loop comes in through an Identity.
        with tf.control_dependencies([dep]):
            t = s * v + r.read_value()
        return i + 1, t

    i, s = tf.while_loop(lambda i, s: i < 3, body, [0, x], parallel_iterations=3, back_prop=False, swap_memory=True,
                         name='loop')
    return {'i': i, 's': s}, feeds(a={'x': 1.0})


GRAPHS = [cond_basic, cond_structures, cond_nested, cond_variables, case_graph, while_basic, while_structures,
          while_shape_invariants, while_max_iterations, while_nested, while_with_cond, while_options]


def graphs(fns=GRAPHS, shapes_of=None, more=None, initializer=tf.global_variables_initializer):
    """Each graph of `fns` recorded (with `shapes_of` its fetches, when given, and `more` of what the
    graph function returns after its fetches and runs, as more entries) and run on its feeds, after
    what `initializer` makes (once recorded)."""
    recorded, values = {}, {}
    for fn in fns:
        g = tf.Graph()
        with g.as_default():
            fetch, runs, *rest = fn()
            recorded[fn.__name__] = dict(record_all(g), feeds=[value_json(f) for f in runs])
            if shapes_of:
                recorded[fn.__name__]['shapes'] = shapes_of(fetch)
            if more:
                recorded[fn.__name__].update(more(*rest))
            init = initializer()
            with tf.Session() as sess:
                values[fn.__name__] = []
                for feed in runs:
                    sess.run(init)
                    values[fn.__name__].append(value_json(sess.run(fetch, {k + ':0': v for k, v in feed.items()})))
    return recorded, values


# --- gradients --------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: each builds in the default graph."""
    def cond_grad():
        x = tf.placeholder(tf.float32, [2], name='x')
        p = tf.placeholder(tf.bool, [], name='p')
        y = tf.cond(p, lambda: x * x * 3.0, lambda: tf.sin(x) + x)
        return tf.reduce_sum(y * x), [x], feeds(t={'x': X, 'p': True}, f={'x': X, 'p': False})

    def cond_nested_grad():
        x = tf.placeholder(tf.float32, [2], name='x')
        a = tf.placeholder(tf.bool, [], name='a')
        b = tf.placeholder(tf.bool, [], name='b')
        w = tf.placeholder(tf.float32, [], name='w')
        y = tf.cond(a, lambda: tf.cond(b, lambda: tf.exp(x) * w, lambda: x * 2.0), lambda: tf.square(x) + w)
        return tf.reduce_sum(y), [x, w], feeds(tt={'x': X, 'a': True, 'b': True, 'w': 0.5},
                                               tf={'x': X, 'a': True, 'b': False, 'w': 0.5},
                                               f={'x': X, 'a': False, 'b': True, 'w': 0.5})

    def cond_unused_output_grad():
        x = tf.placeholder(tf.float32, [2], name='x')
        p = tf.placeholder(tf.bool, [], name='p')
        a, b = tf.cond(p, lambda: (x * 2.0, x * 3.0), lambda: (x * 4.0, tf.tanh(x)))
        return tf.reduce_sum(a), [x], feeds(t={'x': X, 'p': True}, f={'x': X, 'p': False})

    def cond_gather_grad():
        x = tf.placeholder(tf.float32, [3, 2], name='x')
        p = tf.placeholder(tf.bool, [], name='p')
        y = tf.cond(p, lambda: tf.gather(x, [0, 2]), lambda: x[1:] * 2.0)
        return tf.reduce_sum(y * tf.constant([[1.0, 2.0], [3.0, 4.0]])), [x], feeds(
            t={'x': np.arange(6, dtype=np.float32).reshape(3, 2), 'p': True},
            f={'x': np.arange(6, dtype=np.float32).reshape(3, 2), 'p': False})

    def cond_variables_grad():
        p = tf.placeholder(tf.bool, [], name='p')
        v = tf.get_variable('v', [2], initializer=tf.constant_initializer([1.0, 2.0]))
        r = tf.get_variable('r', [2], initializer=tf.constant_initializer([3.0, 4.0]), use_resource=True)
        y = tf.cond(p, lambda: v * v, lambda: r.read_value() * 3.0 + v)
        return tf.reduce_sum(y), [v, r], feeds(t={'p': True}, f={'p': False})

    def while_grad():
        x = tf.placeholder(tf.float32, [2], name='x')
        _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x])
        return tf.reduce_sum(y), [x], feeds(a={'x': X})

    def while_invariant_grad():
        x = tf.placeholder(tf.float32, [2], name='x')
        w = tf.placeholder(tf.float32, [], name='w')
        _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, tf.tanh(y * w) + x), [0, x])
        return tf.reduce_sum(y * y), [x, w], feeds(a={'x': X, 'w': 0.7})

    def while_max_iterations_grad():
        x = tf.placeholder(tf.float32, [], name='x')
        y = tf.while_loop(lambda v: v < 100.0, lambda v: v * v, [x], maximum_iterations=2)
        return y, [x], feeds(a={'x': 1.5})

    def while_nested_grad():
        x = tf.placeholder(tf.float32, [2], name='x')

        def outer_body(i, acc):
            _, inner = tf.while_loop(lambda j, a: j < 2, lambda j, a: (j + 1, a * x + 1.0), [0, acc])
            return i + 1, inner

        _, acc = tf.while_loop(lambda i, a: i < 2, outer_body, [0, x])
        return tf.reduce_sum(acc), [x], feeds(a={'x': np.array([0.5, -0.25], np.float32)})

    def while_cond_grad():
        x = tf.placeholder(tf.float32, [], name='x')

        def body(i, s):
            return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: s * x, lambda: s + x * x)

        _, s = tf.while_loop(lambda i, s: i < 5, body, [0, 1.0])
        return s, [x], feeds(a={'x': 1.25})

    def while_unused_exit_grad():
        x = tf.placeholder(tf.float32, [2], name='x')
        a, b = tf.while_loop(lambda a, b: tf.reduce_sum(a) < 50.0, lambda a, b: (a * 2.0 + b, b * 1.5), [x, x])
        return tf.reduce_sum(a), [x], feeds(a={'x': np.array([1.0, 2.0], np.float32)})

    return {f.__name__: f for f in (cond_grad, cond_nested_grad, cond_unused_output_grad, cond_gather_grad,
                                     cond_variables_grad, while_grad,
                                     while_invariant_grad, while_max_iterations_grad, while_nested_grad,
                                     while_cond_grad, while_unused_exit_grad)}


def gradient_values(cases=None, record=None):
    """The gradients of each case (`grad_cases()` by default), run on its feeds; with `record`, what
    it records of the graph too."""
    out = {}
    for name, build in (cases or grad_cases()).items():
        g = tf.Graph()
        with g.as_default():
            loss, xs, runs = build()
            raw = tf.gradients(loss, xs)
            grads = [tf.convert_to_tensor(gr) for gr in raw]
            init = tf.global_variables_initializer()
            with tf.Session() as sess:
                sess.run(init)
                out[name] = dict(record(g) if record else {}, sparse=[isinstance(gr, tf.IndexedSlices) for gr in raw],
                                 runs=[{'feed': value_json(f),
                                        'grads': value_json(sess.run(grads, {k + ':0': v for k, v in f.items()}))}
                                       for f in runs])
    return out


# --- training ---------------------------------------------------------------------------------

T, B, H = 5, 3, 4
SEQ = np.sin(np.arange(T * B * H, dtype=np.float32) * 0.37).reshape(T, B, H)
TARGET = np.cos(np.arange(B * H, dtype=np.float32) * 0.5).reshape(B, H)
W0 = (np.arange(H * H, dtype=np.float32).reshape(H, H) % 5 - 2.0) * 0.15
U0 = (np.arange(H * H, dtype=np.float32).reshape(H, H) % 3 - 1.0) * 0.2


def rnn(use_resource):
    """h = tanh(h W + x_t U) over a sequence read with a gather on the loop counter, trained with
    GradientDescent on the last state; gives the losses and the trained weights."""
    g = tf.Graph()
    with g.as_default():
        seq = tf.placeholder(tf.float32, [T, B, H], name='seq')
        target = tf.placeholder(tf.float32, [B, H], name='target')
        w = tf.get_variable('w', [H, H], initializer=tf.constant_initializer(W0), use_resource=use_resource)
        u = tf.get_variable('u', [H, H], initializer=tf.constant_initializer(U0), use_resource=use_resource)

        def body(t, h):
            x_t = tf.gather(seq, t)
            return t + 1, tf.tanh(tf.matmul(h, w) + tf.matmul(x_t, u))

        _, h = tf.while_loop(lambda t, h: t < T, body, [0, tf.zeros([B, H])])
        loss = tf.reduce_mean(tf.square(h - target), name='loss')
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        feed = {seq: SEQ, target: TARGET}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = []
            for _ in range(8):
                losses.append(float(sess.run([loss, train], feed)[0]))
            return {'losses': losses, 'w': value_json(sess.run(w)), 'u': value_json(sess.run(u))}


def cond_training():
    """A model whose loss is one of two by a fed predicate, trained with GradientDescent through the cond."""
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.bool, [], name='p')
        w = tf.get_variable('w', [2], initializer=tf.constant_initializer([0.5, -1.0]))
        b = tf.get_variable('b', [], initializer=tf.constant_initializer(0.25), use_resource=True)
        loss = tf.cond(p, lambda: tf.reduce_sum(tf.square(w * 2.0 - 1.0)) + b * b,
                       lambda: tf.reduce_sum(tf.square(w + b + 2.0)), name='loss')
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], {p: i % 3 != 0})[0]) for i in range(6)]
            return {'losses': losses, 'w': value_json(sess.run(w)), 'b': value_json(sess.run(b))}


def training():
    return {'seq': value_json(SEQ), 'target': value_json(TARGET), 'w0': value_json(W0), 'u0': value_json(U0),
            'ref': rnn(False), 'resource': rnn(True), 'cond': cond_training()}


# --- MetaGraphs --------------------------------------------------------------------------------

def sorted_maps(x):
    """`x` with every dict's keys in sorted order."""
    if isinstance(x, dict):
        return {k: sorted_maps(x[k]) for k in sorted(x)}
    if isinstance(x, list):
        return [sorted_maps(v) for v in x]
    return x


def meta_graph():
    """A cond and a loop with a cond inside, exported: the contexts' protos (cond_context,
    while_context) and the MetaGraph itself, with the gradients Python takes of it."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name='x')
        p = tf.placeholder(tf.bool, [], name='p')
        c = tf.cond(p, lambda: x * x, lambda: x + 1.0)

        def body(i, s):
            return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: s * x, lambda: s + x * x)

        _, s = tf.while_loop(lambda i, s: i < 5, body, [0, c])
        tf.identity(s, name='loss')
        meta = tf.train.export_meta_graph()
        protos = {'cond_context': control_flow_pb2.CondContextDef, 'while_context': control_flow_pb2.WhileContextDef}
        # external_values is a proto map, which Python writes in no fixed order: sorted, for stable fixtures.
        exported = {}
        for k, t in protos.items():
            values = meta.collection_def[k].bytes_list.value
            exported[k] = [sorted_maps(json_format.MessageToDict(t.FromString(b))) for b in values]
            values[:] = [t.FromString(b).SerializeToString(deterministic=True) for b in values]
    # Python's gradients of the imported MetaGraph.
    g = tf.Graph()
    with g.as_default():
        tf.train.import_meta_graph(meta)
        grad = tf.gradients(g.get_tensor_by_name('loss:0'), g.get_tensor_by_name('x:0'))[0]
        with tf.Session() as sess:
            runs = [{'feed': {'x': 1.25, 'p': v}, 'grad': float(sess.run(grad, {'x:0': 1.25, 'p:0': v}))}
                    for v in (True, False)]
    return {'exported': exported, 'meta': base64.b64encode(meta.SerializeToString(deterministic=True)).decode(), 'runs': runs}


# --- build errors -----------------------------------------------------------------------------

def session_access():
    """What a session says to fetches and feeds of tensors inside a cond or a while loop."""
    g = tf.Graph()
    out = {'fetch': {}, 'feed': {}}
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name='x')
        p = tf.placeholder(tf.bool, [], name='p')
        tf.cond(p, lambda: x * 2.0, lambda: x + 1.0)
        _, s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * x), [0, x])
        feed = {'x:0': 2.0, 'p:0': True}
        with tf.Session() as sess:
            def outcome(fn):
                try:
                    return {'value': float(fn())}
                except Exception as e:  # pylint: disable=broad-except
                    return {'class': type(e).__name__, 'message': str(e)}
            for name in ['cond/mul:0', 'cond/pred_id:0', 'cond/switch_t', 'cond/Merge:0', 'while/mul:0',
                         'while/Merge:0', 'while/Exit_1:0']:
                out['fetch'][name] = outcome(lambda: sess.run(name, feed) or 0.0)
            for name in ['while/mul:0', 'while/Enter:0', 'while/mul/Enter:0', 'while/Identity_1:0', 'cond/mul:0',
                         'while/Exit_1:0']:
                out['feed'][name] = outcome(lambda: sess.run(s, {**feed, name: 1.0}))
    return out


def build_errors():
    x = lambda: tf.placeholder(tf.float32, [2], name='x')
    p = lambda: tf.placeholder(tf.bool, [], name='p')

    def cond_mismatch(t, f, **kw):
        def fn():
            a, b = x(), p()
            tf.cond(b, lambda: t(a), lambda: f(a), **kw)
        return fn

    def grown():
        tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, tf.concat([s, s], 0)), [0, tf.ones([1])])

    def leak():
        kept = []

        def body(i):
            kept.append(i * 2)
            return i + 1
        tf.while_loop(lambda i: i < 3, body, [0])
        tf.identity(kept[0])

    cases = {
        'cond_length': cond_mismatch(lambda a: [a], lambda a: [a, a], strict=True),
        'cond_leaf_list': cond_mismatch(lambda a: a, lambda a: [a, a]),
        'cond_keys': cond_mismatch(lambda a: {'a': a}, lambda a: {'b': a}),
        'cond_list_dict': cond_mismatch(lambda a: [a, a], lambda a: {'a': a, 'b': a}),
        'cond_nested_leaf': cond_mismatch(lambda a: [a, {'a': a}], lambda a: [a, {'a': [a]}]),
        'cond_dtype': cond_mismatch(lambda a: a, lambda a: tf.constant(1)),
        'cond_empty': cond_mismatch(lambda a: [], lambda a: []),
        'cond_no_true_value': cond_mismatch(lambda a: None, lambda a: a),
        'cond_no_false_value': cond_mismatch(lambda a: a, lambda a: None),
        'cond_python_bool': lambda: tf.cond(True, lambda: x(), lambda: x()),
        'cond_not_callable': lambda: tf.cond(p(), x(), lambda: x()),
        'while_shape_grows': grown,
        'while_invariant_too_specific': lambda: tf.while_loop(
            lambda i: i < 3, lambda i: i + 1, [tf.zeros([2])], shape_invariants=[tf.TensorShape([3])]),
        'while_max_not_scalar': lambda: tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], maximum_iterations=[3]),
        'while_no_vars': lambda: tf.while_loop(lambda: True, lambda: [], []),
        'while_cond_not_callable': lambda: tf.while_loop(True, lambda i: i + 1, [0]),
        'while_body_not_callable': lambda: tf.while_loop(lambda i: i < 3, 1, [0]),
        'while_parallel_iterations': lambda: tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], parallel_iterations=0),
        'while_body_structure': lambda: tf.while_loop(lambda i, j: i < 3, lambda i, j: [i + 1], [0, 1]),
        'while_tensor_outside': leak,
        'case_pred_dtype': lambda: tf.case([(tf.constant(1), lambda: x())]),
        'case_pred_python': lambda: tf.case([(True, lambda: x())]),
    }
    return errors_of(cases)


def main():
    recorded, values = graphs()
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(), 'training': training(),
           'meta_graph': meta_graph(), 'build_errors': build_errors(),
           'session_access': session_access()}
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
