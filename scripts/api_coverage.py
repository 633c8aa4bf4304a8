"""The callable names of TF 2.21's tf.compat.v1 namespaces, camelCased as this project names them, as JSON on
stdout (for scripts/api_coverage.js). Names and namespaces that fail to load (Keras-backed lazy attributes) are
skipped.

Run: .venv-tf/bin/python scripts/api_coverage.py
"""
import inspect
import json

import tensorflow.compat.v1 as tf

NAMESPACES = ['', 'nn', 'nn.rnn_cell', 'train', 'losses', 'metrics', 'summary', 'sparse', 'image', 'strings', 'linalg',
              'math', 'random', 'signal', 'lookup', 'debugging', 'io', 'initializers', 'data', 'data.experimental',
              'feature_column', 'saved_model']


def camel(name):
    """snake_case to camelCase; CamelCase classes and UPPER_CASE constants as they are."""
    if name.isupper():
        return name
    first, *rest = name.split('_')
    return first + ''.join(p[:1].upper() + p[1:] for p in rest)


def names(module):
    out = set()
    try:
        listed = dir(module)
    except Exception:  # a lazily loaded module whose dependencies are missing
        return None
    for n in listed:
        if n.startswith('_'):
            continue
        try:
            v = getattr(module, n)
        except Exception:  # a lazily loaded attribute whose module is missing
            continue
        if callable(v) and not inspect.ismodule(v):
            out.add(camel(n))
    return sorted(out)


def main():
    out = {}
    for ns in NAMESPACES:
        module = tf
        for part in ns.split('.') if ns else []:
            module = getattr(module, part)
        listed = names(module)
        if listed is not None:
            out[ns] = listed
    print(json.dumps(out))


if __name__ == '__main__':
    main()
