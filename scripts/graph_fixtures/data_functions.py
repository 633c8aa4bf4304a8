"""tf.data functions as TF 2.21 traces them (StructuredFunctionWrapper: a tf.function's FuncGraph, with automatic
control dependencies), built in graph mode for test/data_functions.test.ts: the graph's random seed inherited by
the function (op seeds counted per function), stateful ops in program order and the function's control outputs
(NoOp, control_ret), captured tensors' arguments named for the op capturing them, outputs returned through
Identities. Then tf.data.experimental.rejection_resample, whose pipeline is made of such functions.

For each pipeline: the graph as datasets.py records it; per op taking a function (nested: '<op>.<attr>' joined by
'>'), its whole FunctionDef but the name (which carries a process-wide uid): signature, nodes with inputs and
attrs (a function attr as '<fn>'), returns, control returns, attrs, arg attrs. Then the elements a session gets until OutOfRangeError.

Writes test/fixtures/graph_layer/data_functions.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/data_functions.py
"""
import os
import sys

import tensorflow.compat.v1 as tf
from google.protobuf import json_format

from cond_v2 import pipelines
from io_ops import write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'data_functions.json')
FUNC_ATTRS = ('f', 'predicate', 'key_func', 'reduce_func', 'window_size_func', 'init_func', 'finalize_func')


def attrs_json(attr):
    """Attrs as JSON; a function (named for its Python function and a uid, and marked a tf.data one) as '<fn>'."""
    return {k: '<fn>' if v.HasField('func') else json_format.MessageToDict(v) for k, v in sorted(attr.items())}


def function_json(f):
    sig = f.signature
    return {
        'inputs': [[a.name, a.type] for a in sig.input_arg],
        'outputs': [[a.name, a.type] for a in sig.output_arg],
        'is_stateful': sig.is_stateful,
        'control_output': list(sig.control_output),
        'nodes': [[n.name, n.op, list(n.input), attrs_json(n.attr)] for n in f.node_def],
        'ret': [f.ret[a.name] for a in sig.output_arg],
        'control_ret': dict(sorted(f.control_ret.items())),
        'attr': attrs_json(f.attr),
        'arg_attr': [attrs_json(f.arg_attr[k].attr) for k in range(len(sig.input_arg))],
    }


def functions_of(g):
    """{'<op>.<attr>' (nested: joined by '>'): the function} for every op taking a function."""
    lib = {f.signature.name: f for f in g.as_graph_def().library.function}
    out = {}

    def visit(nodes, prefix):
        for n in nodes:
            for attr in FUNC_ATTRS:
                if attr in n.attr and n.attr[attr].func.name:
                    key = '%s%s.%s' % (prefix, n.name, attr)
                    f = lib[n.attr[attr].func.name]
                    out[key] = function_json(f)
                    visit(f.node_def, key + '>')

    visit(g.as_graph_def().node, '')
    return out


# --- pipelines: each returns the dataset, run through an initializable iterator ------------------------------------

def graph_seed():
    """Random ops without an op seed under a graph seed only: the function has the graph's seed, its op seeds
    counted from 0 in the function (a second map counts again)."""
    tf.set_random_seed(42)
    ds = tf.data.Dataset.range(4).map(lambda x: tf.cast(x, tf.float32) + tf.random_uniform([2]))
    return ds.map(lambda y: (y, tf.random_normal([]), tf.random_uniform([], seed=3)))


def ordered_updates():
    """A variable updated then read in the function (the read after the update), another only read, an outer
    constant used: ops in program order, the function's control outputs, captures named for their consumers."""
    w = tf.get_variable('w', initializer=tf.constant(2.0), use_resource=True)
    v = tf.get_variable('v', initializer=tf.constant(0.0), use_resource=True)
    c = tf.constant(3.0, name='c')

    def fn(x):
        v.assign_add(1.0, read_value=False)
        y = tf.multiply(tf.multiply(tf.cast(x, tf.float32), w.read_value()), c)
        return y, v.read_value()
    return tf.data.Dataset.range(3).map(fn)


def write_after_read():
    """A read, then a write of the same variable, then another read: the write after the first read, the second
    read after the write."""
    v = tf.get_variable('v', initializer=tf.constant(10.0), use_resource=True)

    def fn(x):
        before = v.read_value()
        v.assign(tf.cast(x, tf.float32), read_value=False)
        return before, v.read_value()
    return tf.data.Dataset.range(3).map(fn)


def returns():
    """An argument returned as it is, a captured tensor returned, the same tensor returned twice: each through an
    Identity."""
    t = tf.placeholder_with_default(tf.constant([1, 2], tf.int64), [2], name='t')
    ds = tf.data.Dataset.range(2)
    return ds.map(lambda x: (x, t) + (tf.add(x, 1, name="Add"),) * 2)


def predicate_and_flat_map():
    """A filter reading an outer tensor, a flat_map making a dataset with a map of its own."""
    thr = tf.constant(1, tf.int64, name='thr')
    ds = tf.data.Dataset.range(4).filter(lambda x: tf.greater(x, thr))
    return ds.flat_map(lambda x: tf.data.Dataset.range(x).map(lambda y: tf.multiply(y, x)))


def prints():
    """Stateful ops of no resource (PrintV2): each after the one before."""
    def fn(x):
        tf.print('a', x, output_stream=sys.stdout)
        tf.print('b', output_stream=sys.stdout)
        return x + 1
    return tf.data.Dataset.range(2).map(fn)


def cond_then_update():
    """A cond reading a variable (an If, the handle a read-only input), then an update of it: the update after
    the If."""
    v = tf.get_variable('v', initializer=tf.constant(1.0), use_resource=True)

    def fn(x):
        r = tf.cond(x > 0, lambda: tf.add(v.read_value(), 1.0, name='Add'), lambda: tf.constant(0.0))
        v.assign_add(1.0, read_value=False)
        return r
    return tf.data.Dataset.range(3).map(fn)


LABELS = [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0]


def resample_known():
    """rejection_resample with a known initial distribution: the filtered data mixed with the original."""
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(LABELS, tf.int32))
    return ds.apply(tf.data.experimental.rejection_resample(lambda x: x, target_dist=[0.5, 0.5],
                                                            initial_dist=[0.75, 0.25], seed=7))


def resample_estimated():
    """rejection_resample of (feature, label) elements, the initial distribution estimated as the data comes."""
    ds = tf.data.Dataset.from_tensor_slices((tf.range(16, dtype=tf.float32), tf.constant(LABELS, tf.int32)))
    return ds.apply(tf.data.experimental.rejection_resample(lambda f, label: label, target_dist=[0.5, 0.5], seed=3))


def resample_already():
    """rejection_resample to the distribution the data has: the original data with its classes."""
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(LABELS, tf.int32))
    return ds.apply(tf.data.experimental.rejection_resample(lambda x: x, target_dist=[0.75, 0.25],
                                                            initial_dist=[0.75, 0.25]))


PIPELINES = [graph_seed, ordered_updates, write_after_read, returns, predicate_and_flat_map, prints, cond_then_update,
             resample_known, resample_estimated, resample_already]


if __name__ == '__main__':
    write_fixture({'data': pipelines(PIPELINES, functions_of)}, OUT, compact=True)
