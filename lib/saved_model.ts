/** The `savedModel` namespace (`tf.compat.v1.saved_model`): `load`, `Builder`, `simpleSave` and the signature helpers. */
export { load } from './saved_model/loader';
export type { LoadedSavedModel } from './saved_model/loader';
export {
  Builder, buildTensorInfo, buildSignatureDef, predictSignatureDef, tagConstants, signatureConstants,
  MAIN_OP_KEY, LEGACY_INIT_OP_KEY, TRAIN_OP_KEY,
} from './saved_model/builder';
export type { AddMetaGraphOptions } from './saved_model/builder';
export {
  classificationSignatureDef, regressionSignatureDef, isValidSignature, getTensorFromTensorInfo, containsSavedModel,
  maybeSavedModelDirectory, simpleSave, mainOp, mainOpWithRestore,
} from './saved_model/utils';
