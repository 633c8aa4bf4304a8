/** `tf.spectral` (TF1's `tf.compat.v1.spectral`): the FFTs and DCTs of `tf.signal` under their older namespace. */
export { fft, ifft, fft2d, ifft2d, fft3d, ifft3d, rfft, irfft, rfft2d, irfft2d, rfft3d, irfft3d } from './fft_ops';
export { dct, idct } from './dct_ops';
