"""tf.compat.v1.while_loop inside function graphs, built with TF 2.21 in graph mode, for test/while_v2.test.ts: in a
tf.data function or a switch_case branch TF builds v2 control flow (while_v2.while_loop): one While / StatelessWhile op
over `while_cond_<uid>` / `while_body_<uid>` functions of the graph's library, not Enter / Merge / Switch / Exit.

For each dataset pipeline: the graph as datasets.py records it; per op taking functions, recursively, each function
as cond_v2.py records it (a dataset function's nodes; a loop function's signature, nodes, returns and attrs), with
the While ops' attrs; function uids in names as <uid>. Then the elements. For switch_case graphs: the ops, the
functions the same way, values for feeds. Build errors of loops in switch_case branches (no autograph there to
rewrite their messages), gradients through a loop in a branch (`_WhileGrad`) and a training through one.

Writes test/fixtures/graph_layer/while_v2.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/while_v2.py
"""
import json
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import json_format

import control_flow
from control_flow import feeds, gradient_values, value_json
from cond_v2 import record_function, run_elements, shapes_of
from datasets import graph_json
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'while_v2.json')

X = np.array([0.5, -1.5], np.float32)
LOOP_ATTRS = ('cond', 'body')
FUNC_ATTRS = ('f', 'predicate', 'then_branch', 'else_branch', 'branches') + LOOP_ATTRS


def without_uids(rec):
    """Function uids (process-wide counters) as <uid>."""
    return json.loads(re.sub(r'_(cond|body)_\d+', r'_\1_<uid>', json.dumps(rec)))


def functions_of(g):
    """{'<op>.<attr>[i]' (nested: joined by '>'): the function}, as cond_v2.py's, with the loop functions (as branch
    functions) and each While op's attrs but its functions."""
    lib = {f.signature.name: f for f in g.as_graph_def().library.function}
    out = {}

    def visit(nodes, prefix):
        for n in nodes:
            for attr in (a for a in FUNC_ATTRS if a in n.attr):
                v = n.attr[attr]
                for i, name in enumerate([v.func.name] if v.func.name else [fn.name for fn in v.list.func]):
                    key = '%s%s.%s[%d]' % (prefix, n.name, attr, i)
                    f = lib[name]
                    rec = record_function(f, branch=attr != 'f' and attr != 'predicate')
                    rec['loops'] = {m.name: {k: json_format.MessageToDict(a) for k, a in sorted(m.attr.items())
                                             if k not in LOOP_ATTRS} for m in f.node_def if m.op.endswith('While')}
                    out[key] = rec
                    visit(f.node_def, key + '>')

    visit(g.as_graph_def().node, '')
    return without_uids(out)


# --- tf.data pipelines ---------------------------------------------------------------------------------------------

def counter():
    """A loop bounded by the element: StatelessWhile, the element captured by the cond (then by the body first)."""
    return tf.data.Dataset.range(5).map(lambda x: tf.while_loop(
        lambda i, s: i < x, lambda i, s: (i + 1, s + i), [tf.constant(0, tf.int64), tf.constant(0, tf.int64)]))


def captures():
    """A dict loop variable; the body reading a tensor of the map function and a placeholder of the outer graph the
    cond does not read (the cond's redundant placeholders); maximum_iterations."""
    thr = tf.placeholder_with_default(tf.constant(1.5), [], name='thr')

    def fn(x):
        y = x * 2
        return tf.while_loop(lambda i, acc: i < x, lambda i, acc: (i + 1, {'a': acc['a'] + y, 'b': acc['b'] * thr}),
                             [tf.constant(0, tf.int64), {'a': tf.constant(0, tf.int64), 'b': tf.constant(1.0)}],
                             maximum_iterations=3)
    return tf.data.Dataset.range(5).map(fn)


def invariants():
    """A vector growing by one each iteration (shape_invariants), a Python int counter, parallel_iterations; a
    single loop variable's loop giving its tensor."""
    def fn(x):
        _, v = tf.while_loop(lambda i, v: i < tf.cast(x, tf.int32),
                             lambda i, v: (i + 1, tf.concat([v, [tf.cast(i, tf.float32)]], 0)),
                             [0, tf.zeros([0])], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])],
                             parallel_iterations=4)
        halved = tf.while_loop(lambda h: h > 1.0, lambda h: h / 2.0, [tf.cast(x, tf.float32) + 1.0], name='halve')
        return v, halved
    return tf.data.Dataset.range(4).map(fn)


def nested():
    """A loop in a loop's body, and a cond in a loop's body (its If in the body function)."""
    def fn(x):
        def body(i, s):
            inner = tf.while_loop(lambda j, t: j < i, lambda j, t: (j + 1, t + j), [tf.constant(0, tf.int64), s],
                                  name='inner')[1]
            return i + 1, tf.cond(inner > 5, lambda: inner - 5, lambda: inner)
        return tf.while_loop(lambda i, s: i < x, body, [tf.constant(0, tf.int64), tf.constant(0, tf.int64)])
    return tf.data.Dataset.range(5).map(fn)


def variable_read():
    """A body reading a resource variable: a While (ReadVariableOp is stateful), the handle a read-only input."""
    w = tf.get_variable('w', initializer=tf.constant(2.0), use_resource=True)
    return tf.data.Dataset.range(4).map(lambda x: tf.while_loop(
        lambda i, s: i < x, lambda i, s: (i + 1, s * w), [tf.constant(0, tf.int64), tf.constant(1.0)]))


def map_fn():
    """tf.map_fn on an element: its TensorArrays TensorLists (_GraphTensorArrayV2), its loop a While."""
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2)))
    return ds.map(lambda x: tf.map_fn(lambda r: r * 2.0 + 1.0, x))


def tensor_array_loop():
    """A TensorArray written in a loop (a dynamic one, read back in the loop) and stacked, gathered, concatenated;
    tf.scan on the element."""
    def fn(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[2])

        def body(i, ta):
            prev = tf.cond(i > 0, lambda: ta.read(i - 1), lambda: tf.zeros([2]))
            return i + 1, ta.write(i, prev + tf.cast(x, tf.float32))
        _, ta = tf.while_loop(lambda i, ta: i < 3, body, [0, ta])
        return {'stack': ta.stack(), 'gather': ta.gather([2, 0]), 'concat': ta.concat(), 'size': ta.size(),
                'scan': tf.scan(lambda a, e: a + e, tf.range(tf.cast(x, tf.int32) + 1))}
    return tf.data.Dataset.range(3).map(fn)


PIPELINES = [counter, captures, invariants, nested, variable_read, map_fn, tensor_array_loop]


def pipelines():
    out = {}
    for build in PIPELINES:
        with tf.Graph().as_default() as g:
            it = tf.data.make_initializable_iterator(build())
            nxt = it.get_next()
            out[build.__name__] = dict(without_uids(graph_json(g)), all_functions=functions_of(g))
            out[build.__name__]['elements'] = run_elements(nxt, it.initializer)
    return out


# --- loops in switch_case branches -----------------------------------------------------------------------------------

def in_switch_case():
    """Loops in switch_case branches: reading the branch's input, back_prop=False, return_same_structure."""
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    n = tf.placeholder(tf.int32, [], name='n')
    r = tf.switch_case(i, [
        lambda: tf.while_loop(lambda k, y: k < n, lambda k, y: (k + 1, y * x), [0, tf.ones([2])])[1],
        lambda: tf.while_loop(lambda y: tf.reduce_sum(y) < 10.0, lambda y: y + tf.abs(x), [x], back_prop=False),
        lambda: tf.while_loop(lambda y: tf.reduce_sum(y) < 3.0, lambda y: [y + 1.0], [x],
                              return_same_structure=True)[0]])
    return {'r': r}, feeds(a={'x': X, 'i': 0, 'n': 3}, b={'x': X, 'i': 1, 'n': 0}, c={'x': X, 'i': 2, 'n': 0}), \
        tf.get_default_graph()


def scatter_in_switch_case():
    """Resource variable updates in switch_case branches: built in the branch functions on the captured handle."""
    i = tf.placeholder(tf.int32, [], name='i')
    w = tf.get_variable('w', initializer=tf.constant([[1.0, 2.0], [3.0, 4.0]]), use_resource=True)
    r = tf.switch_case(i, [lambda: tf.scatter_update(w, [0], [[5.0, 6.0]]),
                           lambda: tf.scatter_add(w, [1], [[1.0, 1.0]]),
                           lambda: tf.batch_scatter_update(w, [[1], [0]], [[7.0], [8.0]])])
    return {'r': r}, feeds(a={'i': 0}, b={'i': 1}, c={'i': 2}, d={'i': 0}), tf.get_default_graph()


GRAPHS = [in_switch_case, scatter_in_switch_case]


def build_errors():
    def in_branch(fn):
        i = tf.placeholder(tf.int32, [], name='i')
        return tf.switch_case(i, [fn])

    cases = {
        'shape': lambda: in_branch(lambda: tf.while_loop(lambda v: tf.size(v) < 3, lambda v: tf.concat([v, v], 0),
                                                         [tf.ones([1])])),
        'dtype': lambda: in_branch(lambda: tf.while_loop(lambda v: v < 3, lambda v: tf.cast(v, tf.float32) + 1.0,
                                                         [tf.constant(0)])),
        'structure': lambda: in_branch(lambda: tf.while_loop(lambda a, b: a < 3, lambda a, b: [a + 1],
                                                             [tf.constant(0), tf.constant(1)])),
        'max_dtype': lambda: in_branch(lambda: tf.while_loop(lambda v: v < 3, lambda v: v + 1, [tf.constant(0)],
                                                             maximum_iterations=tf.constant(2, tf.int64))),
    }
    return errors_of(cases)


# --- gradients and training ----------------------------------------------------------------------------------------

def grad_cases():
    def in_branch():
        """A loop's values and a captured tensor's, through a while_loop in a switch_case branch."""
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        y = tf.switch_case(i, [
            lambda: tf.while_loop(lambda k, v: k < 3, lambda k, v: (k + 1, v * x + tf.sin(v)), [0, x])[1],
            lambda: x * 2.0])
        return tf.reduce_sum(y * tf.constant([1.0, -2.0])), [x], feeds(a={'x': X, 'i': 0}, b={'x': -X, 'i': 0},
                                                                    c={'x': X, 'i': 1})

    def variable():
        """A resource variable read in the body, a loop bounded by a placeholder (no iteration for n=0)."""
        x = tf.placeholder(tf.float32, [2], name='x')
        n = tf.placeholder(tf.int32, [], name='n')
        w = tf.get_variable('w', initializer=tf.constant([0.5, -1.0]), use_resource=True)
        y = tf.switch_case(tf.constant(0), [
            lambda: tf.while_loop(lambda k, v, s: k < n, lambda k, v, s: (k + 1, tf.tanh(v * w), s + tf.reduce_sum(v)),
                                  [0, x, 0.0], maximum_iterations=5)])
        return y[1][0] + y[2] * 0.5, [x, w], feeds(a={'x': X, 'n': 3}, b={'x': -X, 'n': 0}, c={'x': X, 'n': 9})
    return {'in_branch': in_branch, 'variable': variable}


def training():
    """A variable trained through a while_loop in a switch_case branch by GradientDescent(0.1): each step's loss and
    the variable after."""
    with tf.Graph().as_default():
        v = tf.Variable([1.0, -0.5], name='v')
        y = tf.switch_case(tf.constant(0), [
            lambda: tf.while_loop(lambda k, a: k < 4, lambda k, a: (k + 1, a * 0.9 + v), [0, tf.zeros([2])])[1]])
        loss = tf.reduce_sum(tf.square(y - tf.constant([1.0, 2.0])))
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(6)]
            return {'losses': losses, 'v': value_json(sess.run(v))}


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of, more=lambda g: {'all_functions': functions_of(g)})
    for g in recorded.values():
        for attrs in g['attrs'].values():
            if 'branches' in attrs:
                attrs['branches'] = '<fn>'
    out = {'data': pipelines(), 'graphs': without_uids(recorded), 'values': values, 'build_errors': build_errors(),
           'gradients': gradient_values(grad_cases()), 'training': training()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
