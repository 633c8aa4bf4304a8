"""TF1's spectral ops (tf.signal, tf.spectral and the top-level tf.fft, tf.ifft2d, ...) built with TF 2.21 in
graph mode, for test/signal_ops.test.ts: the FFTs, RFFTs and their fft_length padding (static and unknown
shapes), fftshift, framing and overlap-add, the windows, STFT and its inverse, mel weight matrices, MFCCs
and DCTs.

For each graph: its ops as io_ops.py records them, the static shapes of its fetches and what session
runs of them give for each feed (complex values as [real, imag] pairs). Then gradients through the
spectral ops (their values), a small training of a filter through a log-mel spectrogram, and the errors
bad arguments raise.

Writes test/fixtures/graph_layer/signal_ops.json.
Run: .venv-tf/bin/python scripts/graph_fixtures/signal_ops.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

import control_flow
import io_ops
from control_flow import feeds, gradient_values
from io_ops import errors_of, value_json

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'signal_ops.json')

# Signals of few digits: SIG two rows of 16 samples, RE/IM a complex 2x4 matrix.
SIG = np.round(np.stack([np.sin(np.arange(16) * 0.7), np.cos(np.arange(16) * 0.3) * 0.5]), 3).astype(np.float32)
RE = np.array([[1.0, -2.0, 0.5, 3.0], [0.0, 1.5, -1.0, 2.0]], np.float32)
IM = np.array([[0.5, 1.0, -1.5, 0.0], [2.0, -0.5, 1.0, 0.25]], np.float32)
FRAMES = np.arange(24, dtype=np.float32).reshape(2, 3, 4) * 0.5 - 3.0


def complex_json(v):
    """value_json, with complex values as [real, imag] pairs (what Tensor.toArray gives)."""
    if isinstance(v, np.ndarray) and np.iscomplexobj(v):
        return value_json(np.stack([v.real, v.imag], -1))
    if isinstance(v, (complex, np.complexfloating)):
        return [float(v.real), float(v.imag)]
    if isinstance(v, (list, tuple)):
        return [complex_json(x) for x in v]
    if isinstance(v, dict):
        return {k: complex_json(x) for k, x in sorted(v.items())}
    return value_json(v)


control_flow.value_json = complex_json
plain_const_json = io_ops.const_json


def const_json(op):
    """io_ops.const_json, a complex Const's values interleaved (real, imag, ...) as Tensor.data holds them."""
    arr = tf.make_ndarray(op.get_attr('value'))
    if not np.iscomplexobj(arr):
        return plain_const_json(op)
    flat = np.stack([arr.real.flatten(), arr.imag.flatten()], -1).flatten()
    return {'dtype': op.get_attr('dtype').name, 'shape': list(arr.shape), 'value': value_json(flat)}


io_ops.const_json = const_json


def shapes_of(fetch):
    return tf.nest.map_structure(lambda t: t.shape.as_list() if t.shape.dims is not None else None, fetch)


def cplx():
    re = tf.placeholder(tf.float32, [2, 4], name='re')
    im = tf.placeholder(tf.float32, [2, 4], name='im')
    return tf.complex(re, im)


FED = feeds(a={'re': RE, 'im': IM})


# --- graphs: each builds in the default graph and returns (fetches, feeds by placeholder name) --

def ffts():
    c = cplx()
    c3 = tf.reshape(c, [1, 2, 4])
    out = {
        'fft': tf.fft(c),
        'ifft': tf.ifft(c, name='inverse'),
        'fft2d': tf.signal.fft2d(c),
        'ifft2d': tf.spectral.ifft2d(c),
        'fft3d': tf.fft3d(c3),
        'ifft3d': tf.signal.ifft3d(c3),
    }
    return out, FED


def rffts():
    x = tf.placeholder(tf.float32, [2, 6], name='x')
    c = cplx()
    out = {
        'rfft': tf.signal.rfft(x),
        'rfft_pad': tf.signal.rfft(x, [8]),
        'rfft_short': tf.spectral.rfft(x, [4], name='short'),
        'rfft2d': tf.signal.rfft2d(x),
        'rfft2d_pad': tf.signal.rfft2d(x, [3, 8]),
        'rfft3d': tf.signal.rfft3d(tf.reshape(x, [1, 2, 6])),
        'irfft': tf.signal.irfft(c),
        'irfft_pad': tf.signal.irfft(c, [10]),
        'irfft_short': tf.signal.irfft(c, [4]),
        'irfft2d': tf.signal.irfft2d(c),
        'irfft2d_pad': tf.spectral.irfft2d(c, [3, 8]),
        'irfft3d': tf.signal.irfft3d(tf.reshape(c, [1, 2, 4])),
        'rfft_host': tf.signal.rfft([1.0, 2.0, 3.0]),
    }
    return out, feeds(a={'x': SIG[:, :6], 're': RE, 'im': IM})


def rffts_dynamic():
    x = tf.placeholder(tf.float32, [None, None], name='x')
    c = tf.complex(x, x * 0.5)
    n = tf.placeholder(tf.int32, [], name='n')
    out = {
        'rfft': tf.signal.rfft(x),
        'rfft_pad': tf.signal.rfft(x, [8]),
        'rfft_n': tf.signal.rfft(x, [n]),
        'irfft': tf.signal.irfft(c),
        'irfft_pad': tf.signal.irfft(c, [10]),
        'rfft2d': tf.signal.rfft2d(x, [4, 4]),
    }
    return out, feeds(a={'x': SIG[:, :6], 'n': 6}, b={'x': SIG[:, :3], 'n': 4})


def shifts():
    x = tf.placeholder(tf.float32, [3, 5], name='x')
    out = {
        'fftshift': tf.signal.fftshift(x),
        'fftshift_axis': tf.signal.fftshift(x, axes=1),
        'fftshift_axes': tf.signal.fftshift(x, axes=[0, -1], name='both'),
        'ifftshift': tf.signal.ifftshift(x),
        'ifftshift_axis': tf.signal.ifftshift(x, axes=-1),
        'ifftshift_axes': tf.signal.ifftshift(x, axes=[1]),
    }
    return out, feeds(a={'x': np.arange(15, dtype=np.float32).reshape(3, 5)})


def windows():
    n = tf.placeholder(tf.int32, [], name='n')
    out = {
        'hann': tf.signal.hann_window(5),
        'hann_symmetric': tf.signal.hann_window(8, periodic=False),
        'hann_one': tf.signal.hann_window(1),
        'hann_f64': tf.signal.hann_window(6, dtype=tf.float64, name='h64'),
        'hamming': tf.signal.hamming_window(6),
        'hamming_dynamic': tf.signal.hamming_window(n, periodic=False),
        'vorbis': tf.signal.vorbis_window(6),
        'kaiser': tf.signal.kaiser_window(7, beta=4.0),
        'kaiser_one': tf.signal.kaiser_window(1),
        'kbd': tf.signal.kaiser_bessel_derived_window(8, beta=3.0),
        'inverse': tf.signal.inverse_stft_window_fn(2)(8, tf.float32),
        'inverse_hamming': tf.signal.inverse_stft_window_fn(3, tf.signal.hamming_window, name='inv')(6, tf.float32),
    }
    return out, feeds(a={'n': 5}, b={'n': 1})


def frames():
    sig = tf.placeholder(tf.float32, [2, 16], name='sig')
    col = tf.placeholder(tf.float32, [16, 2], name='col')
    dyn = tf.placeholder(tf.float32, [None, None], name='dyn')
    out = {
        'frame': tf.signal.frame(sig, 4, 2),
        'frame_pad': tf.signal.frame(sig, 5, 3, pad_end=True, pad_value=-1.0),
        'frame_axis0': tf.signal.frame(col, 6, 4, axis=0, name='cols'),
        'frame_dynamic': tf.signal.frame(dyn, 4, 3),
        'frame_dynamic_pad': tf.signal.frame(dyn, 3, 2, pad_end=True),
        'frame_long': tf.signal.frame(sig, 20, 4),
        'frame_dynamic_length': tf.signal.frame(sig, tf.placeholder(tf.int32, [], name='length'), 2),
    }
    return out, feeds(a={'sig': SIG, 'col': SIG.T, 'dyn': SIG[:, :10], 'length': 4},
                      b={'sig': SIG, 'col': SIG.T, 'dyn': SIG[:, :7], 'length': 5})


def overlap_add():
    fr = tf.placeholder(tf.float32, [2, 3, 4], name='frames')
    dyn = tf.placeholder(tf.float32, [None, 4], name='dyn')
    out = {
        'overlap': tf.signal.overlap_and_add(fr, 2),
        'overlap_3': tf.signal.overlap_and_add(fr, 3, name='ola'),
        'fast': tf.signal.overlap_and_add(fr, 4),
        'dynamic': tf.signal.overlap_and_add(dyn, 3),
    }
    return out, feeds(a={'frames': FRAMES, 'dyn': FRAMES[0]})


def stfts():
    sig = tf.placeholder(tf.float32, [2, 16], name='sig')
    s = tf.signal.stft(sig, 8, 4)
    out = {
        'stft': s,
        'stft_opts': tf.signal.stft(sig, 6, 3, fft_length=8, window_fn=tf.signal.hamming_window, pad_end=True),
        'stft_no_window': tf.signal.stft(sig, 4, 4, window_fn=None, name='plain'),
        'inverse': tf.signal.inverse_stft(s, 8, 4, window_fn=tf.signal.inverse_stft_window_fn(4)),
        'inverse_opts': tf.signal.inverse_stft(s, 6, 4, fft_length=8, window_fn=None),
        'inverse_long': tf.signal.inverse_stft(s, 10, 4),
        'magnitude': tf.abs(s),
        'stft_dynamic': tf.signal.stft(sig, tf.placeholder(tf.int32, [], name='length'), 4),
    }
    return out, feeds(a={'sig': SIG, 'length': 6}, b={'sig': SIG, 'length': 8})


def mdcts():
    sig = tf.placeholder(tf.float32, [2, 16], name='sig')
    m = tf.signal.mdct(sig, 8)
    out = {
        'mdct': m,
        'mdct_opts': tf.signal.mdct(sig, 4, window_fn=None, pad_end=True, norm='ortho', name='plain'),
        'inverse': tf.signal.inverse_mdct(m),
        'inverse_opts': tf.signal.inverse_mdct(tf.signal.mdct(sig, 8, norm='ortho'), window_fn=None, norm='ortho'),
    }
    return out, feeds(a={'sig': SIG})


def mels():
    spec = tf.placeholder(tf.float32, [2, 3, 9], name='spec')
    w = tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 100.0, 3800.0)
    mel = tf.tensordot(spec, w, 1)
    out = {
        'weights': w,
        'default': tf.signal.linear_to_mel_weight_matrix(),
        'f64': tf.signal.linear_to_mel_weight_matrix(3, 5, 1000, 20.0, 400.0, dtype=tf.float64, name='mel64'),
        'mfccs': tf.signal.mfccs_from_log_mel_spectrograms(tf.log(mel + 1e-6)),
        'mfccs_dynamic': tf.signal.mfccs_from_log_mel_spectrograms(tf.placeholder_with_default(spec, [None, None, None])),
    }
    return out, feeds(a={'spec': np.abs(SIG[:, :9] * 3.0)[:, None, :] + np.arange(3, dtype=np.float32)[:, None]})


def dcts():
    x = tf.placeholder(tf.float32, [2, 6], name='x')
    dyn = tf.placeholder(tf.float32, [2, None], name='dyn')
    out = {
        'dct1': tf.signal.dct(x, type=1),
        'dct2': tf.signal.dct(x),
        'dct2_ortho': tf.signal.dct(x, norm='ortho'),
        'dct3': tf.signal.dct(x, type=3),
        'dct3_ortho': tf.signal.dct(x, type=3, norm='ortho', name='d3'),
        'dct4': tf.signal.dct(x, type=4),
        'dct4_ortho': tf.signal.dct(x, type=4, norm='ortho'),
        'dct_n_short': tf.signal.dct(x, n=4),
        'dct_n_long': tf.signal.dct(x, type=3, n=8),
        'idct': tf.signal.idct(x),
        'idct_ortho': tf.spectral.idct(x, norm='ortho'),
        'idct1': tf.signal.idct(x, type=1),
        'dct_dynamic': tf.signal.dct(dyn, norm='ortho'),
    }
    return out, feeds(a={'x': SIG[:, :6], 'dyn': SIG[:, :5]})


GRAPHS = [ffts, rffts, rffts_dynamic, shifts, windows, frames, overlap_add, stfts, mdcts, mels, dcts]


# --- gradients ---------------------------------------------------------------------------------

def grad_cases():
    """{name: (loss, xs, feeds)}: through the spectral ops, to their inputs."""
    fed = feeds(a={'sig': SIG})

    def sig():
        return tf.placeholder(tf.float32, [2, 16], name='sig')

    def stft_grad():
        x = sig()
        return tf.reduce_sum(tf.abs(tf.signal.stft(x, 8, 4)) * tf.range(1.0, 6.0)), [x], fed

    def rfft_grad():
        x = sig()
        odd = tf.placeholder(tf.float32, [2, 5], name='odd')
        s = tf.signal.rfft(x)
        loss = tf.reduce_sum(tf.real(s) * tf.range(9.0)) + tf.reduce_sum(tf.imag(s) ** 2) + \
            tf.reduce_sum(tf.abs(tf.signal.rfft(odd, [7]))) + tf.reduce_sum(tf.abs(tf.signal.rfft2d(odd)))
        return loss, [x, odd], feeds(a={'sig': SIG, 'odd': SIG[:, :5]})

    def irfft_grad():
        x = sig()
        odd = tf.placeholder(tf.float32, [2, 5], name='odd')
        c = tf.complex(x[:, :9], x[:, 7:])
        loss = tf.reduce_sum(tf.signal.irfft(c) * tf.range(16.0)) + tf.reduce_sum(tf.signal.irfft(c, [17]) ** 2) + \
            tf.reduce_sum(tf.signal.irfft2d(tf.complex(odd, odd * 0.5)) * tf.range(8.0))
        return loss, [x, odd], feeds(a={'sig': SIG, 'odd': SIG[:, :5]})

    def fft_grad():
        x = sig()
        c = tf.complex(x, tf.reverse(x, [1]))
        c3 = tf.reshape(c, [2, 4, 4])
        loss = tf.reduce_sum(tf.abs(tf.fft(c)) * tf.range(16.0)) + tf.reduce_sum(tf.real(tf.ifft(c)) ** 2) + \
            tf.reduce_sum(tf.abs(tf.fft2d(c3))) + tf.reduce_sum(tf.imag(tf.ifft2d(c3))) + \
            tf.reduce_sum(tf.abs(tf.fft3d(c3))) + tf.reduce_sum(tf.real(tf.ifft3d(c3)) * tf.range(4.0))
        return loss, [x], fed

    def frame_grad():
        x = sig()
        fr = tf.signal.frame(x, 5, 3, pad_end=True)
        return tf.reduce_sum(fr * tf.range(5.0) * tf.range(6.0)[:, None]), [x], fed

    def overlap_grad():
        fr = tf.placeholder(tf.float32, [2, 3, 4], name='frames')
        y = tf.signal.overlap_and_add(fr, 3)
        return tf.reduce_sum(y * tf.range(10.0)), [fr], feeds(a={'frames': FRAMES})

    def mfcc_grad():
        x = sig()
        mag = tf.abs(tf.signal.stft(x, 8, 4))
        mel = tf.tensordot(mag, tf.signal.linear_to_mel_weight_matrix(4, 5, 8000, 100.0, 3800.0), 1)
        mfcc = tf.signal.mfccs_from_log_mel_spectrograms(tf.log(mel + 1e-3))
        return tf.reduce_sum(mfcc * tf.range(4.0)) + tf.reduce_sum(tf.signal.idct(mel, norm='ortho')), [x], fed

    def inverse_grad():
        x = sig()
        back = tf.signal.inverse_stft(tf.signal.stft(x, 8, 4), 8, 4) + tf.signal.inverse_mdct(tf.signal.mdct(x, 8))
        return tf.reduce_sum(back * tf.range(16.0)) + tf.reduce_sum(tf.signal.dct(x, type=4) ** 2), [x], fed

    return {f.__name__: f for f in [inverse_grad, stft_grad, rfft_grad, irfft_grad, fft_grad, frame_grad, overlap_grad, mfcc_grad]}


# --- training ----------------------------------------------------------------------------------

def training():
    """A learnable 16-tap gain on SIG fitted so that its log-mel spectrogram matches a target's."""
    with tf.Graph().as_default():
        w = tf.get_variable('w', [16], initializer=tf.constant_initializer(np.linspace(0.5, 1.5, 16)))
        mel_w = tf.signal.linear_to_mel_weight_matrix(4, 5, 8000, 100.0, 3800.0)

        def log_mel(x):
            return tf.log(tf.tensordot(tf.abs(tf.signal.stft(x, 8, 4)), mel_w, 1) + 1e-3)
        loss = tf.reduce_mean(tf.square(log_mel(SIG * w) - log_mel(tf.constant(SIG))))
        train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return {'losses': [float(sess.run([loss, train_op])[0]) for _ in range(6)], 'w': value_json(sess.run(w))}


# --- errors while building ---------------------------------------------------------------------

def build_errors():
    def z(*shape):
        return tf.zeros(shape)
    cases = {
        'rfft_int': lambda: tf.signal.rfft(tf.zeros([4], tf.int32)),
        'rfft_rank': lambda: tf.signal.rfft2d(z(4)),
        'irfft_float': lambda: tf.signal.irfft(z(4)),
        'fft_float': lambda: tf.fft(z(4)),
        'dct_type': lambda: tf.signal.dct(z(4), type=5),
        'dct_n': lambda: tf.signal.dct(z(4), n=0),
        'dct1_ortho': lambda: tf.signal.dct(z(4), type=1, norm='ortho'),
        'dct1_short': lambda: tf.signal.dct(z(1), type=1),
        'dct_norm': lambda: tf.signal.idct(z(4), norm='forward'),
        'mel_bins': lambda: tf.signal.linear_to_mel_weight_matrix(0),
        'mel_lower': lambda: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=-1.0),
        'mel_edges': lambda: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=500.0, upper_edge_hertz=400.0),
        'mel_rate': lambda: tf.signal.linear_to_mel_weight_matrix(sample_rate=0),
        'mel_nyquist': lambda: tf.signal.linear_to_mel_weight_matrix(sample_rate=4000),
        'mel_dtype': lambda: tf.signal.linear_to_mel_weight_matrix(dtype=tf.int32),
        'mfcc_zero_bins': lambda: tf.signal.mfccs_from_log_mel_spectrograms(z(2, 0)),
        'window_dtype': lambda: tf.signal.hann_window(4, dtype=tf.int32),
        'kaiser_dtype': lambda: tf.signal.kaiser_window(4, dtype=tf.int32),
        'window_rank': lambda: tf.signal.hamming_window([4]),
        'frame_rank0': lambda: tf.signal.frame(tf.zeros([]), 2, 1),
        'frame_length_rank': lambda: tf.signal.frame(z(8), [2], 1),
        'overlap_float_step': lambda: tf.signal.overlap_and_add(z(2, 4), 2.0),
        'overlap_rank1': lambda: tf.signal.overlap_and_add(z(4), 2),
        'stft_rank0': lambda: tf.signal.stft(tf.zeros([]), 4, 2),
        'mdct_length': lambda: tf.signal.mdct(z(16), 6),
        'inverse_stft_rank1': lambda: tf.signal.inverse_stft(tf.zeros([4], tf.complex64), 4, 2),
    }
    out = errors_of(cases)
    try:
        tf.signal.dct(np.zeros(4, np.float32), axis=0)
    except NotImplementedError as e:
        out['dct_axis'] = {'class': type(e).__name__, 'message': str(e)}
    return out


def main():
    recorded, values = control_flow.graphs(GRAPHS, shapes_of)
    out = {'graphs': recorded, 'values': values, 'gradients': gradient_values(grad_cases()), 'training': training(),
           'build_errors': build_errors()}
    with open(OUT, 'w') as f:
        f.write(json.dumps(out, separators=(',', ':')) + '\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
