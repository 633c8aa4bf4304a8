"""The Python TF1 reference for `npm run bench`: training steps per second of the fixtures' graphs
("tiny" = linear regression, "mlp" = 784-512-512-10) under the reference Python TF, two ways:
  raw        session.run(train_op, feed) in a loop
  monitored  MonitoredSession(ChiefSessionCreator(checkpoint_dir=<temp>)) with
             SummarySaverHook(save_steps=100, summary_op=merged) and
             CheckpointSaverHook(save_steps=1000)
Prints one JSON line per (case, mode) on stdout. Run with the venv python:
  .venv-tf/bin/python bench/python_tf1.py [--cases tiny,mlp] [--modes raw,monitored] ...
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

# The graphs come from the fixture builders, so bench and fixtures measure the same graphs.
sys.dont_write_bytecode = True  # no __pycache__ in scripts/fixtures
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts',
                                'fixtures'))
from tf1_graphs import BUILDERS, session_config, tf, tf1  # noqa: E402


def timed(step, steps, warmup):
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return time.perf_counter() - start


def bench_raw(case, steps, warmup, config):
    build, make_feed = BUILDERS[case]
    with tf1.Graph().as_default() as graph:
        m = build()
        feed = make_feed(m)
        graph.finalize()
        with tf1.Session(graph=graph, config=config) as sess:
            sess.run(m.init_op)
            return timed(lambda: sess.run(m.train_op, feed), steps, warmup)


def bench_monitored(case, steps, warmup, config):
    build, make_feed = BUILDERS[case]
    ckpt_dir = tempfile.mkdtemp(prefix='tf1-node-bench-')
    try:
        with tf1.Graph().as_default():
            m = build()
            feed = make_feed(m)
            hooks = [
                tf1.train.SummarySaverHook(save_steps=100, output_dir=ckpt_dir,
                                           summary_op=m.summary_op),
                tf1.train.CheckpointSaverHook(ckpt_dir, save_steps=1000),
            ]
            creator = tf1.train.ChiefSessionCreator(checkpoint_dir=ckpt_dir, config=config)
            # Closing (the final checkpoint, hook ends) happens after the timed loop returns.
            with tf1.train.MonitoredSession(session_creator=creator, hooks=hooks) as sess:
                return timed(lambda: sess.run(m.train_op, feed), steps, warmup)
    finally:
        shutil.rmtree(ckpt_dir, ignore_errors=True)


MODES = {'raw': bench_raw, 'monitored': bench_monitored}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--cases', default='tiny,mlp', help='comma list of: %s' % ','.join(BUILDERS))
    p.add_argument('--modes', default='raw,monitored', help='comma list of: %s' % ','.join(MODES))
    # Defaults make the monitored runs cross at least one checkpoint save (every 1000 steps).
    p.add_argument('--tiny-steps', type=int, default=5000)
    p.add_argument('--tiny-warmup', type=int, default=200)
    p.add_argument('--mlp-steps', type=int, default=1000)
    p.add_argument('--mlp-warmup', type=int, default=50)
    p.add_argument('--intra-op', type=int, default=0, help='0: TF default')
    p.add_argument('--inter-op', type=int, default=0, help='0: TF default')
    args = p.parse_args()
    config = session_config(args.intra_op, args.inter_op)

    for case in args.cases.split(','):
        if case not in BUILDERS:
            p.error('unknown case %r' % case)
        steps, warmup = getattr(args, case + '_steps'), getattr(args, case + '_warmup')
        for mode in args.modes.split(','):
            if mode not in MODES:
                p.error('unknown mode %r' % mode)
            seconds = MODES[mode](case, steps, warmup, config)
            print(json.dumps({'impl': 'python-tf1', 'tensorflow': tf.__version__, 'case': case,
                              'mode': mode, 'steps': steps, 'warmup': warmup,
                              'seconds': round(seconds, 6),
                              'steps_per_sec': round(steps / seconds, 3)}), flush=True)


if __name__ == '__main__':
    main()
