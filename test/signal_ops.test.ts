/**
 * TF1's spectral ops against TF1 Python (scripts/graph_fixtures/signal_ops.py): `ops.signal`,
 * `ops.spectral` and the top-level `ops.fft`, ... built here with the same calls must make the same
 * ops (names, types, inputs, attrs, Const values) in the same order, the same static shapes, and
 * session runs of them the same values (complex ones as [real, imag] pairs); gradients through the
 * spectral ops, and a filter trained through a log-mel spectrogram by GradientDescent, Python's
 * values; bad arguments TF1's errors.
 */
import { DType, Output, ops } from '../lib';
import { sliceOf } from '../lib/ops/array_ops';
import { loadGraphFixture } from './helpers/graph_record';
import {
  Json, OpsFixture, describeTF1Graphs, expectClose, itGivesTF1Gradients, itThrowsTF1Errors, trainByGradientDescent,
} from './helpers/fixture_values';

interface Fixture extends OpsFixture {
  training: { losses: number[]; w: Json };
}
const fixture = loadGraphFixture<Fixture>('signal_ops.json');
const { signal, spectral } = ops;

const f32 = DType.float32;
const ph = (name: string, shape: Array<number | null> | null = null, dtype = f32) => ops.placeholder(dtype, shape, name);
const cplx = () => ops.complex(ph('re', [2, 4]), ph('im', [2, 4]));

/** Python's `x[..., begin:end]`-style subscripts (slices as [start, stop], null open). */
const at = sliceOf;

const GRAPHS: Record<string, () => Record<string, Output>> = {
  ffts: () => {
    const c = cplx();
    const c3 = ops.reshape(c, [1, 2, 4]);
    return {
      fft: ops.fft(c),
      ifft: ops.ifft(c, 'inverse'),
      fft2d: signal.fft2d(c),
      ifft2d: spectral.ifft2d(c),
      fft3d: ops.fft3d(c3),
      ifft3d: signal.ifft3d(c3),
    };
  },
  rffts: () => {
    const x = ph('x', [2, 6]);
    const c = cplx();
    return {
      rfft: signal.rfft(x),
      rfft_pad: signal.rfft(x, { fftLength: [8] }),
      rfft_short: spectral.rfft(x, { fftLength: [4], name: 'short' }),
      rfft2d: signal.rfft2d(x),
      rfft2d_pad: signal.rfft2d(x, { fftLength: [3, 8] }),
      rfft3d: signal.rfft3d(ops.reshape(x, [1, 2, 6])),
      irfft: signal.irfft(c),
      irfft_pad: signal.irfft(c, { fftLength: [10] }),
      irfft_short: signal.irfft(c, { fftLength: [4] }),
      irfft2d: signal.irfft2d(c),
      irfft2d_pad: spectral.irfft2d(c, { fftLength: [3, 8] }),
      irfft3d: signal.irfft3d(ops.reshape(c, [1, 2, 4])),
      rfft_host: signal.rfft([1.0, 2.0, 3.0]),
    };
  },
  rffts_dynamic: () => {
    const x = ph('x', [null, null]);
    const c = ops.complex(x, ops.mul(x, 0.5, 'mul'));
    const n = ph('n', [], DType.int32);
    return {
      rfft: signal.rfft(x),
      rfft_pad: signal.rfft(x, { fftLength: [8] }),
      rfft_n: signal.rfft(x, { fftLength: [n] }),
      irfft: signal.irfft(c),
      irfft_pad: signal.irfft(c, { fftLength: [10] }),
      rfft2d: signal.rfft2d(x, { fftLength: [4, 4] }),
    };
  },
  shifts: () => {
    const x = ph('x', [3, 5]);
    return {
      fftshift: signal.fftshift(x),
      fftshift_axis: signal.fftshift(x, { axes: 1 }),
      fftshift_axes: signal.fftshift(x, { axes: [0, -1], name: 'both' }),
      ifftshift: signal.ifftshift(x),
      ifftshift_axis: signal.ifftshift(x, { axes: -1 }),
      ifftshift_axes: signal.ifftshift(x, { axes: [1] }),
    };
  },
  windows: () => {
    const n = ph('n', [], DType.int32);
    return {
      hann: signal.hannWindow(5),
      hann_symmetric: signal.hannWindow(8, { periodic: false }),
      hann_one: signal.hannWindow(1),
      hann_f64: signal.hannWindow(6, { dtype: DType.float64, name: 'h64' }),
      hamming: signal.hammingWindow(6),
      hamming_dynamic: signal.hammingWindow(n, { periodic: false }),
      vorbis: signal.vorbisWindow(6),
      kaiser: signal.kaiserWindow(7, { beta: 4.0 }),
      kaiser_one: signal.kaiserWindow(1),
      kbd: signal.kaiserBesselDerivedWindow(8, { beta: 3.0 }),
      inverse: signal.inverseStftWindowFn(2)(8, { dtype: f32 }),
      inverse_hamming: signal.inverseStftWindowFn(3, { forwardWindowFn: signal.hammingWindow, name: 'inv' })(6, { dtype: f32 }),
    };
  },
  frames: () => {
    const sig = ph('sig', [2, 16]);
    const col = ph('col', [16, 2]);
    const dyn = ph('dyn', [null, null]);
    return {
      frame: signal.frame(sig, 4, 2),
      frame_pad: signal.frame(sig, 5, 3, { padEnd: true, padValue: -1.0 }),
      frame_axis0: signal.frame(col, 6, 4, { axis: 0, name: 'cols' }),
      frame_dynamic: signal.frame(dyn, 4, 3),
      frame_dynamic_pad: signal.frame(dyn, 3, 2, { padEnd: true }),
      frame_long: signal.frame(sig, 20, 4),
      frame_dynamic_length: signal.frame(sig, ph('length', [], DType.int32), 2),
    };
  },
  overlap_add: () => {
    const fr = ph('frames', [2, 3, 4]);
    const dyn = ph('dyn', [null, 4]);
    return {
      overlap: signal.overlapAndAdd(fr, 2),
      overlap_3: signal.overlapAndAdd(fr, 3, 'ola'),
      fast: signal.overlapAndAdd(fr, 4),
      dynamic: signal.overlapAndAdd(dyn, 3),
    };
  },
  stfts: () => {
    const sig = ph('sig', [2, 16]);
    const s = signal.stft(sig, 8, 4);
    return {
      stft: s,
      stft_opts: signal.stft(sig, 6, 3, { fftLength: 8, windowFn: signal.hammingWindow, padEnd: true }),
      stft_no_window: signal.stft(sig, 4, 4, { windowFn: null, name: 'plain' }),
      inverse: signal.inverseStft(s, 8, 4, { windowFn: signal.inverseStftWindowFn(4) }),
      inverse_opts: signal.inverseStft(s, 6, 4, { fftLength: 8, windowFn: null }),
      inverse_long: signal.inverseStft(s, 10, 4),
      magnitude: ops.abs(s),
      stft_dynamic: signal.stft(sig, ph('length', [], DType.int32), 4),
    };
  },
  mdcts: () => {
    const sig = ph('sig', [2, 16]);
    const m = signal.mdct(sig, 8);
    return {
      mdct: m,
      mdct_opts: signal.mdct(sig, 4, { windowFn: null, padEnd: true, norm: 'ortho', name: 'plain' }),
      inverse: signal.inverseMdct(m),
      inverse_opts: signal.inverseMdct(signal.mdct(sig, 8, { norm: 'ortho' }), { windowFn: null, norm: 'ortho' }),
    };
  },
  mels: () => {
    const spec = ph('spec', [2, 3, 9]);
    const w = signal.linearToMelWeightMatrix({ numMelBins: 4, numSpectrogramBins: 9, sampleRate: 8000,
      lowerEdgeHertz: 100.0, upperEdgeHertz: 3800.0 });
    const mel = ops.tensordot(spec, w, 1);
    return {
      weights: w,
      default: signal.linearToMelWeightMatrix(),
      f64: signal.linearToMelWeightMatrix({ numMelBins: 3, numSpectrogramBins: 5, sampleRate: 1000,
        lowerEdgeHertz: 20.0, upperEdgeHertz: 400.0, dtype: DType.float64, name: 'mel64' }),
      mfccs: signal.mfccsFromLogMelSpectrograms(ops.log(ops.add(mel, 1e-6, 'add'))),
      mfccs_dynamic: signal.mfccsFromLogMelSpectrograms(ops.placeholderWithDefault(spec, [null, null, null])),
    };
  },
  dcts: () => {
    const x = ph('x', [2, 6]);
    const dyn = ph('dyn', [2, null]);
    return {
      dct1: signal.dct(x, { type: 1 }),
      dct2: signal.dct(x),
      dct2_ortho: signal.dct(x, { norm: 'ortho' }),
      dct3: signal.dct(x, { type: 3 }),
      dct3_ortho: signal.dct(x, { type: 3, norm: 'ortho', name: 'd3' }),
      dct4: signal.dct(x, { type: 4 }),
      dct4_ortho: signal.dct(x, { type: 4, norm: 'ortho' }),
      dct_n_short: signal.dct(x, { n: 4 }),
      dct_n_long: signal.dct(x, { type: 3, n: 8 }),
      idct: signal.idct(x),
      idct_ortho: spectral.idct(x, { norm: 'ortho' }),
      idct1: signal.idct(x, { type: 1 }),
      dct_dynamic: signal.dct(dyn, { norm: 'ortho' }),
    };
  },
};

describeTF1Graphs(GRAPHS, fixture);

const sum = (x: Output) => ops.reduceSum(x);
const frange = (start: number, limit?: number) =>
  (limit === undefined ? ops.range(0, start, 1, f32) : ops.range(start, limit, 1, f32));

const GRAD_CASES: Record<string, () => [Output, Output[]]> = {
  inverse_grad: () => {
    const x = ph('sig', [2, 16]);
    const back = ops.add(signal.inverseStft(signal.stft(x, 8, 4), 8, 4), signal.inverseMdct(signal.mdct(x, 8)));
    return [ops.add(sum(ops.mul(back, frange(16))), sum(ops.square(signal.dct(x, { type: 4 })))), [x]];
  },
  stft_grad: () => {
    const x = ph('sig', [2, 16]);
    return [sum(ops.mul(ops.abs(signal.stft(x, 8, 4)), frange(1, 6))), [x]];
  },
  rfft_grad: () => {
    const x = ph('sig', [2, 16]);
    const odd = ph('odd', [2, 5]);
    const s = signal.rfft(x);
    const loss = ops.addN([sum(ops.mul(ops.real(s), frange(9))), sum(ops.square(ops.imag(s))),
      sum(ops.abs(signal.rfft(odd, { fftLength: [7] }))), sum(ops.abs(signal.rfft2d(odd)))]);
    return [loss, [x, odd]];
  },
  irfft_grad: () => {
    const x = ph('sig', [2, 16]);
    const odd = ph('odd', [2, 5]);
    const c = ops.complex(at(x, [':', [null, 9]]), at(x, [':', [7, null]]));
    const loss = ops.addN([sum(ops.mul(signal.irfft(c), frange(16))),
      sum(ops.square(signal.irfft(c, { fftLength: [17] }))),
      sum(ops.mul(signal.irfft2d(ops.complex(odd, ops.mul(odd, 0.5))), frange(8)))]);
    return [loss, [x, odd]];
  },
  fft_grad: () => {
    const x = ph('sig', [2, 16]);
    const c = ops.complex(x, ops.reverse(x, [1]));
    const c3 = ops.reshape(c, [2, 4, 4]);
    const loss = ops.addN([sum(ops.mul(ops.abs(ops.fft(c)), frange(16))), sum(ops.square(ops.real(ops.ifft(c)))),
      sum(ops.abs(ops.fft2d(c3))), sum(ops.imag(ops.ifft2d(c3))), sum(ops.abs(ops.fft3d(c3))),
      sum(ops.mul(ops.real(ops.ifft3d(c3)), frange(4)))]);
    return [loss, [x]];
  },
  frame_grad: () => {
    const x = ph('sig', [2, 16]);
    const fr = signal.frame(x, 5, 3, { padEnd: true });
    return [sum(ops.mul(ops.mul(fr, frange(5)), ops.expandDims(frange(6), 1))), [x]];
  },
  overlap_grad: () => {
    const fr = ph('frames', [2, 3, 4]);
    return [sum(ops.mul(signal.overlapAndAdd(fr, 3), frange(10))), [fr]];
  },
  mfcc_grad: () => {
    const x = ph('sig', [2, 16]);
    const mag = ops.abs(signal.stft(x, 8, 4));
    const mel = ops.tensordot(mag, signal.linearToMelWeightMatrix({ numMelBins: 4, numSpectrogramBins: 5,
      sampleRate: 8000, lowerEdgeHertz: 100.0, upperEdgeHertz: 3800.0 }), 1);
    const mfcc = signal.mfccsFromLogMelSpectrograms(ops.log(ops.add(mel, 1e-3)));
    return [ops.add(sum(ops.mul(mfcc, frange(4))), sum(signal.idct(mel, { norm: 'ortho' }))), [x]];
  },
};

describe('gradients', () => itGivesTF1Gradients(fixture.gradients, GRAD_CASES));

describe('training a filter through a log-mel spectrogram', () => {
  it('GradientDescent gives the losses and weights of TF1 Python', async () => {
    const sig = fixture.graphs.stfts.feeds[0].sig as number[][];
    const { losses, fetched } = await trainByGradientDescent(() => {
      const w = ops.getVariable('w', { shape: [16], initializer: ops.constantInitializer(
        Array.from({ length: 16 }, (_, i) => 0.5 + i / 15)) });
      const melW = signal.linearToMelWeightMatrix({ numMelBins: 4, numSpectrogramBins: 5, sampleRate: 8000,
        lowerEdgeHertz: 100.0, upperEdgeHertz: 3800.0 });
      const logMel = (x: Output) => ops.log(ops.add(ops.tensordot(ops.abs(signal.stft(x, 8, 4)), melW, 1), 1e-3));
      const loss = ops.reduceMean(ops.square(ops.sub(logMel(ops.mul(ops.constant(sig), w)), logMel(ops.constant(sig)))));
      return { loss, fetch: w };
    }, 0.5, 6);
    expectClose(losses, fixture.training.losses);
    expectClose(fetched, fixture.training.w);
  });
});

describe('build errors', () => {
  const z = (...shape: number[]) => ops.zeros(shape);
  itThrowsTF1Errors(fixture.build_errors, {
    rfft_int: () => signal.rfft(ops.zeros([4], DType.int32)),
    rfft_rank: () => signal.rfft2d(z(4)),
    irfft_float: () => signal.irfft(z(4)),
    fft_float: () => ops.fft(z(4)),
    dct_type: () => signal.dct(z(4), { type: 5 }),
    dct_n: () => signal.dct(z(4), { n: 0 }),
    dct1_ortho: () => signal.dct(z(4), { type: 1, norm: 'ortho' }),
    dct1_short: () => signal.dct(z(1), { type: 1 }),
    dct_norm: () => signal.idct(z(4), { norm: 'forward' }),
    dct_axis: () => signal.dct(z(4), { axis: 0 }),
    mel_bins: () => signal.linearToMelWeightMatrix({ numMelBins: 0 }),
    mel_lower: () => signal.linearToMelWeightMatrix({ lowerEdgeHertz: -1.0 }),
    mel_edges: () => signal.linearToMelWeightMatrix({ lowerEdgeHertz: 500.0, upperEdgeHertz: 400.0 }),
    mel_rate: () => signal.linearToMelWeightMatrix({ sampleRate: 0 }),
    mel_nyquist: () => signal.linearToMelWeightMatrix({ sampleRate: 4000 }),
    mel_dtype: () => signal.linearToMelWeightMatrix({ dtype: DType.int32 }),
    mfcc_zero_bins: () => signal.mfccsFromLogMelSpectrograms(z(2, 0)),
    window_dtype: () => signal.hannWindow(4, { dtype: DType.int32 }),
    kaiser_dtype: () => signal.kaiserWindow(4, { dtype: DType.int32 }),
    window_rank: () => signal.hammingWindow([4]),
    frame_rank0: () => signal.frame(z(), 2, 1),
    frame_length_rank: () => signal.frame(z(8), [2], 1),
    overlap_float_step: () => signal.overlapAndAdd(z(2, 4), ops.constant(2.0)),
    overlap_rank1: () => signal.overlapAndAdd(z(4), 2),
    stft_rank0: () => signal.stft(z(), 4, 2),
    mdct_length: () => signal.mdct(z(16), 6),
    inverse_stft_rank1: () => signal.inverseStft(ops.zeros([4], DType.complex64), 4, 2),
  });
});
