"""Runs the conformance scenarios on real TensorFlow (TF1 graph mode) and writes the goldens.

    .venv-tf/bin/python scripts/conformance/run_tf1.py                # every scenario
    .venv-tf/bin/python scripts/conformance/run_tf1.py NAME [NAME...]  # only these
    .venv-tf/bin/python scripts/conformance/run_tf1.py --check        # compare, write nothing

Interprets test/conformance/scenarios.json (format: test/conformance/README.md), imports the graphs
of test/conformance/graphs/ (rebuilt first by graphs.py), runs each scenario in a fresh temporary
directory and writes test/conformance/golden/<name>.json. The TypeScript runner interprets the same
spec and must produce the same JSON.
"""
import itertools
import json
import logging
import os
import re
import shutil
import socket
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import graphs  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from google.protobuf import text_format  # noqa: E402
from tensorflow.python.training import checkpoint_state_pb2  # noqa: E402
from tensorflow.python.training import training_util  # noqa: E402

tf1 = tf.compat.v1
CONFORMANCE_DIR = os.path.normpath(os.path.join(graphs.GRAPH_DIR, ".."))
SPEC_PATH = os.path.join(CONFORMANCE_DIR, "scenarios.json")
GOLDEN_DIR = os.path.join(CONFORMANCE_DIR, "golden")
# Modules whose log lines are recorded (tf1-semantics.md quotes their messages).
LOG_SOURCES = {"basic_session_run_hooks", "monitored_session", "session_manager", "saver",
               "checkpoint_management", "coordinator", "training_util"}


def snake(name):
  """camelCase option name -> Python keyword: everyNIter -> every_n_iter."""
  return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


# ----------------------------------------------------------------------------- normalisation


class Normaliser:
  """Rewrites run-specific text: the temp root, host names, timestamps, timings."""

  def __init__(self, root):
    self.root = root
    host = re.escape(socket.gethostname())
    self._file_rules = [
        (re.compile(r"^(events\.out\.tfevents\.)\d+\." + host), r"\1<T>.<HOST>"),
        (re.compile(r"\.tmp[0-9a-f]{32}"), ".tmp<UUID>"),
        (re.compile(r"\.tempstate\d+"), ".tempstate<N>"),
    ]
    self._log_rules = [
        (re.compile(r" \(\d+\.\d{3} sec\)$"), " (<SECS> sec)"),  # LoggingTensorHook
        (re.compile(r"^(\S+/sec): \S+$"), r"\1: <RATE>"),  # StepCounterHook
        (re.compile(r"<(?:\w+\.)*(\w+) object at 0x[0-9a-f]+>"), r"<\1 object>"),  # Python repr
    ]

  def text(self, s):
    return s.replace(self.root, "$TMP")

  def file_name(self, name):
    for rule, repl in self._file_rules:
      name = rule.sub(repl, name)
    return name

  def log(self, msg):
    msg = self.text(msg)
    for rule, repl in self._log_rules:
      msg = rule.sub(repl, msg)
    return msg


def number(x):
  """JSON-safe numbers, also nested: NaN and infinities become "NaN", "Infinity", "-Infinity"."""
  if isinstance(x, list):
    return [number(v) for v in x]
  if isinstance(x, float) and not np.isfinite(x):
    return "NaN" if np.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
  return x


def encode(value, norm):
  """A fetched value as JSON: arrays/numpy scalars -> {dtype, shape, value}; keeps structure."""
  if value is None:
    return None
  if isinstance(value, dict):
    return {str(k): encode(v, norm) for k, v in value.items()}
  if isinstance(value, (list, tuple)):
    return [encode(v, norm) for v in value]
  if isinstance(value, (np.ndarray, np.generic)):
    array = np.asarray(value)
    if array.dtype.kind in "SO":  # TF strings are bytes
      dtype = "string"
      flat = [norm.text(b.decode("utf-8", "backslashreplace")) for b in array.reshape(-1)]
      data = np.array(flat, dtype=object).reshape(array.shape).tolist()
    else:
      dtype = array.dtype.name
      data = number(array.tolist())
    return {"dtype": dtype, "shape": list(array.shape), "value": data}
  if isinstance(value, (bool, int, float, str)):
    return number(value)
  raise TypeError("cannot encode %r" % (value,))


# What Python's session.run puts before the runtime's own message (error_interpolation).
PY_OP_ERROR_HEADER = re.compile(r"^Graph execution error:\n\n(?:.*\n)*?Node: '[^']*'\n")


def error_record(exc, norm):
  if isinstance(exc, tf.errors.OpError):
    message = PY_OP_ERROR_HEADER.sub("", exc.message)
  elif len(exc.args) == 1 and isinstance(exc.args[0], str):
    message = exc.args[0]
  else:
    message = str(exc)
  return {"type": type(exc).__name__, "message": norm.text(message)}


# ----------------------------------------------------------------------------- recording


class Recording:
  """The trace of one phase plus the log lines captured meanwhile."""

  def __init__(self, norm):
    self.norm = norm
    self.trace = []
    self.logs = []

  def add(self, at, **fields):
    entry = {"at": at}
    entry.update(fields)
    self.trace.append(entry)

  def error(self, at, exc):
    self.add(at, error=error_record(exc, self.norm))


class LogCapture(logging.Handler):
  """Collects the `tensorflow` logger's lines from LOG_SOURCES into the active Recording."""

  def __init__(self):
    super().__init__(logging.DEBUG)
    self.recording = None

  def emit(self, record):
    source = os.path.splitext(os.path.basename(record.pathname))[0]
    if self.recording is None or source not in LOG_SOURCES:
      return
    rec = self.recording
    rec.logs.append({"level": record.levelname,
                     "source": source, "msg": rec.norm.log(record.getMessage()),
                     "trace": len(rec.trace)})


class RecorderHook(tf1.train.SessionRunHook):
  """Appended last to every session's hook list: records each call with the global step."""

  def __init__(self, rec):
    self._rec = rec
    self._gs = None

  def begin(self):
    self._gs = training_util._get_or_create_global_step_read()  # pylint: disable=protected-access
    self._rec.add("recorder.begin")

  def after_create_session(self, session, coord):
    self._rec.add("recorder.afterCreateSession", gs=self._actual(session))

  def before_run(self, run_context):
    self._rec.add("recorder.beforeRun")
    return None if self._gs is None else tf1.train.SessionRunArgs(self._gs)

  def after_run(self, run_context, run_values):
    stale = None if run_values.results is None else int(run_values.results)
    self._rec.add("recorder.afterRun", staleGs=stale, gs=self._actual(run_context.session),
                  stopRequested=run_context.stop_requested)

  def end(self, session):
    self._rec.add("recorder.end", gs=None if session is None else self._actual(session))

  def _actual(self, session):
    return None if self._gs is None else int(session.run(self._gs))


ERRORS = {
    "ValueError": ValueError,
    "RuntimeError": RuntimeError,
    "StopIteration": StopIteration,
    "OutOfRangeError": lambda m: tf.errors.OutOfRangeError(None, None, m),
    "AbortedError": lambda m: tf.errors.AbortedError(None, None, m),
    "UnavailableError": lambda m: tf.errors.UnavailableError(None, None, m),
    "InvalidArgumentError": lambda m: tf.errors.InvalidArgumentError(None, None, m),
}


class TestHook(tf1.train.SessionRunHook):
  """The spec's scriptable hook (README "TestHook")."""

  def __init__(self, rec, name, fetches=None, feed_dict=None, request_stop_at=(), raise_=None):
    self._rec = rec
    self._name = name
    self._fetches = fetches
    self._feed_dict = feed_dict
    self._request_stop_at = set(request_stop_at)
    self._raise = raise_
    self._calls = {}

  def _call(self, method, **fields):
    count = self._calls[method] = self._calls.get(method, 0) + 1
    self._rec.add("%s.%s" % (self._name, method), **fields)
    spec = self._raise
    if spec and spec["method"] == method and spec["call"] == count:
      raise ERRORS[spec["type"]](spec["message"])
    return count

  def begin(self):
    self._call("begin")

  def after_create_session(self, session, coord):
    self._call("afterCreateSession")

  def before_run(self, run_context):
    self._call("beforeRun")
    if self._fetches is None and self._feed_dict is None:
      return None
    return tf1.train.SessionRunArgs(self._fetches, self._feed_dict)

  def after_run(self, run_context, run_values):
    fields = {"results": encode(run_values.results, self._rec.norm)} if self._fetches is not None else {}
    count = self._call("afterRun", **fields)
    if count in self._request_stop_at:
      run_context.request_stop()

  def end(self, session):
    self._call("end", session=session is not None)


class TestListener(tf1.train.CheckpointSaverListener):
  """The spec's recording CheckpointSaverListener (README "TestListener")."""

  def __init__(self, rec, name, stop_on_after_save_steps=()):
    self._rec = rec
    self._name = name
    self._stop_steps = set(stop_on_after_save_steps)

  def begin(self):
    self._rec.add(self._name + ".begin")

  def before_save(self, session, global_step_value):
    self._rec.add(self._name + ".beforeSave", gs=int(global_step_value))

  def after_save(self, session, global_step_value):
    stop = int(global_step_value) in self._stop_steps
    self._rec.add(self._name + ".afterSave", gs=int(global_step_value), returned=stop)
    return stop

  def end(self, session, global_step_value):
    self._rec.add(self._name + ".end", gs=int(global_step_value))


HOOKS = {name: getattr(tf1.train, name) for name in (
    "CheckpointSaverHook", "FeedFnHook", "FinalOpsHook", "GlobalStepWaiterHook",
    "LoggingTensorHook", "NanTensorHook", "ProfilerHook", "StepCounterHook", "StopAtStepHook",
    "SummarySaverHook")}
OBJECTS = {name: getattr(tf1.train, name) for name in (
    "Saver", "Scaffold", "ChiefSessionCreator", "SecondOrStepTimer")}


# ----------------------------------------------------------------------------- spec interpreter


class Context:
  """Resolves spec values (README "Values") against the current default graph."""

  def __init__(self, rec, root):
    self.rec = rec
    self.root = root
    self.objects = {}  # "$ref" targets and named hooks

  def resolve(self, value):
    if isinstance(value, str):
      return value.replace("$TMP", self.root)
    if isinstance(value, list):
      return [self.resolve(v) for v in value]
    if not isinstance(value, dict):
      return value
    graph = tf1.get_default_graph()
    if "$tensor" in value:
      return graph.get_tensor_by_name(value["$tensor"])
    if "$op" in value:
      return graph.get_operation_by_name(value["$op"])
    if "$ref" in value:
      return self.objects[value["$ref"]]
    if "$feed" in value:
      return self.feed(value["$feed"])
    if "$feedFn" in value:
      feeds = itertools.cycle([self.feed(f) for f in value["$feedFn"]])
      return lambda: next(feeds)
    if "$new" in value:
      return self.new(value)
    if "hook" in value:
      return self.hook(value)
    return {k: self.resolve(v) for k, v in value.items()}

  def feed(self, mapping):
    graph = tf1.get_default_graph()
    return {graph.get_tensor_by_name(k): self.resolve(v) for k, v in mapping.items()}

  def kwargs(self, args):
    return {snake(k): self.resolve(v) for k, v in (args or {}).items()}

  def new(self, spec):
    kwargs = self.kwargs(spec.get("args"))
    if spec["$new"] == "TestListener":
      return TestListener(self.rec, **kwargs)
    return OBJECTS[spec["$new"]](**kwargs)

  def hook(self, spec):
    kwargs = self.kwargs(spec.get("args"))
    if spec["hook"] == "TestHook":
      kwargs["raise_"] = kwargs.pop("raise", None)
      hook = TestHook(self.rec, **kwargs)
    else:
      hook = HOOKS[spec["hook"]](**kwargs)
    if "name" in spec:
      self.objects[spec["name"]] = hook
    return hook


def import_graph(name):
  tf1.reset_default_graph()
  tf1.train.import_meta_graph(graphs.meta_path(name))


SESSIONS = {name: getattr(tf1.train, name) for name in (
    "MonitoredSession", "MonitoredTrainingSession", "SingularMonitoredSession")}


def run_step(ctx, sess, step):
  """Executes one script step and records it; an error is recorded, then re-raised."""
  rec = ctx.rec
  do = at = step["do"]
  try:
    if do in ("loop", "run"):
      fetches = ctx.resolve(step.get("fetches", {"$op": "train"}))
      feed = ctx.resolve(step.get("feedDict"))
      loop = do == "loop"
      for _ in range(step.get("maxRuns", 100) if loop else step.get("times", 1)):
        if loop:
          at = "shouldStop"
          stop = sess.should_stop()
          rec.add("shouldStop", value=stop)
          if stop:
            return
        at = "run"
        rec.add("run", result=encode(sess.run(fetches, feed_dict=feed), rec.norm))
      if loop:
        rec.add("loop", maxRunsReached=True)
    elif do == "runStepFn":
      fetches = ctx.resolve(step.get("fetches", {"$op": "train"}))
      feed = ctx.resolve(step.get("feedDict"))

      def step_fn(step_context):
        results = [step_context.run_with_hooks(fetches, feed_dict=feed)
                   for _ in range(step.get("runWithHooks", 1))]
        if step.get("requestStop"):
          step_context.request_stop()
        return results
      rec.add("runStepFn", result=encode(sess.run_step_fn(step_fn), rec.norm))
    elif do == "shouldStop":
      rec.add("shouldStop", value=sess.should_stop())
    elif do == "close":
      sess.close()
      rec.add("close")
    elif do == "finalOpsValues":
      rec.add("finalOpsValues", hook=step["hook"],
              value=encode(ctx.objects[step["hook"]].final_ops_values, rec.norm))
    elif do == "hookClasses":
      rec.add("hookClasses", value=[type(h).__name__ for h in sess._hooks])  # pylint: disable=protected-access
    else:
      raise ValueError("unknown step " + do)
  except Exception as e:  # pylint: disable=broad-except
    rec.error(at, e)
    raise


def run_phase(phase, root, norm, capture):
  rec = Recording(norm)
  capture.recording = rec
  ctx = Context(rec, root)
  cwd = os.getcwd()
  try:
    if "cwd" in phase:
      os.chdir(ctx.resolve(phase["cwd"]))
    import_graph(phase["graph"])
    for name, spec in phase.get("objects", {}).items():
      ctx.objects[name] = ctx.resolve(spec)
    hooks = [ctx.resolve(h) for h in phase.get("hooks", [])] + [RecorderHook(rec)]
    try:
      sess = SESSIONS[phase["session"]["kind"]](hooks=hooks, **ctx.kwargs(phase["session"].get("args")))
    except Exception as e:  # pylint: disable=broad-except
      rec.error("create", e)
      return rec
    rec.add("create")
    if phase.get("with", True):
      try:
        with sess:
          for step in phase["script"]:
            run_step(ctx, sess, step)
        rec.add("exit", propagated=None)
      except Exception as e:  # pylint: disable=broad-except
        rec.add("exit", propagated=error_record(e, norm))
    else:
      for step in phase["script"]:
        try:
          run_step(ctx, sess, step)
        except Exception:  # pylint: disable=broad-except
          pass  # recorded; a manual script goes on with its next step
    return rec
  finally:
    capture.recording = None
    os.chdir(cwd)


def run_cases(scenario, root, norm, capture):
  """A table of constructions (and optionally begin() calls), each recorded as ok or error."""
  results = []
  for case in scenario["cases"]:
    rec = Recording(norm)
    capture.recording = rec
    ctx = Context(rec, root)
    import_graph(case.get("graph", "counter"))
    try:
      obj = ctx.resolve(case["construct"])
      if case.get("begin"):
        obj.begin()
      result = {"ok": True}
    except Exception as e:  # pylint: disable=broad-except
      result = {"error": error_record(e, norm)}
    capture.recording = None
    result["logs"] = [{k: v for k, v in log.items() if k != "trace"} for log in rec.logs]
    results.append(result)
  return results


# ----------------------------------------------------------------------------- outputs


def walk(root):
  """(relative prefix "d/" or "", absolute dir, sorted subdirs, sorted files) for each directory."""
  for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort()
    rel = os.path.relpath(dirpath, root)
    yield ("" if rel == "." else rel + "/"), dirpath, dirnames, sorted(filenames)


def list_files(root, norm, event_files=True):
  """Every directory ("d/") and file under root, normalised and sorted.

  Event files are created by the writer thread, so they are only listed once the writers are
  closed (event_files=False leaves them out of the snapshots taken between phases).
  """
  out = []
  for prefix, _, dirnames, filenames in walk(root):
    out += [prefix + norm.file_name(d) + "/" for d in dirnames]
    out += [prefix + norm.file_name(f) for f in filenames
            if event_files or not f.startswith("events.out.tfevents.")]
  return sorted(out)


def checkpoints(root, norm):
  """For each `checkpoint` state file: its fields and the variables of its latest checkpoint."""
  out = {}
  for prefix, dirpath, _, filenames in walk(root):
    if "checkpoint" not in filenames:
      continue
    state = checkpoint_state_pb2.CheckpointState()
    with open(os.path.join(dirpath, "checkpoint")) as f:
      text_format.Parse(f.read(), state)
    reader = tf1.train.load_checkpoint(os.path.join(dirpath, state.model_checkpoint_path))
    out[prefix.rstrip("/") or "."] = {
        "modelCheckpointPath": norm.text(state.model_checkpoint_path),
        "allModelCheckpointPaths": [norm.text(p) for p in state.all_model_checkpoint_paths],
        "values": {name: encode(reader.get_tensor(name), norm)
                   for name in sorted(reader.get_variable_to_dtype_map())},
    }
  return out


SESSION_STATUS = {0: "STATUS_UNSPECIFIED", 1: "START", 2: "STOP", 3: "CHECKPOINT"}


def decode_event(event, norm):
  kind = event.WhichOneof("what")
  out = {"step": event.step, "kind": kind}
  if kind == "file_version":
    out["fileVersion"] = event.file_version
    out["sourceWriter"] = event.source_metadata.writer
  elif kind == "meta_graph_def":
    meta = tf1.MetaGraphDef()
    meta.ParseFromString(event.meta_graph_def)
    out["hasSaverDef"] = meta.HasField("saver_def")
  elif kind == "summary":
    values = []
    for v in event.summary.value:
      entry = {"tag": v.tag, "kind": v.WhichOneof("value")}
      if entry["kind"] == "simple_value":
        rate = v.tag.endswith("/sec")  # StepCounterHook's rate: timing-dependent
        entry["simpleValue"] = None if rate else number(float(v.simple_value))
      elif entry["kind"] == "tensor":
        entry["tensor"] = encode(tf.make_ndarray(v.tensor), norm)
      entry["pluginName"] = v.metadata.plugin_data.plugin_name if v.HasField("metadata") else None
      values.append(entry)
    out["values"] = values
  elif kind == "session_log":
    out["status"] = SESSION_STATUS[event.session_log.status]
    out["checkpointPath"] = norm.text(event.session_log.checkpoint_path)
    out["msg"] = event.session_log.msg
  elif kind == "tagged_run_metadata":
    out["tag"] = event.tagged_run_metadata.tag
  return out


def event_files(root, norm):
  return [{"file": prefix + norm.file_name(f),
           "events": [decode_event(e, norm)
                      for e in tf1.train.summary_iterator(os.path.join(dirpath, f))]}
          for prefix, dirpath, _, filenames in walk(root)
          for f in filenames if f.startswith("events.out.tfevents.")]


def run_scenario(scenario, capture):
  root = os.path.realpath(tempfile.mkdtemp(prefix="tf1conf-"))
  norm = Normaliser(root)
  golden = {"name": scenario["name"]}
  try:
    if "cases" in scenario:
      golden["cases"] = run_cases(scenario, root, norm, capture)
    else:
      golden["phases"] = []
      for phase in scenario.get("phases", [scenario]):
        rec = run_phase(phase, root, norm, capture)
        golden["phases"].append({"trace": rec.trace, "logs": rec.logs,
                                 "files": list_files(root, norm, event_files=False),
                                 "checkpoints": checkpoints(root, norm)})
    tf1.summary.FileWriterCache.clear()  # closes (so flushes) every cached writer
    golden["files"] = list_files(root, norm)
    golden["events"] = event_files(root, norm)
  finally:
    tf1.summary.FileWriterCache.clear()
    shutil.rmtree(root, ignore_errors=True)
  return golden


def dump(obj):
  return json.dumps(obj, indent=1, allow_nan=False) + "\n"


def main(argv):
  check = "--check" in argv
  names = [a for a in argv if not a.startswith("--")]
  tf1.disable_v2_behavior()
  changed = graphs.export_all(check)
  failed = ["graphs/%s.meta" % g for g in changed] if check else []
  with open(SPEC_PATH) as f:
    scenarios = json.load(f)["scenarios"]
  unknown = set(names) - {s["name"] for s in scenarios}
  if unknown:
    sys.exit("unknown scenario(s): " + ", ".join(sorted(unknown)))
  logger = tf1.get_logger()
  capture = LogCapture()
  logger.handlers = [capture]
  logger.propagate = False
  logger.setLevel(logging.INFO)
  os.makedirs(GOLDEN_DIR, exist_ok=True)
  start = time.time()
  selected = [s for s in scenarios if not names or s["name"] in names]
  for scenario in selected:
    t0 = time.time()
    text = dump(run_scenario(scenario, capture))
    path = os.path.join(GOLDEN_DIR, scenario["name"] + ".json")
    if check:
      same = os.path.exists(path) and open(path).read() == text
      status = "same" if same else "DIFFERENT"
      if not same:
        failed.append(scenario["name"])
    else:
      with open(path, "w") as f:
        f.write(text)
      status = "written"
    print("%-48s %-9s %.2fs" % (scenario["name"], status, time.time() - t0))
  if not names and not check:  # drop goldens of scenarios that no longer exist
    for stale in set(os.listdir(GOLDEN_DIR)) - {s["name"] + ".json" for s in scenarios}:
      os.remove(os.path.join(GOLDEN_DIR, stale))
      print("removed golden/" + stale)
  print("%d scenarios in %.1fs" % (len(selected), time.time() - start))
  if failed:
    sys.exit("differ: " + ", ".join(failed))


if __name__ == "__main__":
  main(sys.argv[1:])
