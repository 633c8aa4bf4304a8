"""Op names, variables and one-step losses of TF1 optimizers on a tiny linear model.

Writes test/fixtures/graph_layer/optimizers.json, which test/optimizers.test.ts compares
against graphs the TypeScript optimizers build (ref and resource variables).
Run: .venv-tf/bin/python scripts/graph_fixtures/optimizers.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'graph_layer', 'optimizers.json')
X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
Y = np.array([[1.0], [2.0], [3.0]], np.float32)
W0 = np.array([[0.1], [-0.2]], np.float32)

OPTIMIZERS = {
    'GradientDescent': lambda: tf.train.GradientDescentOptimizer(0.01),
    'Momentum': lambda: tf.train.MomentumOptimizer(0.01, 0.9),
    'MomentumNesterov': lambda: tf.train.MomentumOptimizer(0.01, 0.9, use_nesterov=True),
    'Adam': lambda: tf.train.AdamOptimizer(0.01),
    'Adagrad': lambda: tf.train.AdagradOptimizer(0.1),
    'RMSProp': lambda: tf.train.RMSPropOptimizer(0.01),
    'RMSPropCentered': lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
}


def build(make, use_resource):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(X, name='x')
        y = tf.constant(Y, name='y')
        w = tf.Variable(W0, name='w', use_resource=use_resource)
        b = tf.Variable(0.5, name='b', use_resource=use_resource)
        pred = tf.add(tf.matmul(x, w), b, name='pred')
        loss = tf.reduce_mean(tf.square(pred - y), name='loss')
        gs = tf.train.get_or_create_global_step()
        train = make().minimize(loss, global_step=gs)
        init = tf.global_variables_initializer()
    with tf.Session(graph=g) as sess:
        sess.run(init)
        losses = []
        for _ in range(5):
            losses.append(float(sess.run(loss)))
            sess.run(train)
        values = {v.op.name: sess.run(v).tolist() for v in tf.global_variables(scope=None) if v.graph is g} \
            if False else {v.op.name: np.asarray(sess.run(v)).tolist() for v in g.get_collection('variables')}
        step = int(sess.run(gs))
    return {
        'train_op': train.name,
        'variables': [v.op.name for v in g.get_collection('variables')],
        'trainable': [v.op.name for v in g.get_collection('trainable_variables')],
        'train_op_collection': [o.name for o in g.get_collection('train_op')],
        'losses': losses,
        'values': values,
        'global_step': step,
    }


out = {}
for name, make in OPTIMIZERS.items():
    out[name] = {'ref': build(make, False), 'resource': build(make, True)}
with open(OUT, 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
print('wrote', OUT)
