"""tf.compat.v1.cond inside function graphs, built with TF 2.21 in graph mode, for test/cond_v2.test.ts: in a tf.data
function (map, filter) or a switch_case branch TF builds v2 control flow (cond_v2.cond_v2): one If / StatelessIf op
over `cond_true_<uid>` / `cond_false_<uid>` functions of the graph's library, not Switch / Merge.

For each dataset pipeline: the graph as datasets.py records it; per op taking functions, recursively, each function:
a dataset function's nodes (its args as args[i]) and returns, a branch function's signature, nodes, returns,
control returns and attrs, and the If ops' attrs and inputs (with what automatic control dependencies add in
functions: NoOps, control inputs).
Then the elements. For switch_case graphs: the ops, the functions the same way, values for feeds. Build errors of
conds in switch_case branches (no autograph there to rewrite their messages), gradients through a cond in a branch
(`_IfGrad`) and a training through one.

Writes test/fixtures/graph_layer/cond_v2.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/cond_v2.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import json_format

import control_flow
from control_flow import feeds, gradient_values, value_json
from datasets import graph_json
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'cond_v2.json')

X = np.array([0.5, -1.5], np.float32)
FUNC_ATTRS = ('f', 'predicate', 'then_branch', 'else_branch', 'branches')


def functions_of(g):
    """{'<op>.<attr>[i]' (nested: joined by '>'): the function} for every op taking functions, in the graph and in its
    functions, recursively."""
    lib = {f.signature.name: f for f in g.as_graph_def().library.function}
    out = {}

    def visit(nodes, prefix, in_function):
        for n in nodes:
            for attr in FUNC_ATTRS:
                if attr not in n.attr:
                    continue
                v = n.attr[attr]
                names = [v.func.name] if v.func.name else [fn.name for fn in v.list.func]
                for i, name in enumerate(names):
                    key = '%s%s.%s[%d]' % (prefix, n.name, attr, i)
                    f = lib[name]
                    out[key] = record_function(f, branch=attr in ('then_branch', 'else_branch', 'branches'))
                    visit(f.node_def, key + '>', True)

    visit(g.as_graph_def().node, '', False)
    return out


def record_function(f, branch):
    nodes = list(f.node_def)
    rets = [f.ret[a.name] for a in f.signature.output_arg]
    rename = {}
    if branch:
        rec = {'inputs': [[a.name, a.type] for a in f.signature.input_arg],
               'outputs': [[a.name, a.type] for a in f.signature.output_arg],
               'attr': {k: v.s.decode() for k, v in f.attr.items()},
               'arg_attr': [{k: v.s.decode() if k == '_user_specified_name' else [d.size for d in v.list.shape[0].dim]
                             for k, v in f.arg_attr[n].attr.items()} for n in range(len(f.signature.input_arg))],
               'control_ret': dict(sorted(f.control_ret.items()))}
    else:
        rename = {a.name: 'args[%d]' % k for k, a in enumerate(f.signature.input_arg)}
        rec = {}

    def inputs(n):
        return [rename.get(t, t) for t in n.input]
    rec['nodes'] = sorted([n.name, n.op, inputs(n)] for n in nodes)
    rec['ret'] = [rename.get(r, r) for r in rets]
    rec['ops'] = {n.name: {k: json_format.MessageToDict(v) for k, v in sorted(n.attr.items()) if k not in FUNC_ATTRS}
                  for n in nodes if n.op in ('If', 'StatelessIf', 'Case', 'StatelessCase')}
    return rec


# --- tf.data pipelines: each returns the dataset; run through an initializable iterator ----------------------------

def value_cond():
    """A cond on an element's value: StatelessIf, the element captured by the branch using it."""
    return tf.data.Dataset.range(5).map(lambda x: tf.cond(x > 1, lambda: x * 2, lambda: x + 10))


def random_flip():
    """Random augmentation: a row reversed when an (op-seeded) uniform draw is above 0.5; a branch drawing noise
    (legacy random ops are not stateful to cond_v2: StatelessIf)."""
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3)))
    return ds.map(lambda x: tf.cond(tf.random_uniform([], seed=7) > 0.5,
                                    lambda: tf.reverse(x, [0]),
                                    lambda: x + tf.random_uniform([3], -0.1, 0.1, seed=3)))


def structures():
    """A dict element, a cond returning a tuple and a None, reading a placeholder of the outer graph (captured by
    the map function, then by the branch), a branch returning an op (the predicate once it ran)."""
    thr = tf.placeholder_with_default(tf.constant(1.5), [], name='thr')
    ds = tf.data.Dataset.from_tensor_slices({'a': tf.constant([1.0, 2.0, 3.0]), 'b': tf.constant([10, 20, 30])})

    def fn(d):
        a, b, none = tf.cond(d['a'] > thr, lambda: (d['a'], d['b'] * 2, None), lambda: (-d['a'], d['b'], None))
        assert none is None
        flag = tf.cond(d['b'] > 15, lambda: tf.no_op(), lambda: tf.no_op(), name='flag')
        single = tf.cond(d['a'] > 2.0, lambda: [a * 2.0], lambda: [a], name='single')
        assert isinstance(single, list)
        return {'a': a, 'b': b, 'flag': flag, 'single': single[0]}
    return ds.map(fn)


def nested():
    """A cond in a cond's branch, reading the element and a tensor of the map function; a non-scalar predicate
    (squeezed)."""
    def fn(x):
        y = x * 3
        return tf.cond(tf.reshape(x > 1, [1]), lambda: tf.cond(x > 3, lambda: y, lambda: y + 100, name='inner'),
                       lambda: x - 1)
    return tf.data.Dataset.range(6).map(fn)


def variable_read():
    """A branch reading a resource variable: an If (ReadVariableOp is stateful), the handle a read-only input."""
    w = tf.get_variable('w', initializer=tf.constant(2.0), use_resource=True)
    return tf.data.Dataset.range(4).map(lambda x: tf.cond(x > 1, lambda: tf.cast(x, tf.float32) * w,
                                                          lambda: tf.constant(1.0)))


def filtered():
    """A filter predicate made by a cond."""
    return tf.data.Dataset.range(8).filter(lambda x: tf.cond(tf.equal(x % 2, 0), lambda: tf.constant(True), lambda: x > 4))


PIPELINES = [value_cond, random_flip, structures, nested, variable_read, filtered]


def pipelines(builders=PIPELINES, functions=functions_of):
    """Each dataset of `builders` through an initializable iterator: its graph, `functions` of it, its elements."""
    out = {}
    for build in builders:
        with tf.Graph().as_default() as g:
            it = tf.data.make_initializable_iterator(build())
            nxt = it.get_next()
            out[build.__name__] = dict(graph_json(g), all_functions=functions(g))
            out[build.__name__]['elements'] = run_elements(nxt, it.initializer)
    return out


def run_elements(nxt, init):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(init)
        values = []
        try:
            while True:
                values.append(value_json(sess.run(nxt)))
        except tf.errors.OutOfRangeError:
            return values


# --- conds in switch_case branches (a TF1 graph: no automatic control dependencies) ---------------------------------

def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def in_switch_case():
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    p = tf.placeholder(tf.bool, [], name='p')
    r = tf.switch_case(i, [lambda: tf.cond(x[0] > 0, lambda: x * 2.0, lambda: -x),
                           lambda: tf.cond(p, lambda: {'s': tf.reduce_sum(x)}, lambda: {'s': tf.constant(7.0)})['s'] + x,
                           lambda: x + 1.0])
    return {'r': r}, feeds(a={'x': X, 'i': 0, 'p': True}, b={'x': -X, 'i': 0, 'p': True},
                           c={'x': X, 'i': 1, 'p': True}, d={'x': X, 'i': 1, 'p': False}, e={'x': X, 'i': 2, 'p': False}), \
        tf.get_default_graph()


def in_switch_case_variable():
    """A ref variable's value and a resource variable read in a cond's branches in a switch_case branch."""
    i = tf.placeholder(tf.int32, [], name='i')
    v = tf.Variable([1.0, 2.0], name='v')
    w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
    r = tf.switch_case(i, [lambda: tf.cond(v[0] > 0.5, lambda: v * 2.0, lambda: w.read_value()),
                           lambda: v + w])
    return {'r': r}, feeds(a={'i': 0}, b={'i': 1}), tf.get_default_graph()


GRAPHS = [in_switch_case, in_switch_case_variable]


# --- errors while building ---------------------------------------------------------------------------------------

def build_errors():
    def in_branch(fn):
        i = tf.placeholder(tf.int32, [], name='i')
        return tf.switch_case(i, [fn])

    def x():
        return tf.placeholder(tf.float32, [2], name='x')

    def cross():
        inside = []

        def t():
            inside.append(tf.constant(1.0) * 2.0)
            return inside[0]
        return tf.cond(tf.constant(True), t, lambda: inside[0] + 1.0)

    cases = {
        'dtypes': lambda: in_branch(lambda: tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(1))),
        'structure': lambda: in_branch(lambda: tf.cond(tf.constant(True), lambda: [tf.constant(1.0), tf.constant(2.0)],
                                                       lambda: {'a': tf.constant(1.0), 'b': tf.constant(2.0)})),
        'nesting': lambda: in_branch(lambda: tf.cond(tf.constant(True), lambda: [tf.constant(1.0)],
                                                     lambda: tf.constant(1.0))),
        'cross_branch': lambda: in_branch(cross),
        'python_bool': lambda: in_branch(lambda: tf.cond(True, lambda: tf.constant(1.0), lambda: tf.constant(2.0))),
        'not_callable': lambda: in_branch(lambda: tf.cond(tf.constant(True), tf.constant(1.0), lambda: tf.constant(2.0))),
    }
    return errors_of(cases)


# --- gradients and training ---------------------------------------------------------------------------------------

def grad_cases():
    def in_branch():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        y = tf.switch_case(i, [lambda: tf.cond(x[0] > 0, lambda: x * x * 3.0, lambda: tf.sin(x)), lambda: x])
        return tf.reduce_sum(y * tf.constant([1.0, -2.0])), [x], feeds(
            a={'x': X, 'i': 0}, b={'x': -X, 'i': 0}, c={'x': X, 'i': 1})

    def captured():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
        y = tf.switch_case(i, [lambda: tf.cond(x[1] > 0, lambda: w * x, lambda: tf.exp(x) + w.read_value()),
                               lambda: tf.cond(x[0] > 0, lambda: [x, x * 2.0], lambda: [w.read_value(), x])[1]])
        return tf.reduce_sum(y), [x, w], feeds(a={'x': X, 'i': 0}, b={'x': -X, 'i': 0}, c={'x': X, 'i': 1},
                                               d={'x': -X, 'i': 1})
    return {'in_branch': in_branch, 'captured': captured}


def training():
    """A variable trained through a cond in a switch_case branch by GradientDescent(0.1): each step's loss and the
    variable after."""
    with tf.Graph().as_default():
        v = tf.Variable([1.0, -2.0], name='v')
        index = tf.cast(tf.greater(v[0], 0.5), tf.int32)
        y = tf.switch_case(index, [lambda: v * 2.0 - 1.0,
                                   lambda: tf.cond(v[1] < 0, lambda: tf.square(v) + v, lambda: v * 3.0)])
        loss = tf.reduce_sum(tf.square(y))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
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
    out = {'data': pipelines(), 'graphs': recorded, 'values': values, 'build_errors': build_errors(),
           'gradients': gradient_values(grad_cases()), 'training': training()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
