"""TF1's streaming metrics (tf.compat.v1.metrics, metrics_impl.py, which TF 2.21 still runs in graph
mode), built with TF1 Python, for test/metrics.test.ts.

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections: local_variables, metric_variables, cond contexts and the
metrics_collections / updates_collections given), then what its update ops give batch by batch
(streamed through placeholders, weights included) after tf.local_variables_initializer(), and its
value tensors at the end. Also: the errors bad arguments raise while building, the errors the
metrics' run-time checks raise, and an evaluation loop (MonitoredSession, FinalOpsHook) over a
fixed model.

Writes test/fixtures/graph_layer/metrics.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/metrics.py
"""
import math
import os

import numpy as np
import tensorflow.compat.v1 as tf

from io_ops import error_json, errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'metrics.json')
RNG = np.random.RandomState(7)


def f32(*shape):
    return RNG.uniform(-1, 1, shape).astype(np.float32)


def probs(*shape):
    # Rounded, so that no prediction sits on a threshold by float noise.
    return np.round(RNG.uniform(0, 1, shape), 2).astype(np.float32)


def bits(*shape):
    return RNG.randint(0, 2, shape).astype(np.int64)


def weights(*shape):
    # Some zero weights, so that masking shows.
    return (RNG.randint(0, 4, shape) * 0.5).astype(np.float32)


def nan_json(v):
    """value_json, NaN (0/0 metrics before any update) as the string 'nan', which JSON has no number for."""
    if isinstance(v, list):
        return [nan_json(x) for x in v]
    if isinstance(v, dict):
        return {k: nan_json(x) for k, x in v.items()}
    return 'nan' if isinstance(v, float) and math.isnan(v) else v


# --- graphs: each builds metrics in the default graph and returns ({name: (value, update_op)},
# batches fed by placeholder name) ------------------------------------------------------------

def mean_graph():
    v = tf.placeholder(tf.float32, [None, 3], 'v')
    w = tf.placeholder(tf.float32, [None, 1], 'w')
    i = tf.placeholder(tf.int32, [None], 'i')
    u = tf.placeholder(tf.float32, None, 'u')  # weights of unknown rank: the run-time squeeze/expand conds
    vt = tf.placeholder(tf.float32, [2, 3], 'vt')
    wt = tf.placeholder(tf.float32, [2, 1], 'wt')
    metrics = {
        'plain': tf.metrics.mean(v),
        'weighted': tf.metrics.mean(v, w),
        'scalar': tf.metrics.mean(v, 0.5, metrics_collections=['my_metrics'], updates_collections=['my_updates'],
                                  name='half'),
        'ints': tf.metrics.mean(i),
        'unknown_rank': tf.metrics.mean(v, u),
        'static': tf.metrics.mean(vt, tf.ones([2, 3])),
        'tensor': tf.metrics.mean_tensor(vt),
        'tensor_weighted': tf.metrics.mean_tensor(vt, wt, metrics_collections=['my_metrics'], name='mt'),
    }
    batches = [
        {'v': f32(4, 3), 'w': weights(4, 1), 'i': [1, 2, 3, 4], 'u': weights(4), 'vt': f32(2, 3), 'wt': weights(2, 1)},
        {'v': f32(2, 3), 'w': weights(2, 1), 'i': [7], 'u': weights(2, 3, 1), 'vt': f32(2, 3), 'wt': weights(2, 1)},
        {'v': f32(3, 3), 'w': [[0], [0], [0]], 'i': [0, 0], 'u': 0.25, 'vt': f32(2, 3), 'wt': [[0], [1]]},
    ]
    return metrics, batches


def accuracy_graph():
    labels = tf.placeholder(tf.int32, [None], 'labels')
    preds = tf.placeholder(tf.int64, [None], 'preds')
    col = tf.placeholder(tf.int32, [None, 1], 'col')
    w = tf.placeholder(tf.float32, [None], 'w')
    metrics = {
        'accuracy': tf.metrics.accuracy(labels, preds),
        'weighted': tf.metrics.accuracy(labels, preds, w, name='acc'),
        # labels [N, 1] against predictions [N]: the labels' last dimension squeezed.
        'squeezed': tf.metrics.accuracy(col, preds, updates_collections=['my_updates']),
        'per_class': tf.metrics.mean_per_class_accuracy(labels, preds, 3),
        'per_class_weighted': tf.metrics.mean_per_class_accuracy(labels, preds, 3, w, name='pc'),
        'iou': tf.metrics.mean_iou(labels, preds, 3),
        'iou_weighted': tf.metrics.mean_iou(labels, preds, 3, w, metrics_collections=['my_metrics']),
    }
    batches = []
    for n in (5, 4, 6):
        lab = RNG.randint(0, 3, n)
        batches.append({'labels': lab, 'preds': RNG.randint(0, 3, n).astype(np.int64), 'col': lab.reshape(n, 1),
                        'w': weights(n)})
    return metrics, batches


def regression_graph():
    labels = tf.placeholder(tf.float32, [None, 3], 'labels')
    preds = tf.placeholder(tf.float32, [None, 3], 'preds')
    w = tf.placeholder(tf.float32, [None, 3], 'w')
    norm = tf.placeholder(tf.float32, [None, 3], 'norm')
    unit_l = tf.placeholder(tf.float32, [None, 3], 'unit_l')
    unit_p = tf.placeholder(tf.float32, [None, 3], 'unit_p')
    metrics = {
        'mae': tf.metrics.mean_absolute_error(labels, preds),
        'mae_weighted': tf.metrics.mean_absolute_error(labels, preds, w),
        'mse': tf.metrics.mean_squared_error(labels, preds, name='my_mse'),
        'rmse': tf.metrics.root_mean_squared_error(labels, preds, w, metrics_collections=['my_metrics'],
                                                   updates_collections=['my_updates']),
        'relative': tf.metrics.mean_relative_error(labels, preds, norm),
        'cosine': tf.metrics.mean_cosine_distance(unit_l, unit_p, 1, metrics_collections=['my_metrics'],
                                                  updates_collections=['my_updates']),
        'cosine_weighted': tf.metrics.mean_cosine_distance(unit_l, unit_p, 1, tf.placeholder(tf.float32, [None, 1],
                                                                                            'cw')),
        'below': tf.metrics.percentage_below(preds, 0.25),
        'below_weighted': tf.metrics.percentage_below(preds, 0.0, w, name='below'),
    }

    def unit(n):
        x = f32(n, 3)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    batches = []
    for n in (4, 2, 3):
        nm = f32(n, 3)
        nm[0, 1] = 0
        batches.append({'labels': f32(n, 3), 'preds': f32(n, 3), 'w': weights(n, 3), 'norm': nm, 'unit_l': unit(n),
                        'unit_p': unit(n), 'cw': weights(n, 1)})
    return metrics, batches


def counts_graph():
    labels = tf.placeholder(tf.int64, [None], 'labels')
    b = tf.placeholder(tf.bool, [None], 'b')
    p = tf.placeholder(tf.float32, [None], 'p')
    w = tf.placeholder(tf.float32, [None], 'w')
    metrics = {
        'tp': tf.metrics.true_positives(labels, b),
        'fp': tf.metrics.false_positives(labels, b, w),
        'tn': tf.metrics.true_negatives(labels, p, metrics_collections=['my_metrics']),
        'fn': tf.metrics.false_negatives(labels, b, 2.0, updates_collections=['my_updates']),
        'precision': tf.metrics.precision(labels, b),
        'precision_weighted': tf.metrics.precision(labels, b, w, name='prec'),
        'recall': tf.metrics.recall(labels, b, metrics_collections=['my_metrics'], updates_collections=['my_updates']),
        'recall_weighted': tf.metrics.recall(labels, p, w),
        # Weights of unknown rank: their rank checked when run.
        'tp_unknown_rank': tf.metrics.true_positives(labels, b, tf.placeholder(tf.float32, None, 'wu')),
    }
    batches = [{'labels': bits(n), 'b': bits(n).astype(bool), 'p': bits(n).astype(np.float32) * 0.5,
                'w': weights(n), 'wu': weights(n) if n != 4 else 0.5} for n in (6, 4, 5)]
    return metrics, batches


THRESHOLDS = [0.25, 0.5, 0.75]


def thresholds_graph():
    labels = tf.placeholder(tf.bool, [None], 'labels')
    p = tf.placeholder(tf.float32, [None], 'p')
    w = tf.placeholder(tf.float32, [None], 'w')
    l4 = tf.placeholder(tf.int32, [4, 1], 'l4')
    p4 = tf.placeholder(tf.float64, [4], 'p4')
    metrics = {
        'tp': tf.metrics.true_positives_at_thresholds(labels, p, THRESHOLDS),
        'fp': tf.metrics.false_positives_at_thresholds(labels, p, THRESHOLDS, w),
        'tn': tf.metrics.true_negatives_at_thresholds(labels, p, THRESHOLDS, metrics_collections=['my_metrics']),
        'fn': tf.metrics.false_negatives_at_thresholds(labels, p, THRESHOLDS, updates_collections=['my_updates']),
        # Static shapes: [4, 1] labels squeezed against [4] float64 predictions.
        'tp_static': tf.metrics.true_positives_at_thresholds(l4, p4, [0.5], name='tp4'),
        'precision': tf.metrics.precision_at_thresholds(labels, p, THRESHOLDS, w),
        'recall': tf.metrics.recall_at_thresholds(labels, p, THRESHOLDS, metrics_collections=['my_metrics'],
                                                  updates_collections=['my_updates'], name='rec'),
    }
    batches = []
    for n in (6, 4, 5):
        batches.append({'labels': bits(n).astype(bool), 'p': probs(n), 'w': weights(n), 'l4': bits(4, 1).astype(np.int32),
                        'p4': probs(4).astype(np.float64)})
    return metrics, batches


def auc_graph():
    labels = tf.placeholder(tf.int64, [None], 'labels')
    p = tf.placeholder(tf.float32, [None], 'p')
    w = tf.placeholder(tf.float32, [None], 'w')
    metrics = {
        'roc': tf.metrics.auc(labels, p),
        'roc_weighted': tf.metrics.auc(labels, p, w, num_thresholds=10, metrics_collections=['my_metrics'],
                                       updates_collections=['my_updates']),
        'pr': tf.metrics.auc(labels, p, num_thresholds=10, curve='PR'),
        'pr_careful': tf.metrics.auc(labels, p, w, num_thresholds=10, curve='PR',
                                     summation_method='careful_interpolation'),
        'minoring': tf.metrics.auc(labels, p, num_thresholds=8, summation_method='minoring', name='lower'),
        'majoring': tf.metrics.auc(labels, p, num_thresholds=8, summation_method='majoring'),
        'given': tf.metrics.auc(labels, p, thresholds=[0.6, 0.2, 0.4]),
        'sensitivity': tf.metrics.sensitivity_at_specificity(labels, p, 0.7, num_thresholds=12),
        'sensitivity_weighted': tf.metrics.sensitivity_at_specificity(labels, p, 0.5, w, num_thresholds=12,
                                                                      metrics_collections=['my_metrics']),
        'specificity': tf.metrics.specificity_at_sensitivity(labels, p, 0.6, num_thresholds=12),
        'specificity_weighted': tf.metrics.specificity_at_sensitivity(labels, p, 0.4, w, num_thresholds=12,
                                                                      updates_collections=['my_updates'],
                                                                      name='spec'),
    }
    batches = [{'labels': bits(n), 'p': probs(n), 'w': weights(n)} for n in (8, 6, 7)]
    return metrics, batches


def at_k_graph():
    labels = tf.placeholder(tf.int64, [None, 2], 'labels')
    label = tf.placeholder(tf.int64, [None], 'label')
    logits = tf.placeholder(tf.float32, [None, 5], 'logits')
    idx = tf.placeholder(tf.int32, [None, 2], 'idx')
    w = tf.placeholder(tf.float32, [None], 'w')
    metrics = {
        'recall': tf.metrics.recall_at_k(labels, logits, 2),
        'recall_class': tf.metrics.recall_at_k(label, logits, 1, class_id=2),
        'recall_weighted': tf.metrics.recall_at_k(labels, logits, 3, weights=w, metrics_collections=['my_metrics'],
                                                  updates_collections=['my_updates']),
        'precision': tf.metrics.precision_at_k(labels, logits, 2),
        'precision_class': tf.metrics.precision_at_k(labels, logits, 2, class_id=1, weights=w, name='p_class'),
        'ap': tf.metrics.average_precision_at_k(labels, logits, 2),
        'ap_weighted': tf.metrics.average_precision_at_k(label, logits, 3, w, metrics_collections=['my_metrics']),
        'recall_top': tf.metrics.recall_at_top_k(labels, idx),
        'precision_top': tf.metrics.precision_at_top_k(label, idx, k=2, class_id=3, updates_collections=['my_updates']),
    }
    batches = []
    for n in (4, 3, 5):
        lab = np.stack([RNG.permutation(5)[:2] for _ in range(n)]).astype(np.int64)
        lab[0, 1] = 7  # out of range: always a false negative (cleaned to -1 for average precision)
        batches.append({'labels': lab, 'label': lab[:, 0], 'logits': f32(n, 5),
                        'idx': np.stack([RNG.permutation(5)[:2] for _ in range(n)]).astype(np.int32),
                        'w': weights(n)})
    return metrics, batches


def at_k_sparse_graph():
    """The @k metrics of labels given as a SparseTensor: a row holds any number of classes."""
    labels = tf.sparse_placeholder(tf.int64, [None, None], 'sl')
    logits = tf.placeholder(tf.float32, [None, 5], 'logits')
    idx = tf.placeholder(tf.int32, [None, 2], 'idx')
    w = tf.placeholder(tf.float32, [None], 'w')
    metrics = {
        'recall': tf.metrics.recall_at_k(labels, logits, 2),
        'recall_class': tf.metrics.recall_at_k(labels, logits, 2, class_id=1, weights=w),
        'precision': tf.metrics.precision_at_k(labels, logits, 3, metrics_collections=['my_metrics']),
        'ap': tf.metrics.average_precision_at_k(labels, logits, 2),
        'ap_weighted': tf.metrics.average_precision_at_k(labels, logits, 1, w, updates_collections=['my_updates']),
        'precision_top': tf.metrics.precision_at_top_k(labels, idx, class_id=0),
    }
    batches = []
    for n in (4, 3, 5):
        rows = [sorted(RNG.permutation(5)[:RNG.randint(1, 4)].tolist()) for _ in range(n)]
        rows[0] = rows[0] + [6]  # out of range: cleaned to -1 for average precision
        indices = [[i, j] for i, r in enumerate(rows) for j in range(len(r))]
        batches.append({'sl/indices': np.array(indices, np.int64).reshape(-1, 2),
                        'sl/values': np.array([v for r in rows for v in r], np.int64),
                        'sl/shape': np.array([n, max(len(r) for r in rows)], np.int64), 'logits': f32(n, 5),
                        'idx': np.stack([RNG.permutation(5)[:2] for _ in range(n)]).astype(np.int32), 'w': weights(n)})
    return metrics, batches


GRAPHS = [mean_graph, accuracy_graph, regression_graph, counts_graph, thresholds_graph, auc_graph, at_k_graph,
          at_k_sparse_graph]


def graphs():
    recorded, values = {}, {}
    for fn in GRAPHS:
        g = tf.Graph()
        with g.as_default():
            metrics, batches = fn()
            recorded[fn.__name__] = dict(record_all(g), feeds=[value_json(b) for b in batches])
            init = tf.local_variables_initializer()
            with tf.Session() as sess:
                sess.run(init)
                out = {'initial': sess.run({k: v for k, (v, _) in metrics.items()}), 'updates': []}
                for b in batches:
                    feed = {k + ':0': np.asarray(x) for k, x in b.items()}
                    out['updates'].append(sess.run({k: u for k, (_, u) in metrics.items()}, feed))
                out['final'] = sess.run({k: v for k, (v, _) in metrics.items()})
                values[fn.__name__] = nan_json(value_json(out))
    return recorded, values


def confusion():
    """tf.math.confusion_matrix (the metrics' helper, also public): its classes counted from the data or given,
    weighted, squeezing [N, 1] labels; its ops and values."""
    with tf.Graph().as_default() as g:
        labels = tf.placeholder(tf.int32, [None], 'labels')
        preds = tf.placeholder(tf.int64, [None], 'preds')
        col = tf.placeholder(tf.int32, [None, 1], 'col')
        w = tf.placeholder(tf.float32, [None], 'w')
        fetch = {'counted': tf.math.confusion_matrix(labels, preds),
                 'given': tf.math.confusion_matrix(col, preds, num_classes=4, weights=w, dtype=tf.float32, name='cm')}
        runs = [{'labels': [0, 2, 1, 2], 'preds': [0, 1, 1, 2], 'col': [[0], [2], [1], [3]], 'w': [1.0, 0.5, 2.0, 0.0]},
                {'labels': [1], 'preds': [3], 'col': [[1]], 'w': [0.25]}]
        with tf.Session() as sess:
            values = [value_json(sess.run(fetch, {k + ':0': np.asarray(v) for k, v in f.items()})) for f in runs]
        return dict(record_all(g), feeds=runs, values=values)


# --- errors --------------------------------------------------------------------------------

def build_errors():
    z = tf.zeros
    cases = {
        'mean_weights_dim': lambda: tf.metrics.mean(z([2, 3]), z([3])),
        'mean_weights_rank': lambda: tf.metrics.mean(z([2, 3]), z([2, 3, 1, 1])),
        'mean_tensor_weights': lambda: tf.metrics.mean_tensor(z([2, 3]), z([2, 2])),
        'mean_tensor_shape': lambda: tf.metrics.mean_tensor(tf.placeholder(tf.float32, [None, 3])),
        'accuracy_shapes': lambda: tf.metrics.accuracy(z([3]), z([4])),
        'mae_shapes': lambda: tf.metrics.mean_absolute_error(z([3, 2]), z([2, 3])),
        'count_weights_rank': lambda: tf.metrics.true_positives(z([4]), z([4]), z([4, 1, 1])),
        'count_not_bool': lambda: tf.metrics.precision(z([4]), z([4]), z([4, 1, 1])),
        'thresholds_weights': lambda: tf.metrics.true_positives_at_thresholds(z([4]), z([4]), [0.5], z([3])),
        'auc_curve': lambda: tf.metrics.auc(z([4]), z([4]), curve='XY'),
        'auc_summation': lambda: tf.metrics.auc(z([4]), z([4]), summation_method='bogus'),
        'sensitivity_range': lambda: tf.metrics.sensitivity_at_specificity(z([4]), z([4]), 1.5),
        'specificity_range': lambda: tf.metrics.specificity_at_sensitivity(z([4]), z([4]), -0.25),
        'iou_shapes': lambda: tf.metrics.mean_iou(z([4], tf.int32), z([3], tf.int32), 2),
        'per_class_shapes': lambda: tf.metrics.mean_per_class_accuracy(z([4], tf.int32), z([3], tf.int32), 2),
        'relative_normalizer': lambda: tf.metrics.mean_relative_error(z([4]), z([4]), z([3])),
        'ap_k': lambda: tf.metrics.average_precision_at_k(z([2, 3], tf.int64), z([2, 3]), 0),
        'top_k_labels_rank': lambda: tf.metrics.recall_at_top_k(z([2, 3, 1], tf.int64), z([2], tf.int64)),
        # check_ops compares constant operands while building.
        'static_equal': lambda: tf.assert_equal([1, 2], [1, 3]),
        'static_less_broadcast': lambda: tf.assert_less([1., 2.5], 2.),
        'static_message': lambda: tf.assert_less_equal(3, 2, message='nope'),
        'static_data': lambda: tf.assert_greater_equal([[1, 2], [3, 4]], [2, 1], data=['a', tf.constant(5), 1.5]),
        'static_data_tensor': lambda: tf.assert_greater_equal([[1, 2], [3, 4]], [2, 1],
                                                              data=['a', tf.placeholder(tf.int32)]),
        'static_strings': lambda: tf.assert_equal(tf.constant(['a', 'bb']), tf.constant(['a', 'c'])),
        'static_non_negative': lambda: tf.assert_non_negative([-1, 2]),
        'static_greater': lambda: tf.assert_greater([3, 1], 2, summarize=1),
        'static_none_equal': lambda: tf.assert_none_equal([1., 2.], [3., 2.]),
        'static_negative': lambda: tf.assert_negative([-1, 0], message='neg'),
        'static_positive': lambda: tf.assert_positive([[0.5], [0.]]),
        'static_non_positive': lambda: tf.assert_non_positive(tf.constant([1], tf.int64)),
        'auc_constant_range': lambda: tf.metrics.auc(tf.constant([True, False]), tf.constant([1.5, 0.25])),
    }
    return errors_of(cases)


def run_errors():
    """The metrics' run-time checks failing: predictions outside [0, 1], weights that do not broadcast."""
    out = {}
    cases = {
        'auc_range': (lambda: tf.metrics.auc(tf.placeholder(tf.int64, [None], 'labels'),
                                             tf.placeholder(tf.float32, [None], 'p'), num_thresholds=3),
                      {'labels': [1, 0], 'p': [0.5, 1.5]}),
        'mean_broadcast': (lambda: tf.metrics.mean(tf.placeholder(tf.float32, [None, 3], 'v'),
                                                   tf.placeholder(tf.float32, [None, None], 'w')),
                           {'v': np.ones([2, 3]), 'w': np.ones([2, 2])}),
    }
    for name, (fn, feed) in cases.items():
        with tf.Graph().as_default() as g:
            _, update = fn()
            with tf.Session() as sess:
                sess.run(tf.local_variables_initializer())
                try:
                    sess.run(update, {k + ':0': np.asarray(v) for k, v in feed.items()})
                    raise AssertionError(name + ' did not fail')
                except tf.errors.OpError as e:
                    out[name] = dict(error_json(e), feed=value_json(feed))
            out[name]['ops'] = len(g.get_operations())
    return out


# --- an evaluation loop ---------------------------------------------------------------------

EVAL_X = [f32(4, 3) for _ in range(5)]
EVAL_Y = [bits(4) for _ in range(5)]
EVAL_W = [[0.5], [-1.0], [0.25]]


def eval_loop():
    """A fixed model evaluated batch by batch as Estimator.evaluate does: local variables initialized by
    the MonitoredSession, the update ops run on each batch, the values read by a FinalOpsHook."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], 'x')
        y = tf.placeholder(tf.int64, [None], 'y')
        w = tf.get_variable('w', initializer=tf.constant(EVAL_W))
        prob = tf.sigmoid(tf.squeeze(tf.matmul(x, w), [1]))
        loss = tf.losses.log_loss(y, prob)
        metrics = {'accuracy': tf.metrics.accuracy(y, tf.cast(prob > 0.5, tf.int64)),
                   'auc': tf.metrics.auc(y, prob, num_thresholds=20), 'loss': tf.metrics.mean(loss),
                   'precision': tf.metrics.precision(y, prob > 0.5)}
        hook = tf.train.FinalOpsHook({k: v for k, (v, _) in metrics.items()})
        updates = tf.group(*[u for _, u in metrics.values()])
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            for xs, ys in zip(EVAL_X, EVAL_Y):
                sess.run(updates, {x: xs, y: ys})
        return {'x': value_json(EVAL_X), 'y': value_json(EVAL_Y), 'w': EVAL_W,
                'final': value_json(hook.final_ops_values)}


def main():
    recorded, values = graphs()
    write_fixture({'graphs': recorded, 'values': values, 'build_errors': build_errors(), 'run_errors': run_errors(),
                   'eval_loop': eval_loop(), 'confusion': confusion()}, OUT)


if __name__ == '__main__':
    main()
