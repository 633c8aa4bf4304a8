/**
 * The rest of TF1's `tf.compat.v1.saved_model` helpers: `simple_save`, the classify / regress
 * signature defs and `is_valid_signature` (signature_def_utils_impl.py), `get_tensor_from_tensor_info`,
 * `contains_saved_model` / `maybe_saved_model_directory` and the main ops (main_op_impl.py).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ValueError } from '../errors';
import type { Session } from '../client/session';
import { DType } from '../framework/dtypes';
import { Graph, GraphKeys, Operation, Output, getDefaultGraph } from '../framework/ops';
import { SparseTensor } from '../framework/sparse_tensor';
import { Groupable, group } from '../ops/control_flow_ops';
import { tablesInitializer } from '../ops/lookup_ops';
import { globalVariablesInitializer, localVariablesInitializer } from '../ops/variables';
import { SignatureDef, TensorInfo } from '../proto';
import { pythonType } from '../ops/python_type';
import { pyRepr } from '../util/python_repr';
import { Builder, buildSignatureDef, predictSignatureDef, signatureConstants, tagConstants } from './builder';

const CLASSIFY_INPUTS = 'inputs';
const CLASSIFY_OUTPUT_CLASSES = 'classes';
const CLASSIFY_OUTPUT_SCORES = 'scores';
const REGRESS_INPUTS = 'inputs';
const REGRESS_OUTPUTS = 'outputs';

/**
 * `tf.compat.v1.saved_model.classification_signature_def(examples, classes, scores)`: serialized
 * `tf.Example`s in, string classes and/or float scores out.
 */
export function classificationSignatureDef(examples: Output | null, classes: Output | null,
  scores: Output | null): SignatureDef {
  if (examples === null || examples === undefined) throw new ValueError('Classification `examples` cannot be None.');
  if (!(examples instanceof Output)) {
    throw new ValueError(`Classification \`examples\` must be a string Tensor. Found \`examples\` of type ${pythonType(examples)}.`);
  }
  if ((classes ?? null) === null && (scores ?? null) === null) {
    throw new ValueError('Classification `classes` and `scores` cannot both be None.');
  }
  if (examples.dtype !== DType.string) {
    throw new ValueError(`Classification input tensors must be of type string. Found tensors of type ${examples.dtype}`);
  }
  const outputs: Record<string, Output> = {};
  if (classes) {
    if (classes.dtype !== DType.string) {
      throw new ValueError(`Classification classes must be of type string Tensor. Found tensors of type ${classes.dtype}.\``);
    }
    outputs[CLASSIFY_OUTPUT_CLASSES] = classes;
  }
  if (scores) {
    if (scores.dtype !== DType.float32) throw new ValueError('Classification scores must be a float Tensor.');
    outputs[CLASSIFY_OUTPUT_SCORES] = scores;
  }
  return buildSignatureDef({ [CLASSIFY_INPUTS]: examples }, outputs, signatureConstants.CLASSIFY_METHOD_NAME);
}

/**
 * `tf.compat.v1.saved_model.regression_signature_def(examples, predictions)`: serialized
 * `tf.Example`s in, float predictions out.
 */
export function regressionSignatureDef(examples: Output | null, predictions: Output | null): SignatureDef {
  if (examples === null || examples === undefined) throw new ValueError('Regression `examples` cannot be None.');
  if (!(examples instanceof Output)) {
    throw new ValueError(`Expected regression \`examples\` to be of type Tensor. Found \`examples\` of type ${
      pythonType(examples)}.`);
  }
  if (predictions === null || predictions === undefined) throw new ValueError('Regression `predictions` cannot be None.');
  if (examples.dtype !== DType.string) {
    throw new ValueError(`Regression input tensors must be of type string. Found tensors with type ${examples.dtype}.`);
  }
  if (predictions.dtype !== DType.float32) {
    throw new ValueError(`Regression output tensors must be of type float. Found tensors with type ${predictions.dtype}.`);
  }
  return buildSignatureDef({ [REGRESS_INPUTS]: examples }, { [REGRESS_OUTPUTS]: predictions },
    signatureConstants.REGRESS_METHOD_NAME);
}

/** The keys of a proto map, as a sorted list (Python's set comparisons). */
const keysOf = (m: Record<string, TensorInfo>) => Object.keys(m).sort().join(',');

/**
 * `tf.compat.v1.saved_model.is_valid_signature(signature_def)`: whether TensorFlow Serving can
 * serve it (a classify, regress or predict signature of the expected keys and dtypes).
 */
export function isValidSignature(signatureDef: SignatureDef | null): boolean {
  if (!signatureDef) return false;
  const { methodName, inputs, outputs } = signatureDef;
  const dtypeOf = (m: Record<string, TensorInfo>, k: string) => m[k].dtype as number;
  switch (methodName) {
    case signatureConstants.CLASSIFY_METHOD_NAME: {
      const outs = Object.keys(outputs);
      return keysOf(inputs) === CLASSIFY_INPUTS && dtypeOf(inputs, CLASSIFY_INPUTS) === DType.string && outs.length > 0
        && outs.every((k) => k === CLASSIFY_OUTPUT_CLASSES || k === CLASSIFY_OUTPUT_SCORES)
        && (!(CLASSIFY_OUTPUT_CLASSES in outputs) || dtypeOf(outputs, CLASSIFY_OUTPUT_CLASSES) === DType.string)
        && (!(CLASSIFY_OUTPUT_SCORES in outputs) || dtypeOf(outputs, CLASSIFY_OUTPUT_SCORES) === DType.float32);
    }
    case signatureConstants.REGRESS_METHOD_NAME:
      return keysOf(inputs) === REGRESS_INPUTS && dtypeOf(inputs, REGRESS_INPUTS) === DType.string
        && keysOf(outputs) === REGRESS_OUTPUTS && dtypeOf(outputs, REGRESS_OUTPUTS) === DType.float32;
    case signatureConstants.PREDICT_METHOD_NAME:
      return Object.keys(inputs).length > 0 && Object.keys(outputs).length > 0;
    default:
      return false;
  }
}

/**
 * `tf.compat.v1.saved_model.get_tensor_from_tensor_info(tensor_info, graph, import_scope)`: the
 * tensor (or SparseTensor, for a `coo_sparse` encoding) a TensorInfo names in `graph`.
 */
export function getTensorFromTensorInfo(tensorInfo: TensorInfo, options: { graph?: Graph; importScope?: string } = {}):
Output | SparseTensor {
  const graph = options.graph ?? getDefaultGraph();
  const tensor = (name: string) => graph.tensor(options.importScope ? `${options.importScope}/${name}` : name);
  const { encoding } = tensorInfo;
  if (encoding.case === 'name') return tensor(encoding.value);
  if (encoding.case === 'cooSparse') {
    const coo = encoding.value;
    return new SparseTensor(tensor(coo.indicesTensorName), tensor(coo.valuesTensorName), tensor(coo.denseShapeTensorName));
  }
  throw new ValueError(`Invalid TensorInfo.encoding: ${encoding.case === 'compositeTensor' ? 'composite_tensor' : 'None'}. ` +
    'Expected `coo_sparse`, `composite_tensor`, or `name` for a dense tensor.');
}

/**
 * `tf.compat.v1.saved_model.contains_saved_model(export_dir)` (and `maybe_saved_model_directory`):
 * whether `exportDir` holds a `saved_model.pb` or `saved_model.pbtxt`.
 */
export function containsSavedModel(exportDir: string): boolean {
  return ['saved_model.pbtxt', 'saved_model.pb'].some((f) => fs.existsSync(path.join(exportDir, f)));
}

/** `tf.compat.v1.saved_model.maybe_saved_model_directory(export_dir)`. */
export const maybeSavedModelDirectory = containsSavedModel;

/**
 * `tf.compat.v1.saved_model.simple_save(session, export_dir, inputs, outputs, legacy_init_op)`: a
 * SavedModel tagged `serve` with one predict signature `serving_default`, the graph's asset files,
 * `legacyInitOp` as its main op, devices cleared.
 */
export async function simpleSave(session: Session, exportDir: string, inputs: Record<string, Output>,
  outputs: Record<string, Output>, legacyInitOp?: Operation): Promise<void> {
  const signatureDefMap = { [signatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]: predictSignatureDef(inputs, outputs) };
  const b = new Builder(exportDir);
  await b.addMetaGraphAndVariables(session, [tagConstants.SERVING], {
    signatureDefMap, assetsCollection: session.graph.getCollection<Output>(GraphKeys.ASSET_FILEPATHS), mainOp: legacyInitOp,
    clearDevices: true,
  });
  b.save();
}

/** `tf.compat.v1.saved_model.main_op.main_op()`: one group of the global, local and table initializers. */
function mainOpOf(): Operation {
  return group([globalVariablesInitializer(), localVariablesInitializer(), tablesInitializer()]);
}

/**
 * `tf.compat.v1.saved_model.main_op_with_restore(restore_op_name)`: a group of the restore op
 * (an op or tensor, as TF 2.21's `group` takes) run after `main_op()`.
 */
export function mainOpWithRestore(restoreOp: Groupable): Operation {
  const graph = getDefaultGraph();
  return graph.controlDependencies([mainOpOf()], () => {
    if (typeof restoreOp === 'string') {
      throw new TypeError(`'inputs' should be zero or more (nested) Tensors. Received ${pyRepr(restoreOp)} with type '${
        pythonType(restoreOp)}'.`);
    }
    return group([restoreOp]);
  });
}

/** `tf.compat.v1.saved_model.main_op`: the module of `main_op()` and `main_op_with_restore`. */
export const mainOp = { mainOp: mainOpOf, mainOpWithRestore };
