"""Gradients through ops libtensorflow's C++ registry lacks (v1 cond's Switch and Merge,
SparseSoftmaxCrossEntropyWithLogits, FusedBatchNorm, FloorMod, Round, IdentityN, EnsureShape,
the gathers, and the single ops of OP_CASES), mixed with ops whose inputs are computed from each
other (x + f(x), layer norm, swish), and common ops one by one (SURVEY, `survey_*`): each
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


def op_case(fn, *shapes, positive=False):
    # One op whose gradient only TF1 Python has: loss = sum(f(inputs) ** 2), differentiated with
    # respect to every input (placeholders a, b, ... of `shapes`).
    def build():
        names = 'abcd'[:len(shapes)]
        ins = [tf.placeholder(tf.float32, s, name=n) for n, s in zip(names, shapes)]
        tf.reduce_sum(tf.square(fn(*ins)), name='loss')
        values = [f32(*s) for s in shapes]
        if positive:
            values = [np.abs(v) + 0.5 for v in values]
        return tf.get_default_graph().get_tensor_by_name('loss:0'), ins, [dict(zip(names, values))]
    return build


def spd(a):
    # A well-conditioned matrix from a.
    return tf.matmul(a, a, transpose_b=True) + 4 * tf.eye(4)


OP_CASES = {
    'op_top_k': op_case(lambda a: tf.nn.top_k(a, 3).values, (4, 6)),
    'op_sort': op_case(lambda a: tf.sort(a, axis=1, direction='DESCENDING') * tf.range(6.0), (4, 6)),
    'op_conv3d': op_case(lambda a, b: tf.nn.conv3d(a, b, [1, 1, 1, 1, 1], 'SAME'), (1, 2, 3, 4, 2), (1, 2, 2, 2, 3)),
    'op_max_pool_with_argmax': op_case(
        lambda a: tf.nn.max_pool_with_argmax(a, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')[0], (2, 4, 6, 3)),
    'op_dilation2d': op_case(
        lambda a, b: tf.nn.dilation2d(a, b, [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'), (1, 4, 5, 2), (2, 2, 2)),
    'op_mul_no_nan': op_case(lambda a, b: tf.math.multiply_no_nan(a, b), (4, 6), (6,)),
    'op_xlogy': op_case(lambda a, b: tf.math.xlogy(a, b), (4, 6), (6,), positive=True),
    'op_cumprod': op_case(lambda a: tf.math.cumprod(a, axis=1, exclusive=True, reverse=True), (4, 6)),
    'op_segment_mean': op_case(lambda a: tf.math.segment_mean(a, [0, 0, 1, 3]), (4, 6)),
    'op_digamma': op_case(lambda a: tf.math.digamma(a), (4, 6), positive=True),
    'op_matrix_inverse': op_case(lambda a: tf.linalg.inv(spd(a)), (4, 6)),
    'op_matrix_inverse_adjoint': op_case(lambda a: tf.raw_ops.MatrixInverse(input=spd(a), adjoint=True), (4, 6)),
    'op_matrix_diag': op_case(lambda a: tf.linalg.diag(a, k=(-1, 1)), (2, 3, 6)),
    'op_matrix_diag_part': op_case(lambda a: tf.linalg.diag_part(a, k=1), (2, 4, 6)),
    'op_matrix_set_diag': op_case(lambda a, b: tf.linalg.set_diag(a, b), (2, 4, 6), (2, 4)),
    'op_tensor_scatter_update': op_case(
        lambda a, b: tf.tensor_scatter_nd_update(a, [[2], [0]], b), (4, 6), (2, 6)),
}


# Common ops one by one, each on a [4, 6] input in [0.5, 1.5]: most have C++ gradients, which
# must give Python's values too.
SURVEY = {
 'Tile': lambda x: tf.tile(x, [2, 3]),
 'SelectV2': lambda x: tf.where_v2(x > 0.5, x, x * 2),
 'Select': lambda x: tf.where(x > 0.5, x, x * 2),
 'Prod': lambda x: tf.reduce_prod(x, axis=1),
 'Cumsum': lambda x: tf.cumsum(x, axis=1),
 'Cumprod': lambda x: tf.cumprod(x, axis=1),
 'Erf': lambda x: tf.math.erf(x),
 'BatchMatMulV2': lambda x: tf.matmul(tf.reshape(x, [1, 4, 6]), tf.reshape(x, [1, 6, 4])),
 'Einsum': lambda x: tf.einsum('ij,kj->ik', x, x),
 'TopKV2': lambda x: tf.nn.top_k(x, 2).values,
 'Softplus': tf.nn.softplus, 'Softsign': tf.nn.softsign, 'LeakyRelu': tf.nn.leaky_relu, 'Elu': tf.nn.elu, 'Selu': tf.nn.selu,
 'Relu6': tf.nn.relu6, 'Log1p': tf.math.log1p, 'Expm1': tf.math.expm1, 'Atan2': lambda x: tf.atan2(x, x + 1),
 'Max': lambda x: tf.reduce_max(x, axis=1), 'Min': lambda x: tf.reduce_min(x, axis=0),
 'Pad': lambda x: tf.pad(x, [[1, 0], [0, 2]]), 'MirrorPad': lambda x: tf.pad(x, [[1, 1], [1, 1]], mode='REFLECT'),
 'Unpack': lambda x: tf.unstack(x)[1], 'SplitV': lambda x: tf.split(x, [2, 4], axis=1)[1],
 'GatherNd': lambda x: tf.gather_nd(x, [[0, 1], [3, 2]]), 'UnsortedSegmentSum': lambda x: tf.math.unsorted_segment_sum(x, [0, 1, 0, 2], 3),
 'SegmentSum': lambda x: tf.math.segment_sum(x, [0, 0, 1, 2]), 'SegmentMean': lambda x: tf.math.segment_mean(x, [0, 0, 1, 2]),
 'UnsortedSegmentMax': lambda x: tf.math.unsorted_segment_max(x, [0, 1, 0, 2], 3),
 'Conv2D': lambda x: tf.nn.conv2d(tf.reshape(x, [1, 4, 6, 1]), tf.ones([2, 2, 1, 3]), [1, 1, 1, 1], 'SAME'),
 'DepthwiseConv2dNative': lambda x: tf.nn.depthwise_conv2d(tf.reshape(x, [1, 4, 6, 1]), tf.ones([2, 2, 1, 2]), [1, 1, 1, 1], 'SAME'),
 'Conv2DBackpropInput': lambda x: tf.nn.conv2d_transpose(tf.reshape(x, [1, 4, 6, 1]), tf.ones([2, 2, 3, 1]), [1, 8, 12, 3], [1, 2, 2, 1]),
 'MaxPool': lambda x: tf.nn.max_pool(tf.reshape(x, [1, 4, 6, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'),
 'AvgPool': lambda x: tf.nn.avg_pool(tf.reshape(x, [1, 4, 6, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'),
 'ResizeBilinear': lambda x: tf.image.resize_bilinear(tf.reshape(x, [1, 4, 6, 1]), [8, 12]),
 'ResizeNearestNeighbor': lambda x: tf.image.resize_nearest_neighbor(tf.reshape(x, [1, 4, 6, 1]), [8, 12]),
 'LRN': lambda x: tf.nn.lrn(tf.reshape(x, [1, 4, 6, 1])),
 'FusedBatchNormV3': lambda x: tf.nn.fused_batch_norm(tf.reshape(x, [1, 4, 6, 1]), tf.ones([1]), tf.zeros([1]))[0],
 'LogSoftmax': tf.nn.log_softmax, 'SoftmaxCrossEntropyWithLogits': lambda x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(x * 0), logits=x),
 'BroadcastTo': lambda x: tf.broadcast_to(x[:1], [3, 6]), 'DivNoNan': lambda x: tf.div_no_nan(x, x + 1), 'MulNoNan': lambda x: tf.math.multiply_no_nan(x, x),
 'Xlogy': lambda x: tf.math.xlogy(x, x + 1), 'Reciprocal': tf.math.reciprocal, 'Sign': lambda x: tf.sign(x) * x,
 'Round': lambda x: tf.round(x) + x, 'Sin': tf.sin, 'Cos': tf.cos, 'Tan': tf.tan, 'Asin': lambda x: tf.asin(x * 0.5), 'Acos': lambda x: tf.acos(x * 0.5), 'Atan': tf.atan,
 'Sinh': tf.sinh, 'Cosh': tf.cosh, 'Digamma': tf.math.digamma, 'Lgamma': tf.math.lgamma, 'Igamma': lambda x: tf.math.igamma(x + 1, x),
 'Rsqrt': tf.math.rsqrt, 'Pow': lambda x: tf.pow(x, x), 'SquaredDifference': lambda x: tf.squared_difference(x, 0.3),
 'ClipByValue': lambda x: tf.raw_ops.ClipByValue(t=x, clip_value_min=0.4, clip_value_max=0.8),
 'MatrixDiag': lambda x: tf.linalg.diag(x), 'MatrixDiagPart': lambda x: tf.linalg.diag_part(x[:, :4]),
 'MatrixBandPart': lambda x: tf.linalg.band_part(x, 1, 1), 'ReverseV2': lambda x: tf.reverse(x, [1]),
 'Roll': lambda x: tf.roll(x, 1, 1), 'Cholesky': lambda x: tf.linalg.cholesky(tf.matmul(x, x, transpose_b=True) + tf.eye(4)),
 'MatrixInverse': lambda x: tf.linalg.inv(tf.matmul(x, x, transpose_b=True) + tf.eye(4)),
 'MatrixDeterminant': lambda x: tf.linalg.det(tf.matmul(x, x, transpose_b=True) + tf.eye(4)),
 'Sort(TopK)': lambda x: tf.sort(x, axis=1), 'ArgMaxGather': lambda x: tf.gather(x, tf.argmax(x, 1), axis=1),
 'Where(GatherNd)': lambda x: tf.gather_nd(x, tf.where(x > 0.5)), 'BiasAddGrad': lambda x: tf.nn.bias_add(x, tf.ones([6])),
 'StridedSlice': lambda x: x[1:3, ::2], 'Slice': lambda x: tf.slice(x, [1, 1], [2, 3]), 'Squeeze': lambda x: tf.squeeze(tf.expand_dims(x, 0)),
 'Concat': lambda x: tf.concat([x, x * 2], 1), 'Pack': lambda x: tf.stack([x, x]), 'Transpose': tf.transpose,
 'Mean': lambda x: tf.reduce_mean(x, 1), 'Sigmoid': tf.sigmoid, 'Tanh': tf.tanh, 'Exp': tf.exp, 'Log': tf.log, 'Abs': tf.abs,
 'L2Normalize': lambda x: tf.nn.l2_normalize(x, 1), 'Maximum': lambda x: tf.maximum(x, 0.5), 'Softmax': tf.nn.softmax,
 'Cast': lambda x: tf.cast(tf.cast(x, tf.float64), tf.float32), 'IdentityN': lambda x: tf.identity_n([x, x])[0],
 'StopGradient': lambda x: tf.stop_gradient(x) * x, 'Dilation2D': lambda x: tf.nn.dilation2d(tf.reshape(x, [1, 4, 6, 1]), tf.zeros([2, 2, 1]), [1, 1, 1, 1], [1, 1, 1, 1], 'SAME'),
 'MaxPoolWithArgmax': lambda x: tf.nn.max_pool_with_argmax(tf.reshape(x, [1, 4, 6, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')[0],
 'CropAndResize': lambda x: tf.image.crop_and_resize(tf.reshape(x, [1, 4, 6, 1]), [[0, 0, 1, 1]], [0], [3, 3]),
 'Conv3D': lambda x: tf.nn.conv3d(tf.reshape(x, [1, 2, 2, 6, 1]), tf.ones([1, 1, 2, 1, 2]), [1, 1, 1, 1, 1], 'SAME'),
 'MaxPool3D': lambda x: tf.nn.max_pool3d(tf.reshape(x, [1, 2, 2, 6, 1]), [1, 1, 2, 2, 1], [1, 1, 2, 2, 1], 'VALID'),
 'EuclideanNorm': lambda x: tf.norm(x, axis=1), 'LogSumExp': lambda x: tf.reduce_logsumexp(x, 1),
 'Invert(OneHot)': lambda x: tf.one_hot([1, 2], 6) * x[:2], 'Fill': lambda x: tf.fill([2], x[0, 0]),
 'SparseSoftmaxXent': lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 2, 3, 0], logits=x),
 'SigmoidXent': lambda x: tf.nn.sigmoid_cross_entropy_with_logits(labels=x * 0 + 1, logits=x),
 'Conv1D': lambda x: tf.nn.conv1d(tf.reshape(x, [1, 24, 1]), tf.ones([3, 1, 2]), 1, 'SAME'),
 'TensorScatterUpdate': lambda x: tf.tensor_scatter_nd_update(x, [[0]], x[1:2] * 3),
 'MatrixSetDiag': lambda x: tf.linalg.set_diag(x[:, :4], x[:, 0]),
 'BatchToSpaceND': lambda x: tf.batch_to_space_nd(tf.reshape(x, [4, 1, 6, 1]), [2, 2], [[0, 0], [0, 0]]),
 'SpaceToBatchND': lambda x: tf.space_to_batch_nd(tf.reshape(x, [1, 4, 6, 1]), [2, 2], [[0, 0], [0, 0]]),
 'DepthToSpace': lambda x: tf.nn.depth_to_space(tf.reshape(x, [1, 1, 6, 4]), 2),
 'SpaceToDepth': lambda x: tf.nn.space_to_depth(tf.reshape(x, [1, 4, 6, 1]), 2),
}

CASES = {
    'cond': cond_case,
    'nested_cond': nested_cond_case,
    'sparse_xent': sparse_xent_case,
    'fused_batch_norm_training': fused_batch_norm_case(True),
    'fused_batch_norm_inference': fused_batch_norm_case(False),
    'elementwise': elementwise_case,
    'resource_gather': resource_gather_case,
    'gather': gather_case,
    **OP_CASES,
    **{'survey_' + name: op_case(fn, (4, 6), positive=True) for name, fn in SURVEY.items()},
    # Last, so that the cases above keep their random values: batches and broadcasting.
    'op_cholesky_batch': op_case(
        lambda a: tf.linalg.cholesky(tf.matmul(a, a, transpose_b=True) + 3 * tf.eye(3, batch_shape=[2])) * tf.range(1.0, 4.0),
        (2, 3, 5)),
    'op_determinant_batch': op_case(
        lambda a: tf.linalg.det(tf.matmul(a, a, transpose_b=True) + 2 * tf.eye(3, batch_shape=[2])), (2, 3, 5)),
    'op_igamma_broadcast': op_case(lambda a, b: tf.math.igamma(a, b), (4, 1), (4, 6), positive=True),
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
