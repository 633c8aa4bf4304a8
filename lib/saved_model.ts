/** The `savedModel` namespace (`tf.compat.v1.saved_model`): `load` and `Builder`. */
export { loadRaw } from './saved_model/loader';
