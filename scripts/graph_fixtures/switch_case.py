"""TF1's tf.switch_case (tf.compat.v1.switch_case) built with TF 2.21 in graph mode, for test/switch_case.test.ts:
the functional Case / StatelessCase op cond_v2.indexed_case makes, its branch functions, values for each
branch index (the default, out-of-range indices), captured tensors and variables, nested output structures,
the errors bad arguments raise while building, gradients and trainings through a switch_case. Also resource
variables read and updated in branches and in tf.data map functions, where TF builds the reads in the function on
the captured handle.

For each graph: its ops as io_ops.py records them, the `branches` function names (which carry a
process-wide uid) as '<fn>', and per Case op each branch function's signature and nodes (name, op, inputs);
the static shapes of its fetches and what session runs of them give for each feed.

Writes test/fixtures/graph_layer/switch_case.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/switch_case.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds, gradient_values, value_json
from datasets import graph_json
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'switch_case.json')

X = np.array([0.5, -1.5], np.float32)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def functions_of(g):
    """Per Case op, each branch function: its input and output args [name, type], nodes [name, op, inputs], returns,
    attrs (string ones) and arg attrs (the name of the tensor an input captures, its shape)."""
    lib = {f.signature.name: f for f in g.as_graph_def().library.function}
    out = {}
    for op in g.get_operations():
        if op.type not in ('Case', 'StatelessCase'):
            continue
        out[op.name] = []
        for fn in op.node_def.attr['branches'].list.func:
            f = lib[fn.name]
            out[op.name].append({
                'inputs': [[a.name, a.type] for a in f.signature.input_arg],
                'outputs': [[a.name, a.type] for a in f.signature.output_arg],
                'nodes': sorted([n.name, n.op, list(n.input)] for n in f.node_def),
                'ret': [f.ret[a.name] for a in f.signature.output_arg],
                'attr': {k: v.s.decode() for k, v in f.attr.items()},
                'arg_attr': [{k: v.s.decode() if k == '_user_specified_name' else [d.size for d in v.list.shape[0].dim]
                              for k, v in f.arg_attr[n].attr.items()} for n in range(len(f.signature.input_arg))],
            })
    return out


def indices(*values):
    return feeds(**{'i%d' % k: {'x': X, 'i': v} for k, v in enumerate(values)})


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name, the graph) --

def basic():
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    r = tf.switch_case(i, [lambda: x * 2.0, lambda: x + 1.0, lambda: tf.constant([5.0, 6.0])])
    return {'r': r}, indices(0, 1, 2, 5, -1), tf.get_default_graph()


def with_default():
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    r = tf.switch_case(i, {1: lambda: tf.square(x), 0: lambda: x - 3.0}, default=lambda: tf.zeros([2]), name='sc')
    again = tf.switch_case(i, [(0, lambda: x), (1, lambda: x * x)])
    return {'r': r, 'again': again}, indices(0, 1, 2, -4), tf.get_default_graph()


def variables():
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    v = tf.Variable([1.0, 2.0], name='v')
    r = tf.switch_case(i, [lambda: v * x, lambda: v + 1.0, lambda: -x])
    return {'r': r}, indices(0, 1, 2, 3), tf.get_default_graph()


def structures():
    x = tf.placeholder(tf.float32, [2], name='x')
    y = tf.placeholder(tf.float32, [None, 2], name='y')
    i = tf.placeholder(tf.int32, [], name='i')
    r = tf.switch_case(i, [
        lambda: {'a': [x, x * 2.0], 'b': 3, 'c': y},
        lambda: {'a': [tf.ones([2]), x], 'b': 4, 'c': tf.zeros([3, 2])},
    ])
    return r, feeds(a={'x': X, 'i': 0, 'y': [[1, 2]]}, b={'x': X, 'i': 1, 'y': [[1, 2]]}), tf.get_default_graph()


def nested():
    """A switch_case in a branch of another, its branches reading the outer graph's tensors."""
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    j = tf.placeholder(tf.int32, [], name='j')
    r = tf.switch_case(i, [lambda: tf.switch_case(j, [lambda: x * 3.0, lambda: tf.exp(x)]) + 1.0,
                           lambda: x - 1.0])
    return {'r': r}, feeds(a={'x': X, 'i': 0, 'j': 0}, b={'x': X, 'i': 0, 'j': 1}, c={'x': X, 'i': 1, 'j': 0}), \
        tf.get_default_graph()


def random():
    """Legacy random ops in branches (a StatelessCase, as auto_control_deps has them), seeded by op and by the
    graph seed the branch functions inherit."""
    tf.set_random_seed(5)
    i = tf.placeholder(tf.int32, [], name='i')
    r = tf.switch_case(i, [lambda: tf.random_uniform([2], seed=3), lambda: tf.random_normal([2]) + tf.random_normal([2])])
    return {'r': r}, feeds(a={'i': 0}, b={'i': 1}), tf.get_default_graph()


def side_effects():
    """Branches returning ops: the Case gives the branch index once they ran."""
    i = tf.placeholder(tf.int32, [], name='i')
    w = tf.get_variable('w', initializer=tf.constant(1.0), use_resource=True)
    r = tf.switch_case(i, [lambda: w.assign_add(tf.constant(2.0), read_value=False), lambda: tf.no_op()])
    return {'r': r}, feeds(a={'i': 0}, b={'i': 1}, c={'i': 4}), tf.get_default_graph()


def resource_reads():
    """A resource variable read in branches (value, read_value, tf.identity, sparse_read, a slice): each read a
    ReadVariableOp (ResourceGather) in the branch's function on the captured handle, the Case a stateful one."""
    x = tf.placeholder(tf.float32, [2], name='x')
    i = tf.placeholder(tf.int32, [], name='i')
    w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
    r = tf.switch_case(i, [lambda: w * x, lambda: w.read_value() + 1.0, lambda: tf.identity(w),
                           lambda: tf.concat([w.sparse_read([1]), w[:1]], 0)])
    return {'r': r}, indices(0, 1, 2, 3), tf.get_default_graph()


def resource_updates():
    """A resource variable updated in branches (assign_add, assign, scatter_add, scatter_nd_update): the update and
    the read after it in the function, the deltas' Consts too."""
    i = tf.placeholder(tf.int32, [], name='i')
    w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
    r = tf.switch_case(i, [lambda: w.assign_add([1.0, 2.0]), lambda: w.assign([5.0, 6.0]),
                           lambda: w.scatter_add(tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]))),
                           lambda: w.scatter_nd_update(tf.constant([[1]]), [7.0])])
    return {'r': r}, feeds(a={'i': 0}, b={'i': 1}, c={'i': 2}, d={'i': 3}), tf.get_default_graph()


def ref_reads():
    """A ref variable in branches: its value (v/read) captured, read_value an Identity of the captured ref,
    initialized_value's cond built outside the Case (init_scope) and captured."""
    i = tf.placeholder(tf.int32, [], name='i')
    v = tf.Variable([1.0, 2.0], name='v')
    r = tf.switch_case(i, [lambda: v.read_value(), lambda: v.value() * 2.0, lambda: v.initialized_value()])
    return {'r': r}, feeds(a={'i': 0}, b={'i': 1}, c={'i': 2}), tf.get_default_graph()


GRAPHS = [basic, with_default, variables, structures, nested, random, side_effects, resource_reads, resource_updates,
          ref_reads]


# --- resource variables in tf.data map functions ---------------------------------------------------------------

def function_nodes(g):
    """Per op that takes a function, its function's nodes [name, op, inputs] (the function's args as args[i]),
    sorted."""
    lib = {f.signature.name: f for f in g.as_graph_def().library.function}
    out = {}
    for op in g.get_operations():
        for v in op.node_def.attr.values():
            if v.func.name:
                f = lib[v.func.name]
                args = {a.name: 'args[%d]' % k for k, a in enumerate(f.signature.input_arg)}
                out[op.name] = sorted([n.name, n.op, [args.get(t, t) for t in n.input]] for n in f.node_def)
    return out


def data_graphs():
    """Map functions reading and updating a resource variable (the handle the MapDataset's captured input), run
    through an initializable iterator: the graph as datasets.py records it, function_nodes, the elements."""
    def reads():
        w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
        ds = tf.data.Dataset.from_tensor_slices(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
        return ds.map(lambda x: tf.add(x * w, w.read_value(), name='Add'))

    def updates():
        w = tf.get_variable('w', initializer=tf.constant(0.0), use_resource=True)
        # The value read after the update, which assign_add leaves to its first use.
        return tf.data.Dataset.range(3).map(lambda x: tf.add(tf.cast(x, tf.float32), w.assign_add(1.0).value(), name='Add'))

    out = {}
    for name, build in {'reads': reads, 'updates': updates}.items():
        with tf.Graph().as_default() as g:
            it = tf.data.make_initializable_iterator(build())
            nxt = it.get_next()
            out[name] = dict(graph_json(g), nodes=function_nodes(g))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(it.initializer)
                out[name]['elements'] = [value_json(sess.run(nxt)) for _ in range(2 if name == 'reads' else 3)]
    return out


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def x():
        return tf.placeholder(tf.float32, [2], name='x')

    def i():
        return tf.placeholder(tf.int32, [], name='i')

    def f():
        return tf.constant(1.0)

    def ref_assign(v):
        return tf.switch_case(i(), [lambda: v.assign_add([1.0, 1.0])])

    def data_one_shot(w):
        return tf.data.make_one_shot_iterator(tf.data.Dataset.range(2).map(lambda x: tf.cast(x, tf.float32) * w))
    cases = {
        'python_int_index': lambda: tf.switch_case(1, [f]),
        'float_index': lambda: tf.switch_case(tf.constant(1.0), [f]),
        'int64_index': lambda: tf.switch_case(tf.constant(1, tf.int64), [f]),
        'no_branches': lambda: tf.switch_case(i(), []),
        'not_a_list': lambda: tf.switch_case(i(), f),
        'not_a_pair': lambda: tf.switch_case(i(), [(0, f), 3]),
        'key_not_int': lambda: tf.switch_case(i(), {'a': f}),
        'not_callable': lambda: tf.switch_case(i(), {0: 3}),
        'keys_not_contiguous': lambda: tf.switch_case(i(), {0: f, 2: f}),
        'negative_key': lambda: tf.switch_case(i(), [(-1, f), (0, f)]),
        'structure': lambda: tf.switch_case(i(), [lambda: [tf.constant(1.0), tf.constant(2.0)],
                                                  lambda: {'a': tf.constant(1.0), 'b': tf.constant(2.0)}]),
        'nesting': lambda: tf.switch_case(i(), [lambda: [tf.constant(1.0), [tf.constant(2.0)]],
                                                lambda: [[tf.constant(1.0)], tf.constant(2.0)]]),
        'dict_keys': lambda: tf.switch_case(i(), [lambda: {'a': tf.constant(1.0)}, lambda: {'b': tf.constant(1.0)}]),
        'dtypes': lambda: tf.switch_case(i(), [lambda: x() * 2.0, lambda: tf.constant([1, 2])]),
        # A function captures a ref variable's ref as a tensor, which a ref update does not take.
        'ref_assign': lambda: ref_assign(tf.Variable([1.0, 2.0], name='v')),
        # A one-shot iterator copies its dataset's graph by value, which a variable's handle cannot be.
        'data_one_shot': lambda: data_one_shot(tf.get_variable('w', initializer=1.0, use_resource=True)),
    }
    return errors_of(cases)


# --- gradients and training --------------------------------------------------------------------

def grad_cases():
    def branches():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        y = tf.switch_case(i, [lambda: x * x * 3.0, lambda: tf.sin(x) + x, lambda: tf.constant([1.0, 2.0])])
        return tf.reduce_sum(y * tf.constant([1.0, -2.0])), [x], indices(0, 1, 2, 7)

    def captured():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        v = tf.Variable([1.0, 2.0], name='v')
        a, b = tf.switch_case(i, {0: lambda: [v * x, tf.exp(x)], 1: lambda: [x, v * v]}, default=lambda: [v, x])
        return tf.reduce_sum(a * 2.0 + b), [x, v], indices(0, 1, 2)

    def resource():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
        y = tf.switch_case(i, [lambda: w * x, lambda: tf.tanh(w)])
        return tf.reduce_sum(y), [x, w], indices(0, 1)
    def nested():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        j = tf.placeholder(tf.int32, [], name='j')
        y = tf.switch_case(i, [lambda: tf.switch_case(j, [lambda: x * x, lambda: tf.exp(x)]) * 2.0, lambda: x])
        return tf.reduce_sum(y), [x], feeds(a={'x': X, 'i': 0, 'j': 0}, b={'x': X, 'i': 0, 'j': 1},
                                            c={'x': X, 'i': 1, 'j': 1})
    def resource_reads():
        x = tf.placeholder(tf.float32, [2], name='x')
        i = tf.placeholder(tf.int32, [], name='i')
        w = tf.get_variable('w', initializer=tf.constant([3.0, -1.0]), use_resource=True)
        y = tf.switch_case(i, [lambda: tf.sin(w.read_value()) * x, lambda: w[1:] * w.value()[:1] * x,
                               lambda: tf.identity(w) * 2.0])
        return tf.reduce_sum(y), [x, w], indices(0, 1, 2)
    return {'branches': branches, 'captured': captured, 'resource': resource, 'nested': nested,
            'resource_reads': resource_reads}


def trained(build):
    """The variable `build` makes (with the loss of it) trained by GradientDescent(0.1) (TF1's loop of
    sess.run([loss, train_op])): each step's loss, the variable after."""
    with tf.Graph().as_default():
        v, loss = build()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(6)]
            return {'losses': losses, 'v': value_json(sess.run(v))}


def training():
    """A variable trained through a switch_case on its own first element."""
    v = tf.Variable([1.0, -2.0], name='v')
    index = tf.cast(tf.greater(v[0], 0.5), tf.int32)
    y = tf.switch_case(index, [lambda: v * 2.0 - 1.0, lambda: tf.square(v) + v])
    return v, tf.reduce_sum(tf.square(y))


def training_resource():
    """A resource variable read in both branches (value, read_value) of a switch_case on its first element."""
    w = tf.get_variable('w', initializer=tf.constant([1.0, -2.0]), use_resource=True)
    x = tf.constant([0.5, 1.5], name='x')
    index = tf.cast(tf.greater(w[0], 0.5), tf.int32)
    y = tf.switch_case(index, [lambda: w * 2.0 - x, lambda: tf.square(w.read_value()) + x])
    return w, tf.reduce_sum(tf.square(y))


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of, more=lambda g: {'functions': functions_of(g)})
    for g in recorded.values():
        for attrs in g['attrs'].values():
            if 'branches' in attrs:
                attrs['branches'] = '<fn>'
    out = {'graphs': recorded, 'values': values, 'build_errors': build_errors(),
           'gradients': gradient_values(grad_cases()), 'training': trained(training), 'training_resource': trained(training_resource),
           'data': data_graphs()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
