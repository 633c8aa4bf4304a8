/**
 * Error classes, named as TF1 Python names its exceptions. The addon throws these (it is handed
 * the `OpError` subclasses once, indexed by TF_Code), so `catch (e) { if (e instanceof
 * errors.OutOfRangeError) ... }` works the same for native and TypeScript failures.
 */
import { Code } from './proto';

/** Python's `ValueError`. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's `RuntimeError`. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** Python's `KeyError` (a missing name in a graph or checkpoint lookup). */
export class KeyError extends Error {
  override name = 'KeyError';
}

/** Python's `LookupError`: an op on a gradient path has no registered gradient. */
export class LookupError extends Error {
  override name = 'LookupError';
}

/** Python's `AssertionError` (SavedModelBuilder's and `reset_default_graph`'s checks). */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Python's `NotImplementedError`: an optimizer without the update a gradient needs (sparse rows). */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/**
 * TF's `InaccessibleTensorError` (a ValueError): a fetch of a tensor or op that only exists inside a
 * cond branch or a while loop.
 */
export class InaccessibleTensorError extends ValueError {
  override name = 'InaccessibleTensorError';
}

/** Python's `IndexError` (warm_start's vocabulary remapping of a variable of rank 1 along axis 0). */
export class IndexError extends Error {
  override name = 'IndexError';
}

/** Python's `AttributeError` (`convert_image_dtype` of a dtype neither float nor integer). */
export class AttributeError extends Error {
  override name = 'AttributeError';
}

/** Python's `OSError` (`IOError`): a MetaGraph or SavedModel file that does not parse. */
export class OSError extends Error {
  override name = 'OSError';
}

/** TF_Code values, as `tf.errors` numbers them: TF's own `error_codes.proto` enum. */
export { Code };

const NODE_IN_MESSAGE = /\{\{node ([^}\s]+)\}\}/;

/** A failure reported by libtensorflow (`tf.errors.OpError`). */
export class OpError extends Error {
  override name = 'OpError';
  /** The TF_Code of the failure. */
  readonly code: Code;
  /** The name of the node that failed, where TF reported one. */
  readonly op: string | null;

  constructor(message: string, code: Code = Code.UNKNOWN, op?: string | null) {
    super(message);
    this.code = code;
    this.op = op ?? NODE_IN_MESSAGE.exec(message)?.[1] ?? null;
  }
}

function opError<C extends Code>(name: string, code: C) {
  const cls = class extends OpError {
    constructor(message: string, _code?: Code, op?: string | null) {
      super(message, code, op);
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const CancelledError = opError('CancelledError', Code.CANCELLED);
export const UnknownError = opError('UnknownError', Code.UNKNOWN);
export const InvalidArgumentError = opError('InvalidArgumentError', Code.INVALID_ARGUMENT);
export const DeadlineExceededError = opError('DeadlineExceededError', Code.DEADLINE_EXCEEDED);
export const NotFoundError = opError('NotFoundError', Code.NOT_FOUND);
export const AlreadyExistsError = opError('AlreadyExistsError', Code.ALREADY_EXISTS);
export const PermissionDeniedError = opError('PermissionDeniedError', Code.PERMISSION_DENIED);
export const ResourceExhaustedError = opError('ResourceExhaustedError', Code.RESOURCE_EXHAUSTED);
export const FailedPreconditionError = opError('FailedPreconditionError', Code.FAILED_PRECONDITION);
export const AbortedError = opError('AbortedError', Code.ABORTED);
export const OutOfRangeError = opError('OutOfRangeError', Code.OUT_OF_RANGE);
export const UnimplementedError = opError('UnimplementedError', Code.UNIMPLEMENTED);
export const InternalError = opError('InternalError', Code.INTERNAL);
export const UnavailableError = opError('UnavailableError', Code.UNAVAILABLE);
export const DataLossError = opError('DataLossError', Code.DATA_LOSS);
export const UnauthenticatedError = opError('UnauthenticatedError', Code.UNAUTHENTICATED);

export type CancelledError = InstanceType<typeof CancelledError>;
export type UnknownError = InstanceType<typeof UnknownError>;
export type InvalidArgumentError = InstanceType<typeof InvalidArgumentError>;
export type DeadlineExceededError = InstanceType<typeof DeadlineExceededError>;
export type NotFoundError = InstanceType<typeof NotFoundError>;
export type AlreadyExistsError = InstanceType<typeof AlreadyExistsError>;
export type PermissionDeniedError = InstanceType<typeof PermissionDeniedError>;
export type ResourceExhaustedError = InstanceType<typeof ResourceExhaustedError>;
export type FailedPreconditionError = InstanceType<typeof FailedPreconditionError>;
export type AbortedError = InstanceType<typeof AbortedError>;
export type OutOfRangeError = InstanceType<typeof OutOfRangeError>;
export type UnimplementedError = InstanceType<typeof UnimplementedError>;
export type InternalError = InstanceType<typeof InternalError>;
export type UnavailableError = InstanceType<typeof UnavailableError>;
export type DataLossError = InstanceType<typeof DataLossError>;
export type UnauthenticatedError = InstanceType<typeof UnauthenticatedError>;

/** The OpError subclass for each TF_Code (`_CODE_TO_EXCEPTION_CLASS` in errors_impl.py). */
export const CODE_TO_CLASS: ReadonlyArray<typeof OpError> = [
  OpError, CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError,
  AlreadyExistsError, PermissionDeniedError, ResourceExhaustedError, FailedPreconditionError, AbortedError,
  OutOfRangeError, UnimplementedError, InternalError, UnavailableError, DataLossError, UnauthenticatedError,
];

/** The typed error for a code, as the addon would raise it. */
export function errorForCode(code: Code, message: string): OpError {
  const Cls = CODE_TO_CLASS[code] ?? UnknownError;
  return new Cls(message, code);
}
