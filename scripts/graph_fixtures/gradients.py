"""Gradients through ops libtensorflow's C++ registry lacks (v1 cond's Switch and Merge,
SparseSoftmaxCrossEntropyWithLogits, FusedBatchNorm, FloorMod, Round, IdentityN, EnsureShape,
ResourceGather),
mixed with ops whose inputs are computed from each other (x + f(x), layer norm, swish): each
case's graph, written before any gradient is added, with its feeds and the values TF1 Python's
tf.gradients gives. test/gradients.test.ts imports each graph, adds the gradients with tf1-node
and must get the same values.

Writes test/fixtures/graph_layer/gradients.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/gradients.py
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'graph_layer', 'gradients.json')
rng = np.random.RandomState(7)


def f32(*shape):
    return rng.uniform(-1, 1, size=shape).astype(np.float32)


def cond_case():
    x = tf.placeholder(tf.float32, [2, 3], name='x')
    pred = tf.placeholder(tf.bool, [], name='pred')
    y = tf.cond(pred, lambda: x * x * 3.0, lambda: tf.sin(x) + x)
    loss = tf.reduce_sum(y * x, name='loss')
    xv = f32(2, 3)
    return loss, [x], [{'x': xv, 'pred': np.array(True)}, {'x': xv, 'pred': np.array(False)}]


def nested_cond_case():
    x = tf.placeholder(tf.float32, [3], name='x')
    a = tf.placeholder(tf.bool, [], name='a')
    b = tf.placeholder(tf.bool, [], name='b')
    y = tf.cond(a, lambda: tf.cond(b, lambda: tf.exp(x), lambda: x * 2.0), lambda: tf.square(x))
    loss = tf.reduce_sum(y, name='loss')
    xv = f32(3)
    feeds = [{'x': xv, 'a': np.array(p), 'b': np.array(q)} for p in (True, False) for q in (True, False)]
    return loss, [x], feeds


def sparse_xent_case():
    x = tf.placeholder(tf.float32, [4, 5], name='x')
    w = tf.placeholder(tf.float32, [5, 3], name='w')
    labels = tf.placeholder(tf.int32, [4], name='labels')
    h = tf.matmul(x, w)
    # Inputs computed from each other: h + tanh(h) * h, then a layer norm and a swish.
    r = h + tf.tanh(h) * h
    mean, var = tf.nn.moments(r, axes=[1], keep_dims=True)
    n = (r - mean) * tf.rsqrt(var + 1e-3)
    logits = n * tf.sigmoid(n)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    return tf.identity(loss, name='loss'), [x, w], [{'x': f32(4, 5), 'w': f32(5, 3), 'labels': np.array([0, 2, 1, 2], np.int32)}]


def fused_batch_norm_case(training):
    def build():
        x = tf.placeholder(tf.float32, [2, 2, 2, 3], name='x')
        scale = tf.placeholder(tf.float32, [3], name='scale')
        offset = tf.placeholder(tf.float32, [3], name='offset')
        empty = tf.constant([], tf.float32) if training else tf.constant([0.1, 0.2, 0.3])
        var = tf.constant([], tf.float32) if training else tf.constant([1.0, 0.5, 2.0])
        y = tf.raw_ops.FusedBatchNorm(x=x, scale=scale, offset=offset, mean=empty, variance=var,
                                      is_training=training, epsilon=0.001).y
        loss = tf.reduce_sum(y * tf.constant(f32(2, 2, 2, 3)), name='loss')
        return loss, [x, scale, offset], [{'x': f32(2, 2, 2, 3), 'scale': f32(3), 'offset': f32(3)}]
    return build


def elementwise_case():
    x = tf.placeholder(tf.float32, [5], name='x')
    y = tf.placeholder(tf.float32, [5], name='y')
    a, b = tf.raw_ops.IdentityN(input=[x, y])
    m = tf.math.floormod(a * 3.0, b + 2.0)
    r = tf.round(x) * x
    e = tf.ensure_shape(m + r, [5])
    loss = tf.reduce_sum(e * e, name='loss')
    return loss, [x, y], [{'x': f32(5) * 3, 'y': f32(5)}]


def resource_gather_case():
    # An embedding on a resource variable: ResourceGather's gradient, IndexedSlices (compared as
    # the tensor convert_to_tensor makes of them), with an id repeated within and across rows.
    ids = tf.placeholder(tf.int32, [2, 3], name='ids')
    x = tf.placeholder(tf.float32, [2, 4], name='x')
    emb = tf.get_variable('emb', initializer=f32(6, 4), use_resource=True)
    e = tf.reduce_sum(tf.nn.embedding_lookup(emb, ids), axis=1)
    loss = tf.reduce_sum(tf.square(e * x), name='loss')
    tf.global_variables_initializer()
    return loss, [emb, x], [{'ids': np.array([[1, 3, 1], [5, 0, 3]], np.int32), 'x': f32(2, 4)}]


def gather_case():
    # GatherV2: on axis 0 of a ref variable (embedding_lookup) IndexedSlices, through emb/read to
    # the variable; on axis 1 of a tensor the dense gradient.
    ids = tf.placeholder(tf.int32, [3], name='ids')
    x = tf.placeholder(tf.float32, [3, 5], name='x')
    emb = tf.Variable(f32(6, 5), name='emb')
    rows = tf.nn.embedding_lookup(emb, ids)
    cols = tf.gather(x, [4, 0, 4], axis=1)
    loss = tf.reduce_sum(tf.square(rows) * tf.reduce_sum(cols), name='loss')
    tf.global_variables_initializer()
    return loss, [emb, x], [{'ids': np.array([2, 5, 2], np.int32), 'x': f32(3, 5)}]


CASES = {
    'cond': cond_case,
    'nested_cond': nested_cond_case,
    'sparse_xent': sparse_xent_case,
    'fused_batch_norm_training': fused_batch_norm_case(True),
    'fused_batch_norm_inference': fused_batch_norm_case(False),
    'elementwise': elementwise_case,
    'resource_gather': resource_gather_case,
    'gather': gather_case,
}


def value_json(v):
    v = np.asarray(v)
    return {'dtype': v.dtype.name, 'shape': list(v.shape), 'values': v.reshape(-1).tolist()}


def main():
    out = {}
    for name, build in CASES.items():
        g = tf.Graph()
        with g.as_default():
            loss, xs, feeds = build()
            graph_def = g.as_graph_def().SerializeToString()
            # IndexedSlices (a gather's gradient) as the dense tensor they stand for.
            raw = tf.gradients(loss, xs)
            grads = [tf.convert_to_tensor(g) for g in raw]
            init = [op.name for op in g.get_operations() if op.name == 'init']
            runs = []
            with tf.Session() as sess:
                for op in init:
                    sess.run(op)
                for feed in feeds:
                    values = sess.run(grads, {g.get_tensor_by_name(k + ':0'): v for k, v in feed.items()})
                    runs.append({'feeds': {k: value_json(v) for k, v in feed.items()},
                                 'grads': [value_json(v) for v in values]})
        out[name] = {'graph_def': base64.b64encode(graph_def).decode(), 'loss': loss.name,
                     'xs': [x.name for x in xs],
                     'sparse': [isinstance(g, tf.IndexedSlices) for g in raw], 'init': init, 'runs': runs}
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', OUT)


main()
