"""A linear regression and an MLP trained with TF1 Python, plus a Python-trained linear model
exported as MetaGraph + checkpoint and as SavedModel, for the TypeScript side to match and to
continue training.

Writes test/fixtures/graph_layer/models.json and test/fixtures/graph_layer/py_linear/.
Run: .venv-tf/bin/python scripts/graph_fixtures/models.py
"""
import json
import os
import shutil

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'graph_layer')
rng = np.random.RandomState(0)
LX = rng.randn(8, 3).astype(np.float32)
LY = (LX @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3 + 0.01 * rng.randn(8, 1)).astype(np.float32)
MX = rng.randn(16, 4).astype(np.float32)
MLABELS = rng.randint(0, 3, size=[16]).astype(np.int32)
STEPS = 20


def linear_graph(placeholders):
    if placeholders:
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        y = tf.placeholder(tf.float32, [None, 1], name='y')
    else:
        x = tf.constant(LX, name='x')
        y = tf.constant(LY, name='y')
    w = tf.Variable([[0.1], [0.2], [-0.1]], name='w')
    b = tf.Variable(0.0, name='b')
    pred = tf.add(tf.matmul(x, w), b, name='pred')
    loss = tf.reduce_mean(tf.square(tf.subtract(pred, y)), name='loss')
    gs = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=gs)
    return x, y, pred, loss, train, gs


def mlp_graph():
    x = tf.constant(MX, name='x')
    labels = tf.constant(MLABELS, name='labels')
    with tf.variable_scope('hidden'):
        w1 = tf.get_variable('weights', [4, 8], initializer=tf.glorot_uniform_initializer(seed=1))
        b1 = tf.get_variable('biases', [8], initializer=tf.zeros_initializer())
        h = tf.nn.relu(tf.add(tf.matmul(x, w1), b1))
    with tf.variable_scope('logits'):
        w2 = tf.get_variable('weights', [8, 3], initializer=tf.truncated_normal_initializer(stddev=0.5, seed=2))
        b2 = tf.get_variable('biases', [3], initializer=tf.constant_initializer(0.1))
        logits = tf.add(tf.matmul(h, w2), b2)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits), name='loss')
    gs = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=gs)
    return loss, train


def run(build):
    g = tf.Graph()
    with g.as_default():
        loss, train = build()
        init = tf.global_variables_initializer()
    with tf.Session(graph=g) as sess:
        sess.run(init)
        initial = {v.op.name: sess.run(v).tolist() for v in g.get_collection('variables')}
        losses = []
        for _ in range(STEPS):
            losses.append(float(sess.run(loss)))
            sess.run(train)
        final = {v.op.name: np.asarray(sess.run(v)).tolist() for v in g.get_collection('variables')}
    return {'initial': initial, 'losses': losses, 'final': final}


def python_export():
    d = os.path.join(OUT_DIR, 'py_linear')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    g = tf.Graph()
    with g.as_default():
        x, y, pred, loss, train, gs = linear_graph(True)
        tf.summary.scalar('loss', loss)
        init = tf.global_variables_initializer()
        saver = tf.train.Saver()
    feed = {x: LX, y: LY}
    with tf.Session(graph=g) as sess:
        sess.run(init)
        for _ in range(3):
            sess.run(train, feed)
        saver.save(sess, os.path.join(d, 'model.ckpt'), global_step=3)
        builder = tf.saved_model.Builder(os.path.join(d, 'saved_model'))
        sig = tf.saved_model.predict_signature_def({'x': x}, {'pred': pred})
        builder.add_meta_graph_and_variables(sess, ['serve'], signature_def_map={'serving_default': sig})
        builder.save()
        values = {v.op.name: np.asarray(sess.run(v)).tolist() for v in g.get_collection('variables')}
        losses = []
        for _ in range(5):
            losses.append(float(sess.run(loss, feed)))
            sess.run(train, feed)
        step = int(sess.run(gs))
    os.remove(os.path.join(d, 'checkpoint'))  # holds absolute paths; tests use the prefix
    return {'values_at_3': values, 'continue_losses': losses, 'final_step': step,
            'collections': sorted(g.get_all_collection_keys())}


out = {
    'data': {'lx': LX.tolist(), 'ly': LY.tolist(), 'mx': MX.tolist(), 'mlabels': MLABELS.tolist()},
    'linear': run(lambda: linear_graph(False)[3:5]),
    'mlp': run(mlp_graph),
    'python_export': python_export(),
}
with open(os.path.join(OUT_DIR, 'models.json'), 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', OUT_DIR)
