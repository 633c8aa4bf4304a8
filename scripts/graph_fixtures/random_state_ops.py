"""TF1's random ops (tf.compat.v1's random_* and tf.random, stateless ones too) and state ops (the
scatter updates, count_up_to, the Variable methods behind them) built with TF 2.21 in graph mode, for
test/random_state_ops.test.ts.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give (the random ops with op or graph seeds, so the same values each run; the variables
initialized before each run). Also the gradients of the gamma samples, a short training through a
scatter update, and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/random_state_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/random_state_ops.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from io_ops import errors_of, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'random_state_ops.json')

LOGITS = [[0.0, 1.0, 2.0], [2.0, 0.5, -1.0]]
M = np.arange(12, dtype=np.float32).reshape(4, 3)


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def random_seeded():
    """The stateful random ops with op seeds."""
    x = tf.placeholder(tf.float32, [4, 3], name='x')
    n = tf.placeholder(tf.int32, [2], name='n')
    out = {
        'shuffle': tf.random_shuffle(x, seed=1),
        'shuffle_named': tf.random.shuffle([1, 2, 3, 4, 5], seed=2, name='perm'),
        'multinomial': tf.multinomial(LOGITS, 5, seed=3),
        'multinomial_int32': tf.random.multinomial(tf.constant(LOGITS), 4, seed=4, output_dtype=tf.int32, name='mn'),
        'categorical': tf.random.categorical(LOGITS, 6, seed=5),
        'categorical_int32': tf.random.categorical(LOGITS, 2, dtype=tf.int32, seed=6, name='cat'),
        'gamma': tf.random_gamma([3], [0.5, 1.5], seed=7),
        'gamma_beta': tf.random.gamma([2], alpha=[[1.0], [3.0]], beta=[[3.0, 4.0]], dtype=tf.float64, seed=8),
        'poisson': tf.random_poisson([1.0, 4.0], [3], seed=9),
        'poisson_int': tf.random.poisson(tf.constant([[2.0], [5.0]]), [2], dtype=tf.int32, seed=10, name='pois'),
        'uniform_int': tf.random_uniform([2, 3], minval=-5, maxval=5, dtype=tf.int32, seed=11),
        'uniform_int64': tf.random.uniform([4], maxval=100, dtype=tf.int64, seed=12),
        'uniform_shape_tensor': tf.random.uniform(n, seed=13),
        'uniform_range': tf.random.uniform([3], 2.0, 4.0, seed=14, name='u'),
        'normal': tf.random.normal([2, 2], mean=1.0, stddev=0.5, seed=15),
        'normal_shape_tensor': tf.random_normal(n, seed=16, dtype=tf.float64),
        'truncated': tf.random.truncated_normal([5], stddev=2.0, seed=17),
        'truncated_shape_tensor': tf.truncated_normal(n, seed=18, name='tn'),
        'crop': tf.random_crop(x, [2, 2], seed=19),
    }
    return out, feeds(a={'x': M, 'n': [2, 3]})


def random_graph_seeded():
    """A graph seed and no op seeds: each op's seed counted in the graph."""
    tf.set_random_seed(5)
    out = {
        'shuffle': tf.random.shuffle(tf.range(6)),
        'categorical': tf.random.categorical(LOGITS, 3),
        'gamma': tf.random.gamma([2], 2.0),
        'poisson': tf.random.poisson(3.0, [4]),
        'uniform': tf.random.uniform([3]),
        'seeds': [tf.constant(s) for s in tf.random.get_seed(None) + tf.random.get_seed(42)],
    }
    return out, feeds(a={})


def stateless():
    """The stateless random ops: the same values for the same seed tensor."""
    seed = tf.placeholder(tf.int32, [2], name='seed')
    out = {
        'uniform': tf.random.stateless_uniform([2, 3], seed=[1, 2]),
        'uniform_range': tf.random.stateless_uniform([3], seed, minval=-1.0, maxval=3.0, name='su'),
        'uniform_int': tf.random.stateless_uniform([4], seed, minval=0, maxval=10, dtype=tf.int32),
        'uniform_full_int': tf.random.stateless_uniform([2], seed, minval=None, maxval=None, dtype=tf.int64),
        'uniform_float64': tf.random.stateless_uniform([2], tf.constant([3, 4], tf.int64), dtype=tf.float64),
        'normal': tf.random.stateless_normal([2, 2], seed, mean=1.0, stddev=2.0),
        'truncated': tf.random.stateless_truncated_normal([3], seed, name='stn'),
        'categorical': tf.random.stateless_categorical(LOGITS, 4, seed),
        'multinomial': tf.random.stateless_multinomial(LOGITS, 3, seed, output_dtype=tf.int32),
        'binomial': tf.random.stateless_binomial([2, 2], seed, counts=[10.0, 20.0], probs=[0.5, 0.25]),
        'gamma': tf.random.stateless_gamma([3, 2], seed, alpha=[1.0, 2.0], beta=[2.0, 1.0]),
        'poisson': tf.random.stateless_poisson([3], seed, lam=[1.0, 5.0, 9.0]),
        'normal_philox': tf.random.stateless_normal([3], seed, alg='philox'),
        'truncated_alg_number': tf.random.stateless_truncated_normal([2], seed, alg=1),
        'split': tf.random.split(seed, 3),
        'split_list': tf.random.split([3, 4]),
        'fold_in': tf.random.fold_in(seed, 17),
        'fold_in_int64': tf.random.fold_in(seed, tf.constant(5, tf.int64), alg='philox'),
        'ptn': tf.random.stateless_parameterized_truncated_normal([2, 2], seed, means=[0.0, 1.0], stddevs=0.5,
                                                                  minvals=-1.0, maxvals=[1.0, 2.0]),
    }
    return out, feeds(a={'seed': [7, 8]}, b={'seed': [0, 1]})


def stateless_threefry():
    """ThreeFry's key and counter: its graph only, as TF 2.21's CPU kernels take no ThreeFry counter."""
    return {'uniform': tf.random.stateless_uniform([2], [5, 6], alg='threefry', name='tf')}, []


def scatters(use_resource):
    """tf.scatter_* on ref variables (tf.Variable in TF1) or resource ones (ResourceScatter*, then a read after
    each), each on its own variable so the runs stay ordered."""
    vs = {k: tf.Variable(M, name=k, use_resource=use_resource)
          for k in ('upd', 'add', 'sub', 'mul', 'div', 'min', 'max', 'nd_upd', 'nd_add', 'nd_sub', 'batch')}
    idx = tf.placeholder(tf.int32, [2], name='idx')
    rows = tf.placeholder(tf.float32, [2, 3], name='rows')
    counter = (tf.Variable(tf.constant(3, tf.int64), name='counter', use_resource=True) if use_resource
               else tf.Variable(3, name='counter'))
    out = {
        'update': tf.scatter_update(vs['upd'], idx, rows),
        'add': tf.scatter_add(vs['add'], [0, 0], [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]),
        'sub': tf.scatter_sub(vs['sub'], idx, rows, use_locking=True, name='minus'),
        'mul': tf.scatter_mul(vs['mul'], 1, [2.0, 3.0, 4.0]),
        'div': tf.scatter_div(vs['div'], idx, rows + 1.0),
        'min': tf.scatter_min(vs['min'], idx, rows),
        'max': tf.scatter_max(vs['max'], [3], [[5.0, 12.0, 0.0]]),
        'nd_update': tf.scatter_nd_update(vs['nd_upd'], [[0, 1], [2, 2]], [-1.0, -2.0]),
        'nd_add': tf.scatter_nd_add(vs['nd_add'], [[1], [3]], rows),
        # A name only for resource variables: for ref ones TF 2.21's state_ops passes it on as
        # gen_state_ops' bad_indices_policy.
        'nd_sub': tf.scatter_nd_sub(vs['nd_sub'], tf.constant([[0, 0]]), [10.0], use_locking=True,
                                    **({'name': 'ndsub'} if use_resource else {})),
        'batch': tf.batch_scatter_update(vs['batch'], [[0], [2], [1], [0]], [[5.0], [6.0], [7.0], [8.0]]),
        'count': tf.count_up_to(counter, 5),
    }
    return out, feeds(a={'idx': [2, 0], 'rows': [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]},
                      b={'idx': [1, 3], 'rows': [[-2.0, 0.5, 9.0], [0.0, 20.0, -3.0]]})


def scatter_ref():
    return scatters(False)


def scatter_resource():
    return scatters(True)


def variable_methods():
    """The Variable methods TF1 has: scatter_* of IndexedSlices, scatter_nd_*, count_up_to, assign's read_value."""
    out = {}
    for kind, use_resource in (('ref', False), ('res', True)):
        vs = {k: tf.Variable(M, name=kind + '_' + k, use_resource=use_resource)
              for k in ('upd', 'add', 'sub', 'mul', 'div', 'min', 'max', 'nd_upd', 'nd_add', 'nd_sub', 'assign',
                        'assign_add', 'batch', 'nd_max', 'nd_min')}
        rows = tf.IndexedSlices(tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), tf.constant([2, 0]))
        counter = tf.Variable(0, name=kind + '_counter', use_resource=use_resource)
        assign_op = vs['assign'].assign(tf.zeros([4, 3]), read_value=False)
        with tf.control_dependencies([assign_op]):
            after_assign = tf.identity(vs['assign'].read_value())
        out[kind] = {
            'update': vs['upd'].scatter_update(rows),
            'add': vs['add'].scatter_add(rows, name='plus'),
            'sub': vs['sub'].scatter_sub(rows, use_locking=True),
            'mul': vs['mul'].scatter_mul(rows),
            'div': vs['div'].scatter_div(rows),
            'min': vs['min'].scatter_min(rows),
            'max': vs['max'].scatter_max(rows),
            'nd_update': vs['nd_upd'].scatter_nd_update([[0, 1], [2, 2]], [-1.0, -2.0]),
            'nd_add': vs['nd_add'].scatter_nd_add([[1]], [[1.0, 1.0, 1.0]], name='ndplus'),
            'nd_sub': vs['nd_sub'].scatter_nd_sub([[3, 2]], [5.0]),
            'nd_max': vs['nd_max'].scatter_nd_max([[1, 1], [0, 2]], [20.0, -1.0]),
            'nd_min': vs['nd_min'].scatter_nd_min([[2]], [[7.0, 7.0, 7.0]], name='ndmin'),
            'count': counter.count_up_to(2),
            'batch': vs['batch'].batch_scatter_update(
                tf.IndexedSlices(tf.constant([[5.0], [6.0], [7.0], [8.0]]), tf.constant([[0], [2], [1], [0]]))),
            'assign': after_assign,
            'assign_add': vs['assign_add'].assign_add(tf.ones([4, 3]), read_value=True),
        }
    return out, feeds(a={})


GRAPHS = [random_seeded, random_graph_seeded, stateless, stateless_threefry, scatter_ref, scatter_resource, variable_methods]


# --- gradients, training ---------------------------------------------------------------------

def grad_cases():
    def gamma():
        alpha = tf.placeholder(tf.float32, [2], name='alpha')
        beta = tf.placeholder(tf.float32, [], name='beta')
        s = tf.random.gamma([3], alpha, beta, seed=1)
        return tf.reduce_sum(s * s), [alpha, beta], feeds(a={'alpha': [0.5, 2.0], 'beta': 2.0})

    def gamma_broadcast():
        alpha = tf.placeholder(tf.float64, [2, 1], name='alpha')
        s = tf.random.gamma([4, 2], alpha, [1.0, 3.0], dtype=tf.float64, seed=2)
        return tf.reduce_sum(tf.sqrt(s)), [alpha], feeds(a={'alpha': [[1.5], [4.0]]})

    def stateless_gamma():
        alpha = tf.placeholder(tf.float32, [3], name='alpha')
        s = tf.random.stateless_gamma([2, 3], [4, 5], alpha)
        return tf.reduce_sum(s * [1.0, 2.0, 3.0]), [alpha], feeds(a={'alpha': [0.7, 1.0, 3.0]})

    def stateless_ptn():
        means = tf.placeholder(tf.float32, [2], name='means')
        stddevs = tf.placeholder(tf.float32, [], name='stddevs')
        lo = tf.placeholder(tf.float32, [2], name='lo')
        hi = tf.placeholder(tf.float32, [], name='hi')
        s = tf.random.stateless_parameterized_truncated_normal([3, 2], [1, 2], means, stddevs, lo, hi)
        return tf.reduce_sum(s * s), [means, stddevs, lo, hi], feeds(
            a={'means': [0.0, 1.0], 'stddevs': 0.5, 'lo': [-1.0, 0.0], 'hi': 2.0},
            b={'means': [0.5, -1.0], 'stddevs': 2.0, 'lo': [-3.0, -2.0], 'hi': 0.5})

    def shuffle_none():
        x = tf.placeholder(tf.float32, [3], name='x')
        return tf.reduce_sum(tf.random.shuffle(x, seed=1) * x), [x], feeds(a={'x': [1.0, 2.0, 3.0]})

    return {'gamma': gamma, 'gamma_broadcast': gamma_broadcast, 'stateless_gamma': stateless_gamma,
            'stateless_ptn': stateless_ptn, 'shuffle_none': shuffle_none}


def training():
    """A variable whose first row tf.scatter_update zeroes, then trained by GradientDescent towards
    ones through stateless noise: the losses, then the variable."""
    with tf.Graph().as_default():
        w = tf.Variable(np.array([[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]], np.float32), name='w')
        noise = tf.random.stateless_normal([3, 2], [1, 2], stddev=0.1)
        y = tf.reduce_sum(tf.square(w + noise - 1.0))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(y)
        clamp = tf.scatter_update(w, [0], [[0.0, 0.0]])
        steps = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(clamp)
            for _ in range(3):
                steps.append(value_json(sess.run([y, train])[0]))
            steps.append(value_json(sess.run(w)))
    return steps


def count_limit():
    """count_up_to's values up to its limit, then the error of the run past it (the kernel's message, after
    the Python traceback TF 2.21 puts before it)."""
    with tf.Graph().as_default():
        c = tf.Variable(0, name='c')
        up = tf.count_up_to(c, 2)
        with tf.Session() as sess:
            sess.run(c.initializer)
            got = [value_json(sess.run(up)) for _ in range(2)]
            try:
                sess.run(up)
            except tf.errors.OpError as e:
                return {'values': got, 'class': type(e).__name__, 'message': e.message.split("Node: 'CountUpTo'\n")[1]}
    raise AssertionError('count_up_to ran past its limit')


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def v(shape=(3, 2), **kw):
        return tf.Variable(tf.zeros(shape), name='v', **kw)
    cases = {
        'uniform_int_no_max': lambda: tf.random.uniform([2], dtype=tf.int32),
        'uniform_bad_dtype': lambda: tf.random.uniform([2], dtype=tf.string),
        'categorical_bad_dtype': lambda: tf.random.categorical(LOGITS, 2, dtype=tf.float32),
        'multinomial_bad_dtype': lambda: tf.multinomial(LOGITS, 2, output_dtype=tf.int16),
        'stateless_int_half_range': lambda: tf.random.stateless_uniform([2], [1, 2], maxval=5, minval=None,
                                                                          dtype=tf.int32),
        'stateless_int_default_range': lambda: tf.random.stateless_uniform([2], [1, 2], dtype=tf.int64),
        'stateless_unsigned_range': lambda: tf.random.stateless_uniform([2], [1, 2], minval=0, maxval=4,
                                                                          dtype=tf.uint32),
        'stateless_bad_dtype': lambda: tf.random.stateless_uniform([2], [1, 2], dtype=tf.int16, minval=0, maxval=3),
        'stateless_bad_alg': lambda: tf.random.stateless_normal([2], [1, 2], alg='mersenne'),
        'stateless_bad_alg_number': lambda: tf.random.stateless_uniform([2], [1, 2], alg=7),
        'stateless_categorical_bad_dtype': lambda: tf.random.stateless_categorical(LOGITS, 2, [1, 2],
                                                                                   dtype=tf.float32),
        'scatter_update_shape': lambda: tf.scatter_update(v(), [0], tf.zeros([1, 3])),
        'scatter_add_rank': lambda: tf.scatter_add(v(), [[0]], tf.zeros([2])),
        'scatter_nd_update_shape': lambda: tf.scatter_nd_update(v(), [[0, 1]], tf.zeros([2])),
        'resource_scatter_dtype': lambda: tf.scatter_update(v(use_resource=True), [0], tf.zeros([1, 2], tf.int32)),
        'count_up_to_float': lambda: tf.count_up_to(v(), 3),
        'method_not_indexed_slices': lambda: v().scatter_sub(tf.zeros([2])),
        'resource_method_not_indexed_slices': lambda: v(use_resource=True).scatter_update(tf.zeros([2])),
        'resource_assign_shape': lambda: v(use_resource=True).assign(tf.zeros([2, 3])),
        'ref_assign_shape': lambda: v().assign(tf.zeros([2, 3])),
        'batch_scatter_unknown_rank': lambda: tf.batch_scatter_update(v(), tf.placeholder(tf.int32), [1.0]),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values,
           'gradients': control_flow.gradient_values(grad_cases()), 'training': training(), 'count_limit': count_limit(),
           'build_errors': build_errors()}
    # Compact, as image_ops.py: the op-by-op records would make it several times larger.
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
