/** The `savedModel` namespace (`tf.compat.v1.saved_model`): `load` and `Builder`. */
export { loadRaw } from './saved_model/loader';
export {
  Builder, AssertionError, buildTensorInfo, buildSignatureDef, predictSignatureDef, tagConstants, signatureConstants,
  MAIN_OP_KEY, LEGACY_INIT_OP_KEY, TRAIN_OP_KEY,
} from './saved_model/builder';
export type { AddMetaGraphOptions } from './saved_model/builder';
