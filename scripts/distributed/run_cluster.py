"""The reference for examples/distributed: the same cluster run in Python TF1, and an inspector.

    python run_cluster.py train OUT_DIR [LAST_STEP [NUM_PS]]
        Starts 1 ps (or NUM_PS) and 2 workers as separate processes on 127.0.0.1 (free ports picked at run
        time) and trains examples/distributed/model.ts's model with tf.compat.v1's
        replica_device_setter and MonitoredTrainingSession, checkpoints and summaries in OUT_DIR
        (chief only). The ps is killed at the end: a started TF server never stops.
    python run_cluster.py task TF_CONFIG_JSON OPTIONS_JSON
        One task (what `train` starts).
    python run_cluster.py inspect DIR
        Prints, as JSON, the layout of a training directory: the files (names with steps, times
        and hosts replaced), the `checkpoint` state, each checkpoint's variables, the kinds of
        events in order, and the devices of the variable ops in graph.pbtxt.
"""
import json
import os
import re
import select
import socket
import subprocess
import sys
import time

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

NUM_EXAMPLES = 64
NUM_FEATURES = 4
TRUE_W = [0.5, -1.0, 2.0, 0.25]
TRUE_B = 0.3


def rng(seed):
    """mulberry32, as model.ts: the same data in every process and language."""
    state = [seed & 0xFFFFFFFF]

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0
    return nxt


def make_data(seed=1234):
    r = rng(seed)
    x, y = [], []
    for _ in range(NUM_EXAMPLES):
        row = [r() * 2 - 1 for _ in range(NUM_FEATURES)]
        x.append(row)
        acc = TRUE_B
        for j, v in enumerate(row):
            acc += v * TRUE_W[j]
        y.append([acc + (r() - 0.5) * 0.1])
    return x, y


def build_model(tf, learning_rate=0.05):
    x, y = make_data()
    global_step = tf.train.get_or_create_global_step()
    xs = tf.constant(x, dtype=tf.float32, name='x')
    ys = tf.constant(y, dtype=tf.float32, name='y')
    w = tf.Variable(tf.zeros([NUM_FEATURES, 1]), name='w')
    b = tf.Variable(tf.zeros([1]), name='b')
    pred = tf.add(tf.matmul(xs, w), b, name='pred')
    loss = tf.reduce_mean(tf.square(pred - ys), name='mse')
    tf.summary.scalar('loss', loss)
    train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss, global_step=global_step)
    return w, b, loss, train_op, global_step


def emit(**event):
    sys.stdout.write(json.dumps(event) + '\n')
    sys.stdout.flush()


def run_task(tf_config, options):
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.INFO)
    cluster = tf.train.ClusterSpec(tf_config['cluster'])
    job, index = tf_config['task']['type'], tf_config['task']['index']
    server = tf.train.Server(cluster, job_name=job, task_index=index)
    emit(event='ready', job=job, task=index, target=server.target, pid=os.getpid())
    if job == 'ps':
        server.join()
        return
    is_chief = index == 0
    with tf.device(tf.train.replica_device_setter(cluster=cluster, worker_device='/job:worker/task:%d' % index)):
        w, b, loss, train_op, global_step = build_model(tf, options.get('learningRate', 0.05))
    config = tf.ConfigProto(device_filters=['/job:ps', '/job:worker/task:%d' % index])
    steps = 0
    with tf.train.MonitoredTrainingSession(
            master=server.target, is_chief=is_chief, checkpoint_dir=options.get('checkpointDir'),
            hooks=[tf.train.StopAtStepHook(last_step=options.get('lastStep', 100))],
            save_checkpoint_steps=options.get('saveCheckpointSteps'),
            save_summaries_steps=options.get('saveSummariesSteps'), config=config) as sess:
        while not sess.should_stop():
            _, l, gs = sess.run([train_op, loss, global_step])
            steps += 1
            emit(event='step', task=index, globalStep=int(gs), loss=float(l))
            if options.get('stepDelayMs'):
                time.sleep(options['stepDelayMs'] / 1000.0)
    with tf.Session(server.target, config=config) as s:
        wv, bv, gsv = s.run([w, b, global_step])
    emit(event='done', task=index, isChief=is_chief, steps=steps, globalStep=int(gsv),
         w=[float(v) for v in wv.ravel()], b=[float(v) for v in bv.ravel()])


def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(('127.0.0.1', 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class Task:
    def __init__(self, cluster, job, index, options):
        tf_config = json.dumps({'cluster': cluster, 'task': {'type': job, 'index': index}})
        self.proc = subprocess.Popen([sys.executable, __file__, 'task', tf_config, json.dumps(options)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.events = []

    def wait_event(self, pred, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for e in self.events:
                if pred(e):
                    return e
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    raise RuntimeError('task exited before the awaited event')
                if line.startswith('{'):
                    self.events.append(json.loads(line))
        raise RuntimeError('timed out waiting for a task event')

    def finish(self, timeout):
        out, _ = self.proc.communicate(timeout=timeout)
        self.events += [json.loads(l) for l in out.splitlines() if l.startswith('{')]
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def train(out_dir, last_step, num_ps=1):
    ports = free_ports(num_ps + 2)
    cluster = {'ps': ['127.0.0.1:%d' % p for p in ports[:num_ps]],
               'worker': ['127.0.0.1:%d' % p for p in ports[num_ps:]]}
    options = {'checkpointDir': out_dir, 'lastStep': last_step, 'saveCheckpointSteps': 100,
               'saveSummariesSteps': 25, 'stepDelayMs': 15}
    tasks = []
    try:
        for i in range(num_ps):
            ps = Task(cluster, 'ps', i, {})
            tasks.append(ps)
            ps.wait_event(lambda e: e['event'] == 'ready', 120)
        chief = Task(cluster, 'worker', 0, options)
        tasks.append(chief)
        chief.wait_event(lambda e: e['event'] == 'step', 180)
        other = Task(cluster, 'worker', 1, options)
        tasks.append(other)
        codes = [chief.finish(300), other.finish(300)]
        if codes != [0, 0]:
            raise RuntimeError('workers exited with %r' % (codes,))
        print(json.dumps({'cluster': cluster, 'workers': [
            next(e for e in t.events if e['event'] == 'done') for t in (chief, other)]}))
    finally:
        for t in tasks:
            t.kill()


def inspect(d):
    import tensorflow.compat.v1 as tf
    from tensorflow.core.util import event_pb2
    from google.protobuf import text_format
    from tensorflow.core.framework import graph_pb2

    def norm(name):
        name = re.sub(r'^events\.out\.tfevents\.\d+\..*$', 'events.out.tfevents.<time>.<host>', name)
        return re.sub(r'^model\.ckpt-\d+\.', 'model.ckpt-<step>.', name)
    files = sorted(os.listdir(d))
    state = tf.train.get_checkpoint_state(d)
    ckpts = {}
    for p in state.all_model_checkpoint_paths:
        reader = tf.train.load_checkpoint(p)
        ckpts[os.path.basename(p)] = {
            'variables': sorted([n, str(reader.get_variable_to_dtype_map()[n].name), s]
                                for n, s in reader.get_variable_to_shape_map().items()),
            'global_step': int(reader.get_tensor('global_step')),
        }
    events = []
    for f in files:
        if f.startswith('events.out.tfevents.'):
            for raw in tf.io.tf_record_iterator(os.path.join(d, f)):
                e = event_pb2.Event.FromString(raw)
                kind = e.WhichOneof('what')
                if kind == 'session_log':
                    kind += ':' + event_pb2.SessionLog.SessionStatus.Name(e.session_log.status)
                elif kind == 'summary':
                    kind += ':' + ','.join(v.tag for v in e.summary.value)
                if not events or events[-1] != kind:
                    events.append(kind)
    graph = graph_pb2.GraphDef()
    with open(os.path.join(d, 'graph.pbtxt')) as fh:
        text_format.Parse(fh.read(), graph)
    devices = {n.name: n.device for n in graph.node if n.op in ('VariableV2', 'VarHandleOp')}
    print(json.dumps({
        'files': sorted(set(norm(f) for f in files)),
        'checkpoint_files': sorted(f for f in files if f.startswith('model.ckpt-')),
        'model_checkpoint_path': os.path.basename(state.model_checkpoint_path),
        'all_model_checkpoint_paths': [os.path.basename(p) for p in state.all_model_checkpoint_paths],
        'checkpoints': ckpts,
        'events': events,
        'variable_devices': devices,
    }, sort_keys=True))


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'task':
        run_task(json.loads(sys.argv[2]), json.loads(sys.argv[3]))
    elif cmd == 'train':
        train(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 300, int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    elif cmd == 'inspect':
        inspect(sys.argv[2])
    else:
        sys.exit(__doc__)
