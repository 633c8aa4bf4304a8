#!/usr/bin/env python3
"""Loads an event directory (or file) with TensorBoard's EventAccumulator and prints what it sees, as JSON.

Usage: <venv python> scripts/interop/check_events.py PATH

This is what TensorBoard itself shows for event files this package writes
(test/interop/events.test.ts asserts it). The JSON has:
  file_version, source_writer, first_event_timestamp;
  tags: EventAccumulator.Tags();
  scalars: {tag: [[step, value], ...]} (after TensorBoard's purges on SessionLog START);
  histograms: {tag: [[step, num, sum, min, max], ...]};
  tensors: {tag: [[step, text], ...]} for string tensors (text plugin);
  summary_metadata: {tag: plugin_name};
  graph: {node name: op} or null; meta_graph: {tags, node count} or null;
  run_metadata: {tag: [device, ...]} from step_stats.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tensorboard.backend.event_processing import event_accumulator  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402


def main(path):
    # Keep every value: the default size guidance samples scalars and histograms.
    acc = event_accumulator.EventAccumulator(path, size_guidance={k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE})
    acc.Reload()
    tags = acc.Tags()
    out = {
        "file_version": acc.file_version,
        "source_writer": acc.GetSourceWriter(),
        "first_event_timestamp": acc.FirstEventTimestamp(),
        "tags": tags,
        "scalars": {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]},
        "histograms": {
            t: [[e.step, e.histogram_value.num, e.histogram_value.sum, e.histogram_value.min, e.histogram_value.max]
                for e in acc.Histograms(t)]
            for t in tags["histograms"]
        },
        "tensors": {
            t: [[e.step, [s.decode() for s in tensor_util.make_ndarray(e.tensor_proto).flatten().tolist()]]
                for e in acc.Tensors(t)]
            for t in tags["tensors"]
        },
        "summary_metadata": {t: acc.SummaryMetadata(t).plugin_data.plugin_name for t in tags["tensors"]},
        "graph": {n.name: n.op for n in acc.Graph().node} if tags["graph"] else None,
        "meta_graph": (
            {"tags": list(acc.MetaGraph().meta_info_def.tags), "nodes": len(acc.MetaGraph().graph_def.node)}
            if tags["meta_graph"] else None
        ),
        "run_metadata": {t: [d.device for d in acc.RunMetadata(t).step_stats.dev_stats] for t in tags["run_metadata"]},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
