"""TF1's losses (tf.compat.v1.losses, losses_impl.py and losses/util.py, which TF 2.21 still runs in
graph mode), built with TF1 Python, for test/losses.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), and what running its losses gives for each feed. Then the
gradients of the losses with respect to their predictions and logits (and of tf.nn's cross entropies
with respect to their labels too, and their second-order gradients), a short training of a model
on huber_loss + log_loss, and the errors bad arguments raise while building.

Writes test/fixtures/graph_layer/losses.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/losses.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'losses.json')
RNG = np.random.RandomState(11)
R = tf.losses.Reduction


def f32(*shape):
    return RNG.uniform(-1, 1, shape).astype(np.float32)


def weights(*shape):
    # Some zero weights, so that SUM_BY_NONZERO_WEIGHTS counts them out.
    return (RNG.randint(0, 4, shape) * 0.5).astype(np.float32)


def unit(n):
    x = f32(n, 3)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def feeds(*runs):
    return [{k: np.asarray(v) for k, v in f.items()} for f in runs]


# --- graphs: each builds losses in the default graph and returns ({name: loss}, feeds by
# placeholder name) -------------------------------------------------------------------------

def reductions():
    losses = tf.placeholder(tf.float32, [None, 3], 'losses')
    w = tf.placeholder(tf.float32, [None, 1], 'w')
    wf = tf.placeholder(tf.float32, [None, 3], 'wf')
    ints = tf.placeholder(tf.int32, [2, 3], 'ints')
    out = {r: tf.losses.compute_weighted_loss(losses, reduction=r) for r in
           (R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE, R.SUM_BY_NONZERO_WEIGHTS)}
    out['broadcast'] = tf.losses.compute_weighted_loss(losses, w, scope='broadcast')
    out['full'] = tf.losses.compute_weighted_loss(losses, wf, reduction=R.MEAN, loss_collection='my_losses')
    out['zero'] = tf.losses.compute_weighted_loss(losses, 0.0, loss_collection=None)
    out['ints'] = tf.losses.compute_weighted_loss(ints, 2.0, reduction=R.SUM)
    return out, feeds({'losses': f32(4, 3), 'w': weights(4, 1), 'wf': weights(4, 3), 'ints': [[1, 2, 3], [4, 5, 6]]},
                      {'losses': f32(2, 3), 'w': [[0], [0]], 'wf': np.zeros([2, 3]), 'ints': [[0, 0, 0], [1, 0, 0]]})


def regression():
    labels = tf.placeholder(tf.float32, [None, 3], 'labels')
    preds = tf.placeholder(tf.float32, [None, 3], 'preds')
    w = tf.placeholder(tf.float32, [None, 3], 'w')
    wr = tf.placeholder(tf.float32, [None, 1], 'wr')
    ul = tf.placeholder(tf.float32, [None, 3], 'ul')
    up = tf.placeholder(tf.float32, [None, 3], 'up')
    bits = tf.placeholder(tf.int64, [None, 3], 'bits')
    probs = tf.placeholder(tf.float32, [None, 3], 'probs')
    out = {
        'absolute': tf.losses.absolute_difference(labels, preds),
        'absolute_weighted': tf.losses.absolute_difference(labels, preds, w, reduction=R.SUM),
        'mse': tf.losses.mean_squared_error(labels, preds, wr),
        'mse_mean': tf.losses.mean_squared_error(labels, preds, w, scope='mse', reduction=R.MEAN),
        'cosine': tf.losses.cosine_distance(ul, up, axis=1),
        'cosine_weighted': tf.losses.cosine_distance(ul, up, axis=1, weights=wr, reduction=R.SUM_OVER_BATCH_SIZE),
        'hinge': tf.losses.hinge_loss(bits, preds),
        'hinge_none': tf.losses.hinge_loss(bits, preds, w, reduction=R.NONE, loss_collection='my_losses'),
        'huber': tf.losses.huber_loss(labels, preds),
        'huber_delta': tf.losses.huber_loss(labels, preds, wr, delta=0.3, reduction=R.SUM),
        'log': tf.losses.log_loss(bits, probs),
        'log_weighted': tf.losses.log_loss(bits, probs, w, epsilon=1e-4, scope='logl'),
        'pairwise': tf.losses.mean_pairwise_squared_error(labels, preds),
        'pairwise_weighted': tf.losses.mean_pairwise_squared_error(labels, preds, wr, loss_collection=None),
    }
    runs = []
    for n in (4, 3):
        runs.append({'labels': f32(n, 3), 'preds': f32(n, 3), 'w': weights(n, 3), 'wr': weights(n, 1),
                     'ul': unit(n), 'up': unit(n), 'bits': RNG.randint(0, 2, [n, 3]),
                     'probs': np.round(RNG.uniform(0, 1, [n, 3]), 2).astype(np.float32)})
    return out, feeds(*runs)


def cross_entropy():
    onehot = tf.placeholder(tf.float32, [None, 4], 'onehot')
    ids = tf.placeholder(tf.int32, [None], 'ids')
    col = tf.placeholder(tf.int64, [None, 1], 'col')
    logits = tf.placeholder(tf.float32, [None, 4], 'logits')
    multi = tf.placeholder(tf.float32, [None, 4], 'multi')
    w = tf.placeholder(tf.float32, [None], 'w')
    wc = tf.placeholder(tf.float32, [None, 1], 'wc')
    out = {
        'softmax': tf.losses.softmax_cross_entropy(onehot, logits),
        'softmax_smoothed': tf.losses.softmax_cross_entropy(onehot, logits, w, label_smoothing=0.2),
        'sigmoid': tf.losses.sigmoid_cross_entropy(multi, logits),
        'sigmoid_smoothed': tf.losses.sigmoid_cross_entropy(multi, logits, wc, label_smoothing=0.1, reduction=R.SUM),
        'sparse': tf.losses.sparse_softmax_cross_entropy(ids, logits),
        'sparse_weighted': tf.losses.sparse_softmax_cross_entropy(ids, logits, w, reduction=R.MEAN),
        # [N, 1] labels squeezed, [N, 1] weights squeezed with them.
        'sparse_column': tf.losses.sparse_softmax_cross_entropy(col, logits, wc, scope='col'),
    }
    runs = []
    for n in (5, 3):
        k = RNG.randint(0, 4, n)
        runs.append({'onehot': np.eye(4, dtype=np.float32)[k], 'ids': k, 'col': k.reshape(n, 1), 'logits': f32(n, 4) * 3,
                     'multi': RNG.randint(0, 2, [n, 4]), 'w': weights(n), 'wc': weights(n, 1)})
    return out, feeds(*runs)


def dist(*shape, axis=-1):
    """Labels for the softmax cross entropies: probabilities summing to 1 along `axis`."""
    p = RNG.uniform(0.05, 1, shape)
    return (p / p.sum(axis=axis, keepdims=True)).astype(np.float32)


def nn_cross_entropy():
    """tf.nn's cross entropies alone (nn_ops.py, nn_impl.py, as TF 2.21 builds them): rank 2, rank 3
    with the classes on axis 1 (`_move_dim_to_end`), unknown rank (fed rank 2, then rank 3), static
    shapes (Consts for Shape, Rank and zeros_like), float16 (computed in float32) and float64; the
    sparse one flattened behind an assert_equal of the shapes when they are not static."""
    x2 = tf.placeholder(tf.float32, [None, 4], 'x2')
    p2 = tf.placeholder(tf.float32, [None, 4], 'p2')
    i2 = tf.placeholder(tf.int32, [None], 'i2')
    x3 = tf.placeholder(tf.float32, [None, 3, 4], 'x3')
    p3 = tf.placeholder(tf.float32, [None, 3, 4], 'p3')
    i3 = tf.placeholder(tf.int64, [None, 3], 'i3')
    xu = tf.placeholder(tf.float32, None, 'xu')
    pu = tf.placeholder(tf.float32, None, 'pu')
    iu = tf.placeholder(tf.int32, None, 'iu')
    xd = tf.placeholder(tf.float64, [2, 4], 'xd')
    pd = tf.placeholder(tf.float64, [2, 4], 'pd')
    id2 = tf.placeholder(tf.int32, [2], 'id2')
    xh = tf.placeholder(tf.float16, [2, 3, 4], 'xh')
    ph = tf.placeholder(tf.float16, [2, 3, 4], 'ph')
    ih = tf.placeholder(tf.int32, [2, 3], 'ih')
    nn = tf.nn
    out = {
        'v2': nn.softmax_cross_entropy_with_logits_v2(labels=p2, logits=x2),
        'v2_axis': nn.softmax_cross_entropy_with_logits_v2(labels=p3, logits=x3, axis=1),
        'v2_dim': nn.softmax_cross_entropy_with_logits_v2(labels=p3, logits=x3, dim=2, name='dim'),
        'v2_unknown': nn.softmax_cross_entropy_with_logits_v2(labels=pu, logits=xu),
        'v2_f64': nn.softmax_cross_entropy_with_logits_v2(labels=pd, logits=xd),
        'v2_f16': nn.softmax_cross_entropy_with_logits_v2(labels=ph, logits=xh, axis=1),
        'v1': nn.softmax_cross_entropy_with_logits(labels=p2, logits=x2),
        'v1_dim': nn.softmax_cross_entropy_with_logits(labels=p3, logits=x3, dim=1, name='sg'),
        'sparse': nn.sparse_softmax_cross_entropy_with_logits(labels=i2, logits=x2),
        'sparse3': nn.sparse_softmax_cross_entropy_with_logits(labels=i3, logits=x3, name='xent3'),
        'sparse_unknown': nn.sparse_softmax_cross_entropy_with_logits(labels=iu, logits=xu),
        'sparse_f64': nn.sparse_softmax_cross_entropy_with_logits(labels=id2, logits=xd),
        'sparse_f16': nn.sparse_softmax_cross_entropy_with_logits(labels=ih, logits=xh),
        'sigmoid': nn.sigmoid_cross_entropy_with_logits(labels=p2, logits=x2),
        'sigmoid_static': nn.sigmoid_cross_entropy_with_logits(labels=pd, logits=xd, name='static'),
        'sigmoid_f16': nn.sigmoid_cross_entropy_with_logits(labels=ph, logits=xh),
    }
    static = {'xd': f32(2, 4) * 3, 'pd': dist(2, 4), 'id2': [3, 0], 'xh': f32(2, 3, 4) * 3, 'ph': dist(2, 3, 4, axis=1),
              'ih': RNG.randint(0, 4, [2, 3])}
    runs = [dict(static, x2=f32(5, 4) * 3, p2=dist(5, 4), i2=RNG.randint(0, 4, 5), x3=f32(2, 3, 4) * 3,
                 p3=dist(2, 3, 4, axis=1), i3=RNG.randint(0, 4, [2, 3]), xu=f32(5, 4) * 3, pu=dist(5, 4),
                 iu=RNG.randint(0, 4, 5)),
            dict(static, x2=f32(2, 4) * 3, p2=dist(2, 4), i2=RNG.randint(0, 4, 2), x3=f32(1, 3, 4) * 3,
                 p3=dist(1, 3, 4, axis=1), i3=RNG.randint(0, 4, [1, 3]), xu=f32(2, 3, 4) * 3, pu=dist(2, 3, 4),
                 iu=RNG.randint(0, 4, [2, 3]))]
    for r in runs:
        r['xh'], r['ph'] = r['xh'].astype(np.float16), r['ph'].astype(np.float16)
        r['xd'], r['pd'] = r['xd'].astype(np.float64), r['pd'].astype(np.float64)
    return out, feeds(*runs)


def totals():
    x = tf.placeholder(tf.float32, [None, 2], 'x')
    with tf.name_scope('head'):
        a = tf.losses.mean_squared_error(x, tf.zeros_like(x))
    b = tf.losses.absolute_difference(x, tf.ones_like(x))
    tf.losses.add_loss(tf.reduce_sum(x), loss_collection='extra')
    out = {'a': a, 'b': b, 'total': tf.losses.get_total_loss(), 'head': tf.losses.get_total_loss(scope='head', name='h'),
           'no_reg': tf.losses.get_total_loss(add_regularization_losses=False),
           'reg': tf.losses.get_regularization_loss()}
    return out, feeds({'x': f32(3, 2)})


GRAPHS = [reductions, regression, cross_entropy, totals, nn_cross_entropy]


def graphs():
    """Each graph recorded and run on its feeds; also the feeds, for the gradients."""
    recorded, values, feeds_of = {}, {}, {}
    for fn in GRAPHS:
        g = tf.Graph()
        with g.as_default():
            fetch, runs = fn()
            recorded[fn.__name__] = dict(record_all(g), feeds=[value_json(f) for f in runs])
            feeds_of[fn.__name__] = runs
            with tf.Session() as sess:
                values[fn.__name__] = [value_json(sess.run(fetch, {k + ':0': v for k, v in f.items()})) for f in runs]
    return recorded, values, feeds_of


# --- gradients and training ------------------------------------------------------------------

def gradient_values(feeds_of):
    """The gradients of each graph's losses summed (in float32), with respect to its predictions and logits,
    on the graph's feeds."""
    out = {}
    for fn, xs in ((regression, ['preds', 'probs', 'up']), (cross_entropy, ['logits']),
                   (nn_cross_entropy, ['x2', 'p2', 'x3', 'p3', 'xu', 'pu', 'xd', 'pd', 'xh', 'ph'])):
        with tf.Graph().as_default() as g:
            fetch, _ = fn()
            runs = feeds_of[fn.__name__]
            total = tf.add_n([tf.cast(tf.reduce_sum(t), tf.float32) for t in fetch.values()])
            grads = tf.gradients(total, [g.get_tensor_by_name(x + ':0') for x in xs])
            with tf.Session() as sess:
                out[fn.__name__] = [value_json(sess.run(grads, {k + ':0': v for k, v in f.items()})) for f in runs]
    return out


def second_order(feeds_of):
    """Gradients of gradients with respect to the logits (d/dx sum(g * g), g = d/dx sum(loss)): TF 2.21's
    cross-entropy gradients with a gradient reaching their backprop output (grad_grad)."""
    nn = tf.nn
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], 'x2')
        p = tf.placeholder(tf.float32, [None, 4], 'p2')
        i = tf.placeholder(tf.int32, [None], 'i2')
        out = {}
        for name, loss in (('sparse', nn.sparse_softmax_cross_entropy_with_logits(labels=i, logits=x)),
                           ('softmax', nn.softmax_cross_entropy_with_logits_v2(labels=p, logits=x)),
                           ('sigmoid', nn.sigmoid_cross_entropy_with_logits(labels=p, logits=x))):
            g = tf.gradients(tf.reduce_sum(loss), x)[0]
            out[name] = tf.gradients(tf.reduce_sum(g * g), x)[0]
        run = {k: feeds_of['nn_cross_entropy'][0][k] for k in ('x2', 'p2', 'i2')}
        with tf.Session() as sess:
            return {'feed': value_json(run), 'values': value_json(sess.run(out, {k + ':0': v for k, v in run.items()}))}


TRAIN_X = f32(8, 3)
TRAIN_Y = f32(8, 1)
TRAIN_B = RNG.randint(0, 2, [8, 1])


def training():
    """A linear model trained with GradientDescent on huber_loss + log_loss (and the total loss)."""
    with tf.Graph().as_default():
        x = tf.constant(TRAIN_X)
        w = tf.get_variable('w', initializer=tf.constant([[0.1], [-0.2], [0.3]]))
        b = tf.get_variable('b', initializer=tf.constant([0.05]))
        y = tf.matmul(x, w) + b
        tf.losses.huber_loss(TRAIN_Y, y, delta=0.5)
        tf.losses.log_loss(TRAIN_B, tf.sigmoid(y), weights=0.5)
        loss = tf.losses.get_total_loss()
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train])[0]) for _ in range(6)]
            return {'x': value_json(TRAIN_X), 'y': value_json(TRAIN_Y), 'b': value_json(TRAIN_B), 'losses': losses,
                    'w': value_json(sess.run(w)), 'bias': value_json(sess.run(b))}


def build_errors():
    z = tf.zeros
    return errors_of({
        'cosine_no_axis': lambda: tf.losses.cosine_distance(z([2, 3]), z([2, 3])),
        'labels_none': lambda: tf.losses.mean_squared_error(None, z([2])),
        'predictions_none': lambda: tf.losses.huber_loss(z([2]), None),
        'logits_none': lambda: tf.losses.hinge_loss(z([2]), None),
        'onehot_none': lambda: tf.losses.softmax_cross_entropy(None, z([2, 3])),
        'multi_none': lambda: tf.losses.sigmoid_cross_entropy(None, z([2, 3])),
        'bad_reduction': lambda: tf.losses.compute_weighted_loss(z([2]), reduction='bogus'),
        'shapes': lambda: tf.losses.mean_squared_error(z([2, 3]), z([3, 2])),
        'log_shapes': lambda: tf.losses.log_loss(z([2, 3]), z([2, 4])),
        'weights_dim': lambda: tf.losses.absolute_difference(z([2, 3]), z([2, 3]), z([2, 2])),
        'weights_rank': lambda: tf.losses.huber_loss(z([2, 3]), z([2, 3]), z([2, 3, 1])),
        'pairwise_weights': lambda: tf.losses.mean_pairwise_squared_error(z([2, 3]), z([2, 3]), z([3])),
        'softmax_shapes': lambda: tf.losses.softmax_cross_entropy(z([2, 3]), z([2, 4])),
        'no_losses': lambda: tf.losses.get_total_loss(),
        'nn_softmax_none': lambda: tf.nn.softmax_cross_entropy_with_logits(labels=None, logits=z([2, 3])),
        'nn_softmax_v2_none': lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=z([2, 3]), logits=None),
        'nn_softmax_shapes': lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=z([2, 3]), logits=z([2, 4])),
        'nn_softmax_int_logits': lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=z([2, 3]), logits=z([2, 3], tf.int32)),
        'nn_v1_axis': lambda: tf.nn.softmax_cross_entropy_with_logits(labels=z([2, 3]), logits=z([2, 3]), axis=0),
        'nn_v2_axis_dim': lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=z([2, 3]), logits=z([2, 3]), axis=0, dim=0),
        'nn_v2_negative_axis': lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=z([2, 3, 4]), logits=z([2, 3, 4]), axis=-2),
        'nn_sparse_none': lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=z([2], tf.int32), logits=None),
        'nn_sparse_scalar': lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=z([], tf.int32), logits=z([])),
        'nn_sparse_rank': lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=z([2, 1], tf.int32), logits=z([2, 3])),
        'nn_sparse_shape': lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=z([3], tf.int32), logits=z([2, 3])),
        'nn_sparse_shape3': lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=z([2, 4], tf.int32), logits=z([2, 3, 5])),
        'nn_sparse_float_labels': lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=z([2]), logits=z([2, 3])),
        'nn_sigmoid_none': lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=None, logits=z([2, 3])),
        'nn_sigmoid_shapes': lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=z([2, 3]), logits=z([2, 4])),
        'nn_sigmoid_int_labels': lambda: tf.nn.sigmoid_cross_entropy_with_logits(
            labels=z([2, 3], tf.int32), logits=z([2, 3])),
    })


def main():
    recorded, values, feeds_of = graphs()
    write_fixture({'graphs': recorded, 'values': values, 'gradients': gradient_values(feeds_of),
                   'second_order': second_order(feeds_of), 'training': training(), 'build_errors': build_errors()}, OUT)


if __name__ == '__main__':
    main()
