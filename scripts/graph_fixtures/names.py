"""Graphs built with TF1 Python, recorded op by op (name, type, inputs, control inputs; device and
colocation `_class` where set) with their collections, for test/names.test.ts to compare with the same graphs built in TypeScript.

Writes test/fixtures/graph_layer/names.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/names.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'graph_layer', 'names.json')


def item_name(x):
    if isinstance(x, (int, float, str)):
        return x
    if isinstance(x, bytes):
        return x.decode()
    return x.name


def record(g):
    ops = []
    for op in g.get_operations():
        # Control inputs come back in TF's edge-set order, which varies: sorted.
        ops.append([op.name, op.type, [i.name for i in op.inputs], sorted(c.name for c in op.control_inputs)])
    cols = {k: [item_name(v) for v in g.get_collection(k)] for k in sorted(g.get_all_collection_keys())}
    return {'ops': ops, 'collections': cols, 'placement': placement(g)}


def placement(g):
    """{op name: [device, colocation groups]} for the ops where either is set."""
    out = {}
    for op in g.get_operations():
        try:
            groups = [c.decode() for c in op.get_attr('_class')]
        except ValueError:
            groups = []
        if op.device or groups:
            out[op.name] = [op.device, groups]
    return out


def scopes():
    tf.constant(1.0, name='loss')
    tf.constant(2.0, name='loss')
    tf.constant(3.0, name='loss')
    with tf.name_scope('scope'):
        a = tf.constant(1.0, name='a')
        b = tf.identity(a)
        with tf.name_scope('inner'):
            tf.add(a, b)
    with tf.name_scope('scope'):
        tf.constant(0.0, name='a')
    with tf.name_scope('scope/'):
        tf.constant(0.0, name='a')
        with tf.name_scope(None):
            tf.no_op(name='root')
    tf.constant(0.0, name='Loss')
    with tf.name_scope('Scope'):
        tf.constant(1.0, name='x')
    x = tf.placeholder(tf.float32, [None, 2], name='x')
    tf.add(x, 1.0)
    tf.add(x, 2.0)
    tf.multiply(x, x)
    tf.subtract(x, 1.0)
    tf.matmul(x, tf.ones([2, 3]))
    tf.reduce_sum(x)
    tf.reduce_mean(x, axis=1)
    tf.zeros([2, 2])
    tf.ones([3], dtype=tf.int32)
    tf.fill([2], 3.0)
    tf.reshape(x, [-1])
    tf.nn.relu(x)
    tf.nn.softmax(x)
    tf.square(x)
    tf.identity(x, name='out')
    with tf.control_dependencies([x.op]):
        tf.constant(1.0, name='after_x')
    tf.group(x.op, tf.no_op(), name='grouped')
    tf.add_to_collection('my_tensors', x)
    tf.add_to_collection('my_ops', x.op)
    tf.add_to_collection('my_ints', 1)
    tf.add_to_collection('my_ints', 2)
    tf.add_to_collection('my_floats', 0.5)
    tf.add_to_collection('my_strings', 'hello')


def variables():
    w = tf.Variable(tf.zeros([3]), name='w')
    tf.Variable([1.0, 2.0], name='w')
    tf.get_variable('v', [3, 2], initializer=tf.glorot_uniform_initializer(seed=3))
    with tf.variable_scope('layer'):
        tf.get_variable('u', [2], initializer=tf.zeros_initializer())
        tf.get_variable('k', [2, 2], initializer=tf.truncated_normal_initializer(seed=1))
        tf.get_variable('n', [2], initializer=tf.random_normal_initializer(seed=2))
        tf.get_variable('c', [2], initializer=tf.constant_initializer(0.5))
    with tf.variable_scope('layer', reuse=True):
        tf.get_variable('u')
    with tf.variable_scope('layer'):
        tf.get_variable('u2', [1])
    rv = tf.Variable(1.0, name='rv', use_resource=True)
    tf.Variable(2.0, name='local', trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    w.assign(tf.ones([3]))
    w.assign_add(tf.ones([3]))
    rv.assign(2.0)
    tf.train.get_or_create_global_step()
    tf.global_variables_initializer()
    tf.local_variables_initializer()
    tf.report_uninitialized_variables()


def training():
    x = tf.constant(np.ones([4, 2], np.float32), name='x')
    y = tf.constant(np.ones([4, 1], np.float32), name='y')
    with tf.variable_scope('linear'):
        w = tf.get_variable('w', [2, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable('b', [1], initializer=tf.zeros_initializer())
    pred = tf.add(tf.matmul(x, w), b, name='pred')
    loss = tf.reduce_mean(tf.square(tf.subtract(pred, y)), name='loss')
    gs = tf.train.get_or_create_global_step()
    tf.train.AdamOptimizer(0.1).minimize(loss, global_step=gs)
    tf.train.GradientDescentOptimizer(0.1, name='SGD').minimize(loss)


def colocation():
    a = tf.constant(1.0, name='a')
    with tf.device('/cpu:0'):
        b = tf.constant(2.0, name='b')
    with tf.colocate_with(a):
        tf.constant(3.0, name='with_a')
        with tf.device('/cpu:1'):
            tf.constant(4.0, name='device_inside')
        with tf.colocate_with(b):
            tf.add(a, b, name='with_a_and_b')
        with tf.colocate_with(None, ignore_existing=True):
            tf.constant(5.0, name='reset')
    with tf.device('/job:worker'):
        with tf.colocate_with(b.op):
            tf.identity(b, name='with_b_not_worker')
    w = tf.Variable(1.0, name='w')
    with tf.colocate_with(w):
        tf.identity(w, name='with_w')
        tf.Variable(2.0, name='w_peer')
    rv = tf.Variable(1.0, name='rv', use_resource=True)
    with tf.colocate_with(rv):
        tf.constant(6.0, name='with_rv')


def distributed():
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        x = tf.constant(np.ones([4, 2], np.float32), name='x')
        y = tf.constant(np.ones([4, 1], np.float32), name='y')
        w = tf.get_variable('w', [2, 1], initializer=tf.glorot_uniform_initializer(seed=1))
        b = tf.Variable(tf.zeros([1]), name='b')
        r = tf.get_variable('r', [1], initializer=tf.zeros_initializer(), use_resource=True)
        pred = tf.add(tf.matmul(x, w), b + r, name='pred')
        loss = tf.reduce_mean(tf.square(tf.subtract(pred, y)), name='loss')
        gs = tf.train.get_or_create_global_step()
        tf.train.AdamOptimizer(0.1).minimize(loss, global_step=gs)
        tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)


def random_uniform():
    # TF leaves the scaling out for its default range (Python ints 0 and 1).
    tf.random_uniform([2])
    tf.random_uniform([2], maxval=3.0)
    tf.random_uniform([2], minval=1.0, maxval=3.0)


def summaries():
    x = tf.constant(1.0, name='x')
    tf.summary.scalar('loss', x)
    tf.summary.scalar('loss', x)
    with tf.name_scope('train'):
        tf.summary.scalar('loss', x)
        tf.summary.histogram('weights', tf.constant([1.0, 2.0]))
    tf.summary.scalar('acc', x, family='eval')
    tf.summary.scalar('bad name!', x)
    tf.summary.text('note', tf.constant('hi'))
    tf.summary.image('img', tf.zeros([1, 2, 2, 3]), max_outputs=1)
    tf.summary.scalar('other', x, collections=['extra'])
    tf.summary.merge_all()
    tf.summary.merge_all('extra')


def savers():
    tf.Variable(tf.zeros([2, 3]), name='v')
    tf.Variable(tf.zeros([3]), name='r', use_resource=True)
    tf.Variable(tf.placeholder(tf.float32, [None]), name='u', validate_shape=False)
    tf.train.Saver(reshape=True)
    tf.train.Saver()


def embedding():
    emb = tf.Variable(np.zeros([6, 3], np.float32), name='emb')
    remb = tf.Variable(np.zeros([6, 3], np.float32), name='remb', use_resource=True)
    ids = tf.constant([1, 2], name='ids')
    tf.nn.embedding_lookup(emb, ids, name='look')
    tf.nn.embedding_lookup(remb, ids)
    tf.nn.embedding_lookup(emb, [[1, 2]], max_norm=1.0)
    tf.gather(remb, [0])
    tf.gather(remb, [0], axis=1)
    tf.gather(emb, [0])


def partitioned():
    emb = tf.get_variable('emb', [10, 4], initializer=tf.zeros_initializer(),
                          partitioner=tf.fixed_size_partitioner(3))
    with tf.variable_scope('s'):
        r = tf.get_variable('r', [7, 2], initializer=tf.ones_initializer(), use_resource=True,
                            partitioner=tf.min_max_variable_partitioner(4, min_slice_size=16))
    tf.get_variable('c', initializer=tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2)),
                    partitioner=tf.fixed_size_partitioner(2))
    ids = tf.constant([[1, 7], [3, 9]], name='ids')
    tf.nn.embedding_lookup(emb, ids)
    tf.nn.embedding_lookup(emb, ids, partition_strategy='div', name='by_div')
    tf.nn.embedding_lookup(r, [0, 6])
    tf.convert_to_tensor(emb)


def axis_size_partitioned():
    # 100 rows of 32 bytes in shards of at most 1000 bytes: 31 rows a shard, 4 shards.
    tf.get_variable('a', [100, 8], initializer=tf.zeros_initializer(),
                    partitioner=tf.variable_axis_size_partitioner(1000))
    tf.get_variable('b', [6, 50], dtype=tf.float64, initializer=tf.zeros_initializer(),
                    partitioner=tf.variable_axis_size_partitioner(100, axis=1, max_shards=3))


def moving_average():
    from tensorflow.python.training import training_util  # pylint: disable=import-outside-toplevel
    w = tf.get_variable('w', [2, 3])
    r = tf.get_variable('r', [3], use_resource=True)
    tf.Variable(w * 2.0, name='twice')  # reads w through its initialized value
    t = tf.identity(w * 2.0, name='t')
    gs = tf.train.get_or_create_global_step()
    training_util._get_or_create_global_step_read()  # pylint: disable=protected-access
    tf.train.ExponentialMovingAverage(0.99, num_updates=gs).apply([w, r])
    tf.train.ExponentialMovingAverage(0.9, zero_debias=True, name='EMA2').apply([t])


def nn_layers():
    x = tf.placeholder(tf.float32, [2, 5, 5, 3], name='x')
    f = tf.constant(np.ones([3, 3, 3, 4], np.float32), name='f')
    c = tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding='SAME')
    tf.nn.conv2d(x, f, strides=2, padding='VALID', name='c2')
    tf.nn.max_pool(c, ksize=2, strides=2, padding='VALID')
    tf.nn.avg_pool(c, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    mean, var = tf.nn.moments(c, axes=[0, 1, 2])
    tf.nn.moments(c, axes=[1, 2], keep_dims=True, name='m2')
    scale = tf.constant(np.ones([4], np.float32), name='scale')
    offset = tf.constant(np.zeros([4], np.float32), name='offset')
    tf.nn.batch_normalization(c, mean, var, offset, scale, 1e-3)
    tf.nn.batch_normalization(c, mean, var, None, None, 1e-3, name='bn_plain')
    tf.nn.fused_batch_norm(c, scale, offset, epsilon=1e-3, is_training=True)
    tf.nn.fused_batch_norm(c, scale, offset, mean=mean, variance=var, is_training=False, name='fbn_inf')
    tf.nn.leaky_relu(c)
    tf.nn.elu(c)
    tf.nn.relu6(c)
    tf.nn.softplus(c)
    tf.nn.l2_normalize(c, axis=-1)


def sync_replicas():
    w = tf.Variable([1.0, 2.0], name='w')
    emb = tf.Variable(np.ones([5, 2], np.float32), name='emb')
    gs = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(w * 3.0) + tf.reduce_sum(tf.nn.embedding_lookup(emb, [1, 3]))
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), replicas_to_aggregate=2,
                                         total_num_replicas=3)
    opt.minimize(loss, global_step=gs)
    opt.get_init_tokens_op()
    opt.get_init_tokens_op(0)


def custom_getters():
    """Scope custom getters (a float16 cast, nested renaming ones, one per call) and a scope's partitioner and
    regularizer, with an optimizer whose slots the partitioner must not split again."""
    def fp16(getter, name, shape=None, dtype=None, **kwargs):
        return tf.cast(getter(name, shape=shape, dtype=tf.float32, **kwargs), dtype)

    def tag(suffix):
        def getter_of(getter, name, *args, **kwargs):
            return tf.identity(getter(name + suffix, *args, **kwargs), name='tag' + suffix)
        return getter_of

    with tf.variable_scope('half', custom_getter=fp16, dtype=tf.float16):
        w = tf.get_variable('w', [2, 3])
        tf.matmul(tf.placeholder(tf.float16, [1, 2], name='x'), w)
    with tf.variable_scope('o', custom_getter=tag('_o')):
        with tf.variable_scope('i', custom_getter=tag('_i')):
            tf.get_variable('v', [2], initializer=tf.zeros_initializer())
        tf.get_variable('u', [], initializer=tf.zeros_initializer(), custom_getter=tag('_c'))
    with tf.variable_scope('p', partitioner=tf.fixed_size_partitioner(2),
                           regularizer=lambda v: tf.reduce_sum(v, name='reg')):
        emb = tf.get_variable('emb', [4, 3], initializer=tf.ones_initializer())
        s = tf.get_variable('s', [], initializer=tf.zeros_initializer())
        with tf.variable_scope('q'):
            tf.get_variable('e2', [6, 2], initializer=tf.zeros_initializer())
    with tf.variable_scope('p', reuse=True):
        again = tf.get_variable('emb')
    assert again is emb
    loss = tf.add_n([tf.reduce_sum(part) for part in emb] + [s])
    with tf.variable_scope('train', partitioner=tf.fixed_size_partitioner(2)):
        tf.train.AdamOptimizer(0.1).minimize(loss)


def custom_getter_errors():
    """Errors of getters and partitioners, by case."""
    def error_of(fn):
        g = tf.Graph()
        with g.as_default():
            try:
                fn()
            except ValueError as e:
                return str(e)
        return None

    def unpartitioned_again():
        tf.get_variable('pp', [4, 2], partitioner=tf.fixed_size_partitioner(2))
        tf.get_variable('pp', [4, 2])

    return {
        'not_callable': error_of(lambda: tf.get_variable('z', [1], custom_getter=5)),
        'unpartitioned_again': error_of(unpartitioned_again),
    }


def partitioner_lists():
    """What each partitioner gives for some shapes and dtypes, or the error it raises."""
    cases = [
        ('variable_axis_size_partitioner', [1000], [100, 8], 'float32'),
        ('variable_axis_size_partitioner', [1000], [100, 8], 'float64'),
        ('variable_axis_size_partitioner', [1], [5, 3], 'float32'),
        ('variable_axis_size_partitioner', [64 << 20], [1000, 1000], 'float32'),
        ('variable_axis_size_partitioner', [100, 1], [6, 50], 'float64'),
        ('variable_axis_size_partitioner', [100, 1, 16, 3], [6, 50], 'float64'),
        ('variable_axis_size_partitioner', [40, 0, 4], [10, 2], 'string'),
        ('variable_axis_size_partitioner', [40, 0, 16], [10, 2], 'string'),
        ('variable_axis_size_partitioner', [100], [3, 4, 5], 'int64'),
        ('variable_axis_size_partitioner', [0], None, None),
        ('variable_axis_size_partitioner', [100, 0, 0], None, None),
        ('variable_axis_size_partitioner', [100, 0, 16, -1], None, None),
        ('min_max_variable_partitioner', [4, 0, 16], [7, 2], 'float32'),
        ('min_max_variable_partitioner', [3, 1, 100], [4, 100], 'int32'),
        ('fixed_size_partitioner', [3], [10, 4], 'float32'),
        ('fixed_size_partitioner', [8], [5, 4], 'float32'),
    ]
    out = []
    for name, args, shape, dtype in cases:
        case = {'fn': name, 'args': args, 'shape': shape, 'dtype': dtype}
        try:
            p = getattr(tf, name)(*args)
            case['partitions'] = list(p(shape=tf.TensorShape(shape), dtype=tf.as_dtype(dtype)))
        except ValueError as e:
            case['error'] = str(e)
        out.append(case)
    return out


if __name__ == '__main__':
    out = {}
    for fn in (scopes, variables, training, colocation, distributed, random_uniform, summaries, savers, embedding,
               partitioned, axis_size_partitioned, moving_average, nn_layers, sync_replicas, custom_getters):
        g = tf.Graph()
        with g.as_default():
            fn()
        out[fn.__name__] = record(g)
    out['partitioner_lists'] = partitioner_lists()
    out['custom_getter_errors'] = custom_getter_errors()
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', OUT)
