"""More of TF1's tf.nn (tf.compat.v1.nn) built with TF 2.21 in graph mode, for test/nn_ops.test.ts:
activations, the losses of nn_impl.py, moments from sufficient statistics, pooling with argmax,
fractional pooling and morphology, the candidate samplers, nce_loss and sampled_softmax_loss, and the
CTC loss and decoders.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed. Then gradients (their values), seeded trainings (a word2vec-like
model with nce_loss and with sampled_softmax_loss, a CTC model) and the errors bad arguments raise.

Writes test/fixtures/graph_layer/nn_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/nn_ops.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
from control_flow import feeds
from image_ops import float32_attrs, shapes_of
from io_ops import errors_of, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'nn_ops.json')

# Few-digit values of both signs, and zeros (for zero_fraction).
X = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) % 7 - 3.0) / 4.0
IMG = ((np.arange(32, dtype=np.float32) * 5 % 17) / 8.0).reshape(1, 4, 4, 2)
LABELS = np.array([[1], [4], [0], [6]], dtype=np.int64)
# CTC: [time, batch, classes] logits (the last class the blank), two label sequences.
CTC_T, CTC_B, CTC_C = 5, 2, 4
CTC_LOGITS = (np.sin(np.arange(CTC_T * CTC_B * CTC_C, dtype=np.float32) * 0.7)).reshape(CTC_T, CTC_B, CTC_C)
CTC_IDX = [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]]
CTC_VALS = [1, 2, 0, 0, 2]


def ctc_labels():
    return tf.SparseTensor(CTC_IDX, tf.constant(CTC_VALS, tf.int32), [2, 3])


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def activations():
    x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    out = {
        'softsign': tf.nn.softsign(x),
        'selu': tf.nn.selu(x, name='s'),
        'crelu': tf.nn.crelu(x),
        'crelu_axis': tf.nn.crelu(x, axis=1, name='cr'),
        'lrn': tf.nn.lrn(img),
        'lrn_args': tf.nn.local_response_normalization(img, depth_radius=1, bias=2.0, alpha=0.5, beta=0.25, name='n'),
        'zero_fraction': tf.nn.zero_fraction(x),
        'zero_fraction_named': tf.nn.zero_fraction(tf.nn.relu(x), name='zf'),
    }
    return out, feeds(a={'x': X, 'img': IMG})


def losses():
    x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
    t = tf.placeholder(tf.float32, [2, 3, 4], name='t')
    out = {
        'poisson': tf.nn.log_poisson_loss(t, x),
        'poisson_full': tf.nn.log_poisson_loss(t * 3.0, x, compute_full_loss=True, name='lp'),
        'weighted': tf.nn.weighted_cross_entropy_with_logits(targets=t, logits=x, pos_weight=2.0),
        'weighted_labels': tf.nn.weighted_cross_entropy_with_logits(labels=t, logits=x, pos_weight=0.5, name='w'),
    }
    return out, feeds(a={'x': X, 't': np.abs(X)})


def statistics():
    x = tf.placeholder(tf.float32, [2, 3, 4], name='x')
    dyn = tf.placeholder(tf.float32, [None, 3, None], name='dyn')
    w = tf.placeholder(tf.float32, [1, 3, 1], name='w')
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(x, [0, 2])
    counts2, m_ss2, v_ss2, shift2 = tf.nn.sufficient_statistics(dyn, [0, -1], shift=0.5, keep_dims=True, name='ss')
    mean, var = tf.nn.normalize_moments(counts, m_ss, v_ss, None)
    mean2, var2 = tf.nn.normalize_moments(counts2, m_ss2, v_ss2, shift2, name='nm')
    wm = tf.nn.weighted_moments(x, [1], w)
    wm_keep = tf.nn.weighted_moments(x, [0, 2], w, keep_dims=True, name='wm')
    m = tf.placeholder(tf.float32, [4], name='m')
    bn = tf.nn.batch_norm_with_global_normalization(x, m, m * m + 1.0, m * 0.5, m + 2.0, 0.001, True)
    bn_unscaled = tf.nn.batch_norm_with_global_normalization(x, m, m * m + 1.0, m * 0.5, m + 2.0, 0.01, False,
                                                             name='bn')
    out = {'ss': [counts, m_ss, v_ss], 'ss_shift': [counts2, m_ss2, v_ss2, shift2], 'moments': [mean, var],
           'moments_shift': [mean2, var2], 'wm': list(wm), 'wm_keep': list(wm_keep), 'bn': bn,
           'bn_unscaled': bn_unscaled}
    return out, feeds(a={'x': X, 'dyn': X, 'w': [[[1.0], [2.0], [0.5]]], 'm': [0.5, -1.0, 0.0, 2.0]})


def pooling():
    img = tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')
    k = tf.placeholder(tf.float32, [2, 2, 2], name='k')
    out = {
        'argmax': list(tf.nn.max_pool_with_argmax(img, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')),
        'argmax_int32': list(tf.nn.max_pool_with_argmax(img, [1, 3, 3, 1], [1, 1, 1, 1], 'VALID', Targmax=tf.int32,
                                                        include_batch_in_index=True, name='mpa')),
        'fmax': list(tf.nn.fractional_max_pool(img, [1.0, 1.5, 1.5, 1.0], deterministic=True, seed=3, seed2=4)),
        'fmax_args': list(tf.nn.fractional_max_pool(img, [1.0, 2.0, 1.44, 1.0], pseudo_random=True, overlapping=True,
                                                    deterministic=True, seed=1, seed2=2, name='fm')),
        'favg': list(tf.nn.fractional_avg_pool(img, [1.0, 1.5, 1.5, 1.0], deterministic=True, seed=5, seed2=6)),
        'dilation': tf.nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'),
        'dilation_rates': tf.nn.dilation2d(img, filter=k, strides=[1, 2, 2, 1], rates=[1, 2, 2, 1], padding='VALID',
                                           name='dil'),
        'erosion': tf.nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'),
        'erosion_named': tf.nn.erosion2d(img, k, [1, 2, 2, 1], [1, 1, 1, 1], 'VALID', name='ero'),
    }
    return out, feeds(a={'img': IMG, 'k': np.arange(8, dtype=np.float32).reshape(2, 2, 2) / 8.0})


def samplers():
    labels = tf.placeholder(tf.int64, [4, 1], name='labels')
    pairs = tf.placeholder(tf.int64, [2, 2], name='pairs')
    sampled = tf.nn.log_uniform_candidate_sampler(labels, 1, 5, True, 10, seed=7)
    out = {
        'uniform': list(tf.nn.uniform_candidate_sampler(labels, 1, 3, True, 10, seed=1)),
        'uniform_repeat': list(tf.nn.uniform_candidate_sampler(pairs, 2, 6, False, 5, seed=2, name='u')),
        'log_uniform': list(sampled),
        'learned': list(tf.nn.learned_unigram_candidate_sampler(labels, 1, 4, True, 8, seed=3)),
        'fixed': list(tf.nn.fixed_unigram_candidate_sampler(labels, 1, 4, True, 8, unigrams=[1, 2, 3, 4, 5, 6, 7, 8],
                                                            distortion=0.5, seed=4)),
        'fixed_reserved': list(tf.nn.fixed_unigram_candidate_sampler(
            pairs, 2, 3, False, 6, unigrams=[4, 3, 2, 1], num_reserved_ids=2, seed=5, name='fu')),
        'all': list(tf.nn.all_candidate_sampler(labels, 1, 8, True, seed=6)),
        'hits': list(tf.nn.compute_accidental_hits(labels, sampled[0], 1)),
        'hits_named': list(tf.nn.compute_accidental_hits(pairs, tf.constant([0, 3, 1], tf.int64), 2, seed=9,
                                                         name='hits')),
    }
    return out, feeds(a={'labels': LABELS, 'pairs': [[0, 3], [1, 1]]})


def graph_seeded():
    """A graph seed and no op seeds: each sampler's (and compute_accidental_hits') seed counted in the graph."""
    tf.set_random_seed(5)
    labels = tf.placeholder(tf.int64, [4, 1], name='labels')
    u = tf.nn.uniform_candidate_sampler(labels, 1, 3, True, 10)
    hits = tf.nn.compute_accidental_hits(labels, u[0], 1)
    out = {'uniform': list(u), 'hits': list(hits),
           'log_uniform': list(tf.nn.log_uniform_candidate_sampler(labels, 1, 3, False, 10))}
    return out, feeds(a={'labels': LABELS})


def sampled_losses():
    tf.set_random_seed(2)
    inputs = tf.placeholder(tf.float32, [4, 3], name='inputs')
    labels = tf.placeholder(tf.int64, [4, 1], name='labels')
    labels2 = tf.placeholder(tf.int32, [4, 2], name='labels2')
    w = tf.constant(np.arange(30, dtype=np.float32).reshape(10, 3) % 7 / 7.0 - 0.4, name='w')
    b = tf.constant(np.arange(10, dtype=np.float32) / 10.0, name='b')
    parts = [tf.constant(np.arange(15, dtype=np.float32).reshape(5, 3) % 4 / 4.0, name='w0'),
             tf.constant(np.arange(15, dtype=np.float32).reshape(5, 3) % 3 / 3.0 - 0.5, name='w1')]
    sv = tf.nn.uniform_candidate_sampler(labels, 1, 4, True, 10, seed=3)
    out = {
        'nce': tf.nn.nce_loss(w, b, labels, inputs, 4, 10, sampled_values=sv),
        'nce_hits': tf.nn.nce_loss(w, b, labels2, inputs, 3, 10, num_true=2, remove_accidental_hits=True,
                                   name='nce2'),
        'nce_parts': tf.nn.nce_loss(parts, b, labels, inputs, 3, 10, partition_strategy='div', sampled_values=sv),
        'softmax': tf.nn.sampled_softmax_loss(w, b, labels, inputs, 4, 10, sampled_values=sv),
        'softmax_seeded': tf.nn.sampled_softmax_loss(w, b, labels2, inputs, 3, 10, num_true=2, seed=11, name='ssl'),
        'softmax_no_hits': tf.nn.sampled_softmax_loss(parts, b, labels, inputs, 4, 10, sampled_values=sv,
                                                      remove_accidental_hits=False),
    }
    return out, feeds(a={'inputs': X.reshape(4, 6)[:, :3] * 2.0, 'labels': LABELS,
                         'labels2': [[1, 2], [4, 4], [0, 9], [6, 3]]})


def partitioned():
    """nce_loss and sampled_softmax_loss on a PartitionedVariable (the 'mod' strategy)."""
    inputs = tf.placeholder(tf.float32, [4, 3], name='inputs')
    labels = tf.placeholder(tf.int64, [4, 1], name='labels')
    w = tf.get_variable('w', [10, 3], initializer=tf.constant_initializer(0.25),
                        partitioner=tf.fixed_size_partitioner(3))
    b = tf.get_variable('b', [10], initializer=tf.zeros_initializer())
    sv = tf.nn.uniform_candidate_sampler(labels, 1, 4, True, 10, seed=3)
    out = {'nce': tf.nn.nce_loss(w, b, labels, inputs, 4, 10, sampled_values=sv),
           'softmax': tf.nn.sampled_softmax_loss(w, b, labels, inputs, 4, 10, sampled_values=sv)}
    return out, feeds(a={'inputs': X.reshape(4, 6)[:, :3] * 2.0, 'labels': LABELS})


def ctc():
    logits = tf.placeholder(tf.float32, [CTC_T, CTC_B, CTC_C], name='logits')
    seq = tf.placeholder(tf.int32, [CTC_B], name='seq')
    greedy, greedy_p = tf.nn.ctc_greedy_decoder(logits, seq)
    greedy2, greedy2_p = tf.nn.ctc_greedy_decoder(logits, seq, merge_repeated=False)
    beam, beam_p = tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=3, top_paths=2)
    out = {
        'loss': tf.nn.ctc_loss(ctc_labels(), logits, seq),
        'loss_args': tf.nn.ctc_loss(ctc_labels(), tf.transpose(logits, [1, 0, 2]), seq, preprocess_collapse_repeated=True,
                                    ctc_merge_repeated=False, ignore_longer_outputs_than_inputs=True,
                                    time_major=False),
        'greedy': [greedy[0].indices, greedy[0].values, greedy[0].dense_shape, greedy_p],
        'greedy_unmerged': [greedy2[0].indices, greedy2[0].values, greedy2[0].dense_shape, greedy2_p],
        'beam': [beam[0].indices, beam[0].values, beam[0].dense_shape, beam[1].indices, beam[1].values,
                 beam[1].dense_shape, beam_p],
    }
    return out, feeds(a={'logits': CTC_LOGITS, 'seq': [5, 4]}, b={'logits': CTC_LOGITS * 2.0, 'seq': [3, 5]})


GRAPHS = [activations, losses, statistics, pooling, samplers, graph_seeded, sampled_losses, partitioned, ctc]


# --- gradients -------------------------------------------------------------------------------

def grad_cases():
    def x_of():
        return tf.placeholder(tf.float32, [2, 3, 4], name='x')

    def img_of():
        return tf.placeholder(tf.float32, [1, 4, 4, 2], name='img')

    # Exact binary fractions, so that the test makes the same Consts.
    weights = (np.arange(24, dtype=np.float32).reshape(2, 3, 4) % 5 - 2.0) / 2.0
    img_w = (np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2) % 7 - 3.0) / 4.0

    def activation():
        x = x_of()
        y = tf.reduce_sum((tf.nn.softsign(x) + tf.nn.selu(x) + tf.nn.crelu(x)[..., :4]) * weights)
        return y, [x], [{'x': X}]

    def lrn():
        img = img_of()
        return tf.reduce_sum(tf.nn.lrn(img, 1, 1.0, 0.5, 0.75) * img_w), [img], [{'img': IMG}]

    def losses():
        x, t = x_of(), x_of()
        y = tf.reduce_sum(tf.nn.log_poisson_loss(tf.abs(t), x, compute_full_loss=True) * weights +
                          tf.nn.weighted_cross_entropy_with_logits(targets=tf.abs(t), logits=x, pos_weight=2.0))
        return y, [x], [{'x': X, 'x_1': X[::-1]}]

    def moments():
        x = x_of()
        mean, var = tf.nn.weighted_moments(x, [0, 2], tf.constant([[[1.0], [2.0], [0.5]]]))
        c, m, v, s = tf.nn.sufficient_statistics(x, [1], shift=0.25)
        mean2, var2 = tf.nn.normalize_moments(c, m, v, s)
        return tf.reduce_sum(mean * var) + tf.reduce_sum(mean2 * var2 * weights[:, 0]), [x], [{'x': X}]

    def pooling():
        img = img_of()
        k = tf.placeholder(tf.float32, [2, 2, 2], name='k')
        pooled, _ = tf.nn.max_pool_with_argmax(img, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')
        fmax = tf.nn.fractional_max_pool(img, [1.0, 1.5, 1.5, 1.0], deterministic=True, seed=3, seed2=4)[0]
        favg = tf.nn.fractional_avg_pool(img, [1.0, 1.5, 1.5, 1.0], overlapping=True, deterministic=True, seed=5, seed2=6)[0]
        y = (tf.reduce_sum(pooled * img_w[:, :2, :2]) + tf.reduce_sum(fmax * fmax) + tf.reduce_sum(favg * favg) +
             tf.reduce_sum(tf.nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME') * img_w) +
             tf.reduce_sum(tf.nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME') * img_w[::-1]))
        return y, [img, k], [{'img': IMG, 'k': np.arange(8, dtype=np.float32).reshape(2, 2, 2) / 8.0}]

    def sampled():
        tf.set_random_seed(1)
        inputs = tf.placeholder(tf.float32, [4, 3], name='inputs')
        w = tf.constant(np.arange(30, dtype=np.float32).reshape(10, 3) % 7 / 7.0 - 0.4)
        b = tf.constant(np.arange(10, dtype=np.float32) / 10.0)
        labels = tf.constant(LABELS)
        y = (tf.reduce_sum(tf.nn.nce_loss(w, b, labels, inputs, 4, 10, remove_accidental_hits=True)) +
             tf.reduce_sum(tf.nn.sampled_softmax_loss(w, b, labels, inputs, 4, 10, seed=2)))
        return y, [w, b, inputs], [{'inputs': X.reshape(4, 6)[:, :3]}]

    def ctc_loss():
        logits = tf.placeholder(tf.float32, [CTC_T, CTC_B, CTC_C], name='logits')
        loss = tf.nn.ctc_loss(ctc_labels(), logits, [5, 4])
        loss2 = tf.nn.ctc_loss(ctc_labels(), tf.transpose(logits, [1, 0, 2]), [4, 5], time_major=False)
        return tf.reduce_sum(loss * [1.0, 2.0]) + tf.reduce_sum(loss2), [logits], [{'logits': CTC_LOGITS}]

    return {'activation': activation, 'lrn': lrn, 'losses': losses, 'moments': moments, 'pooling': pooling,
            'sampled': sampled, 'ctc_loss': ctc_loss}


# --- training ----------------------------------------------------------------------------------

VOCAB, EMB, BATCH = 12, 4, 6
CENTERS = np.array([0, 3, 5, 7, 9, 11], dtype=np.int64)
CONTEXTS = np.array([[1], [2], [6], [8], [10], [0]], dtype=np.int64)


def word2vec(loss_fn):
    """Embeddings of centre words trained with GradientDescent to predict their context words."""
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(17)
        emb = tf.get_variable('emb', [VOCAB, EMB], initializer=tf.random_uniform_initializer(-1.0, 1.0, seed=1))
        w = tf.get_variable('nce_w', [VOCAB, EMB], initializer=tf.truncated_normal_initializer(stddev=0.5, seed=2))
        b = tf.get_variable('nce_b', [VOCAB], initializer=tf.zeros_initializer())
        embedded = tf.nn.embedding_lookup(emb, tf.constant(CENTERS))
        if loss_fn == 'nce':
            per_example = tf.nn.nce_loss(w, b, tf.constant(CONTEXTS), embedded, 5, VOCAB)
        else:
            per_example = tf.nn.sampled_softmax_loss(w, b, tf.constant(CONTEXTS), embedded, 5, VOCAB, seed=3)
        loss = tf.reduce_mean(per_example)
        train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(5)]
            final = sess.run(b).tolist()
    return {'losses': losses, 'final_b': final}


def ctc_training():
    g = tf.Graph()
    with g.as_default():
        logits = tf.get_variable('logits', initializer=tf.constant(CTC_LOGITS))
        loss = tf.reduce_mean(tf.nn.ctc_loss(ctc_labels(), logits, [5, 4]))
        train_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train_op])[0]) for _ in range(5)]
    return {'losses': losses}


# --- errors while building -------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'poisson_shapes': lambda: tf.nn.log_poisson_loss(z(2, 3), z(3, 2)),
        'weighted_shapes': lambda: tf.nn.weighted_cross_entropy_with_logits(targets=z(2), logits=z(3), pos_weight=1.0),
        'argmax_nchw': lambda: tf.nn.max_pool_with_argmax(z(1, 4, 4, 2), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME',
                                                          data_format='NCHW'),
        'ctc_dense_labels': lambda: tf.nn.ctc_loss(tf.zeros([2, 3], tf.int32), z(5, 2, 4), [5, 5]),
        'learned_range': lambda: tf.nn.learned_unigram_candidate_sampler(tf.zeros([2, 1], tf.int64), 1, 2, True,
                                                                         2 ** 31),
    }
    return errors_of(cases)


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    for g in recorded.values():
        g['attrs'] = float32_attrs(g['attrs'])
    out = {'graphs': recorded, 'values': values, 'gradients': control_flow.gradient_values(grad_cases()),
           'training': {'nce': word2vec('nce'), 'sampled_softmax': word2vec('softmax'), 'ctc': ctc_training()},
           'build_errors': build_errors()}
    write_fixture(out, OUT, compact=True)


if __name__ == '__main__':
    main()
