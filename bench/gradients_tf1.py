"""Python TF1's side of bench/gradients.js: builds the residual net with a v1 `tf.cond` in each
layer (as Keras' dropout on the learning phase makes one), writes its GraphDef, then imports that
GraphDef into a new graph and times `tf.gradients(loss, weights)` there, as the Node side times
`graph.gradients` on the same import.

  python gradients_tf1.py LAYERS OUT.pb   ->  prints {"ops": N, "seconds": S, "grad_ops": M}
"""
import json
import sys
import time

import tensorflow.compat.v1 as tf


def build(layers):
    x = tf.placeholder(tf.float32, [8, 16], name='x')
    training = tf.placeholder_with_default(True, [], name='training')
    h = x
    for i in range(layers):
        with tf.variable_scope('layer%d' % i):
            w = tf.get_variable('w', [16, 16], initializer=tf.glorot_uniform_initializer())
            a = tf.nn.relu(tf.matmul(h, w))
            a = tf.cond(training, lambda a=a: tf.nn.dropout(a, rate=0.1), lambda a=a: a)
            h = h + a
    tf.reduce_mean(tf.square(h), name='loss')


def main():
    tf.disable_v2_behavior()
    layers, out = int(sys.argv[1]), sys.argv[2]
    g = tf.Graph()
    with g.as_default():
        build(layers)
    graph_def = g.as_graph_def()
    with open(out, 'wb') as f:
        f.write(graph_def.SerializeToString())
    imported = tf.Graph()
    with imported.as_default():
        tf.import_graph_def(graph_def, name='')
        weights = [op.outputs[0] for op in imported.get_operations() if op.type == 'VariableV2']
        before = len(imported.get_operations())
        start = time.perf_counter()
        tf.gradients(imported.get_tensor_by_name('loss:0'), weights)
        seconds = time.perf_counter() - start
        print(json.dumps({'ops': before, 'seconds': seconds, 'grad_ops': len(imported.get_operations()) - before}))


if __name__ == '__main__':
    main()
