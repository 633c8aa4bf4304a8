"""The Python TF1 reference for `npm run bench`: training steps per second of the fixtures' graphs
("tiny" = linear regression, "mlp" = 784-512-512-10) under the reference Python TF, two ways:
  raw        session.run(train_op, feed) in a loop
  monitored  MonitoredSession(ChiefSessionCreator(checkpoint_dir=<temp>)) with
             SummarySaverHook(save_steps=100, summary_op=merged) and
             CheckpointSaverHook(save_steps=1000)
Run with the venv python, either timed here (one JSON line per (case, mode) on stdout):
  .venv-tf/bin/python bench/python_tf1.py [--cases tiny,mlp] [--modes raw,monitored] ...
or served to bench/lib/python.js (one case, one mode, kept open; see serve()):
  .venv-tf/bin/python bench/python_tf1.py --cases mlp --modes monitored --serve
"""
import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import time

# The graphs come from the fixture builders, so bench and fixtures measure the same graphs.
sys.dont_write_bytecode = True  # no __pycache__ in scripts/fixtures
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts',
                                'fixtures'))
from tf1_graphs import BUILDERS, session_config, tf, tf1  # noqa: E402

# --- opening a case -----------------------------------------------------------------------------
# Each mode is a context manager that builds the graph and session and yields step(), one training
# step. Leaving it closes the session (for monitored: the hooks' end, i.e. the final checkpoint)
# and removes the temp dir. Both the timed CLI and --serve use these, so they time the same thing.


@contextlib.contextmanager
def open_raw(case, config):
    build, make_feed = BUILDERS[case]
    with tf1.Graph().as_default() as graph:
        m = build()
        feed = make_feed(m)
        graph.finalize()
        with tf1.Session(graph=graph, config=config) as sess:
            sess.run(m.init_op)
            yield lambda: sess.run(m.train_op, feed)


@contextlib.contextmanager
def open_monitored(case, config):
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
            with tf1.train.MonitoredSession(session_creator=creator, hooks=hooks) as sess:
                yield lambda: sess.run(m.train_op, feed)
    finally:
        shutil.rmtree(ckpt_dir, ignore_errors=True)


MODES = {'raw': open_raw, 'monitored': open_monitored}


def run_steps(step, n):
    """Wall seconds of n steps."""
    start = time.perf_counter()
    for _ in range(n):
        step()
    return time.perf_counter() - start


# --- timed CLI ----------------------------------------------------------------------------------

def bench(case, mode, steps, warmup, config):
    # Closing (the final checkpoint, hook ends) happens after the timed loop returns.
    with MODES[mode](case, config) as step:
        run_steps(step, warmup)
        return run_steps(step, steps)


# --- serve --------------------------------------------------------------------------------------

class BadLine(Exception):
    pass


def serve(case, mode, config):
    """Opens (case, mode), prints {"ready": true, "tensorflow": ...}, then for each stdin line N
    runs N steps and prints {"seconds": ...}. On EOF leaves the context (closing the session, the
    monitored final checkpoint) and returns 0; a line that is not a non-negative integer returns 2.
    Replies go to a copy of stdout; fd 1 and sys.stdout are pointed at stderr so nothing else
    (a stray print, native logging) can land in the protocol stream."""
    sys.stdout.flush()
    out = os.fdopen(os.dup(1), 'w', buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def reply(obj):
        out.write(json.dumps(obj) + '\n')
        out.flush()

    try:
        with MODES[mode](case, config) as step:
            reply({'ready': True, 'tensorflow': tf.__version__})
            for line in sys.stdin:
                text = line.strip()
                if not re.fullmatch('[0-9]+', text):  # no sign, no blank line
                    raise BadLine('python_tf1.py --serve: expected a step count, got %r' % line)
                reply({'seconds': run_steps(step, int(text))})
    except BadLine as e:
        print(e, file=sys.stderr, flush=True)
        return 2
    return 0


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
    p.add_argument('--no-spin', action='store_true',
                   help='ConfigProto experimental.disable_thread_spinning')
    p.add_argument('--serve', action='store_true',
                   help='one case and one mode: open it, then run N steps per stdin line N')
    args = p.parse_args()
    config = session_config(args.intra_op, args.inter_op)
    config.experimental.disable_thread_spinning = args.no_spin

    cases, modes = args.cases.split(','), args.modes.split(',')
    for case in cases:
        if case not in BUILDERS:
            p.error('unknown case %r' % case)
    for mode in modes:
        if mode not in MODES:
            p.error('unknown mode %r' % mode)

    if args.serve:
        if len(cases) != 1 or len(modes) != 1:
            p.error('--serve takes exactly one case and one mode')
        return serve(cases[0], modes[0], config)

    for case in cases:
        steps, warmup = getattr(args, case + '_steps'), getattr(args, case + '_warmup')
        for mode in modes:
            seconds = bench(case, mode, steps, warmup, config)
            print(json.dumps({'impl': 'python-tf1', 'tensorflow': tf.__version__, 'case': case,
                              'mode': mode, 'steps': steps, 'warmup': warmup,
                              'seconds': round(seconds, 6),
                              'steps_per_sec': round(steps / seconds, 3)}), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
