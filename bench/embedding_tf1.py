"""Python TF1's side of bench/embedding.js: the same embedding model trained with the same
optimizer, timed the same way (blocks of session.run(train_op, feed) after a warm-up).

  python embedding_tf1.py CONFIG_JSON  ->  prints {"steps_per_sec": [per round]}

CONFIG_JSON: {"vocab", "dim", "batch", "bag", "optimizer", "steps", "warmup", "rounds", "resource"}.
"""
import json
import sys
import time

import numpy as np
import tensorflow.compat.v1 as tf

OPTIMIZERS = {
    'Adagrad': lambda: tf.train.AdagradOptimizer(0.1),
    'Momentum': lambda: tf.train.MomentumOptimizer(0.01, 0.9),
    'Adam': lambda: tf.train.AdamOptimizer(0.001),
}


def main():
    tf.disable_v2_behavior()
    c = json.loads(sys.argv[1])
    rng = np.random.RandomState(0)
    g = tf.Graph()
    with g.as_default():
        ids = tf.placeholder(tf.int32, [c['batch'], c['bag']], name='ids')
        y = tf.placeholder(tf.float32, [c['batch'], 1], name='y')
        emb = tf.get_variable('emb', [c['vocab'], c['dim']], initializer=tf.random_uniform_initializer(-0.05, 0.05),
                              use_resource=c['resource'])
        w = tf.get_variable('w', [c['dim'], 1], initializer=tf.zeros_initializer(), use_resource=c['resource'])
        bag = tf.reduce_mean(tf.nn.embedding_lookup(emb, ids), axis=1)
        loss = tf.reduce_mean(tf.square(tf.matmul(bag, w) - y))
        train_op = OPTIMIZERS[c['optimizer']]().minimize(loss)
        init = tf.global_variables_initializer()
    feed = {ids: rng.randint(0, c['vocab'], size=[c['batch'], c['bag']]).astype(np.int32),
            y: rng.uniform(-1, 1, size=[c['batch'], 1]).astype(np.float32)}
    rates = []
    with tf.Session(graph=g) as sess:
        sess.run(init)
        for _ in range(c['warmup']):
            sess.run(train_op, feed)
        for _ in range(c['rounds']):
            start = time.perf_counter()
            for _ in range(c['steps']):
                sess.run(train_op, feed)
            rates.append(c['steps'] / (time.perf_counter() - start))
    print(json.dumps({'steps_per_sec': rates}))


if __name__ == '__main__':
    main()
