"""Op names, variables and one-step losses of TF1 optimizers on a tiny linear model, and on an
embedding model whose gradient is IndexedSlices (sparse updates of the rows looked up).

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
    'Adadelta': lambda: tf.train.AdadeltaOptimizer(1.0),
    'Ftrl': lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02),
    'FtrlShrinkage': lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=-0.6, initial_accumulator_value=0.5,
                                                    l2_shrinkage_regularization_strength=0.05, beta=0.5),
    'ProximalGradientDescent': lambda: tf.train.ProximalGradientDescentOptimizer(
        0.05, l1_regularization_strength=0.01, l2_regularization_strength=0.02),
    'ProximalAdagrad': lambda: tf.train.ProximalAdagradOptimizer(
        0.1, initial_accumulator_value=0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.02),
    'AdagradDA': lambda: tf.train.AdagradDAOptimizer(
        0.1, tf.train.get_or_create_global_step(), l1_regularization_strength=0.01, l2_regularization_strength=0.02),
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


EMB0 = (np.arange(18, dtype=np.float32).reshape(6, 3) - 9) / 10
IDS = np.array([1, 3, 1, 4], np.int32)  # a repeated row; rows 0, 2 and 5 are not looked up
EMB_Y = np.array([[1.0], [-1.0], [0.5], [2.0]], np.float32)


def build_embedding(make, use_resource, l2, partitioned=False):
    """
    The embedding model; with `l2`, a dense penalty on the whole table too: TF 2.21 then sums the
    IndexedSlices and the dense gradient with AddN, and the update is dense.
    """
    g = tf.Graph()
    with g.as_default():
        if partitioned:
            # Two parts of 3 rows; ids go by 'mod': 1 and 3 to part 1, 4 to part 0.
            emb = tf.get_variable('emb', initializer=tf.constant(EMB0), use_resource=use_resource,
                                  partitioner=tf.fixed_size_partitioner(2))
        else:
            emb = tf.Variable(EMB0, name='emb', use_resource=use_resource)
        w = tf.Variable([[0.5], [-0.25], [0.75]], name='w', use_resource=use_resource)
        rows = tf.nn.embedding_lookup(emb, tf.constant(IDS, name='ids'))
        loss = tf.reduce_mean(tf.square(tf.matmul(rows, w) - EMB_Y), name='loss')
        if l2:
            loss = tf.add(loss, 0.01 * tf.reduce_sum(tf.square(emb)), name='total_loss')
        grad = tf.gradients(loss, list(emb) if partitioned else [emb])[0]
        assert isinstance(grad, tf.IndexedSlices) != l2, grad
        gs = tf.train.get_or_create_global_step()
        opt = make()
        train = opt.minimize(loss, global_step=gs)
        init = tf.global_variables_initializer()
    scope = opt.get_name() + ('/update_emb/part_0/' if partitioned else '/update_emb/')
    with tf.Session(graph=g) as sess:
        sess.run(init)
        gv = sess.run(grad)
        losses = []
        for _ in range(5):
            losses.append(float(sess.run(loss)))
            sess.run(train)
        values = {v.op.name: np.asarray(sess.run(v)).tolist() for v in g.get_collection('variables')}
    return {
        'grad': {'dense': gv.tolist()} if l2 else
        {'values': gv.values.tolist(), 'indices': gv.indices.tolist(), 'dense_shape': gv.dense_shape.tolist()},
        'update_types': sorted({o.type for o in g.get_operations()
                                if o.name.startswith(scope) and ('Apply' in o.type or 'Scatter' in o.type)}),
        'variables': [v.op.name for v in g.get_collection('variables')],
        'losses': losses,
        'values': values,
    }


out = {}
for name, make in OPTIMIZERS.items():
    out[name] = {'ref': build(make, False), 'resource': build(make, True)}
    for l2 in (False, True):
        out[name]['embedding_l2' if l2 else 'embedding'] = {
            'ref': build_embedding(make, False, l2), 'resource': build_embedding(make, True, l2)}
    out[name]['embedding_partitioned'] = {
        'ref': build_embedding(make, False, False, True), 'resource': build_embedding(make, True, False, True)}
with open(OUT, 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
print('wrote', OUT)
