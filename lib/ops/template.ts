/**
 * TF1's `tf.make_template` (template.py's graph-mode `Template`): a function whose variables (made
 * with `getVariable`) are created on its first call, in a variable scope of its own, and shared by
 * every later call, which re-enters that scope with reuse on.
 */
import { ValueError } from '../errors';
import { GraphKeys, getDefaultGraph } from '../framework/ops';
import { CustomGetter, VariableScope, variableScope } from './variable_scope';
import { Variable } from './variables';

export interface MakeTemplateOptions {
  /** Make the variable scope now rather than on the first call (default false). */
  createScopeNow?: boolean;
  /** The variable scope's name as given (default: `name`, made unique). */
  uniqueName?: string;
  /** The custom getter of the template's variable scope. */
  customGetter?: CustomGetter;
}

/** What `makeTemplate` gives: the function, shared variables and all, with what TF1's Template tells of them. */
export interface Template<A extends unknown[], R> {
  (...args: A): R;
  /** The name the template was made with. */
  readonly name: string;
  /** The wrapped function. */
  readonly func: (...args: A) => R;
  /** The variable scope of the variables (null until the first call, unless made now). */
  readonly variableScope: VariableScope | null;
  /** The variable scope's name with a trailing '/' (undefined without a scope). */
  readonly variableScopeName: string | undefined;
  /** The global and local variables the first call made. */
  readonly variables: Variable[];
  readonly trainableVariables: Variable[];
  readonly nonTrainableVariables: Variable[];
  readonly globalVariables: Variable[];
  readonly localVariables: Variable[];
}

/** The frames of a JS stack, outermost first (Python's `traceback.format_stack()` order), without this file's. */
function stackFrames(): string[] {
  return (new Error().stack ?? '').split('\n').slice(1).filter((l) => !l.includes('template.ts')).reverse();
}

/** `_skip_common_stack_elements`: the frames of `stack` from the first that differs from `base`'s. */
function skipCommon(stack: string[], base: string[]): string[] {
  const i = stack.findIndex((frame, k) => frame !== base[k]);
  return i < 0 || i >= base.length ? stack.slice(-1) : stack.slice(i);
}

/**
 * `tf.compat.v1.make_template(name_, func_, create_scope_now_=False, unique_name_=None,
 * custom_getter_=None, **kwargs)`: `func` with its variables shared between calls. The first call
 * opens variable scope `name` (made unique, or `uniqueName`) and makes the variables; later calls
 * re-enter that scope with reuse, so `getVariable` gives the same ones, and making a new trainable
 * variable then is a ValueError. Errors thrown in a call tell where the template was made. (Bind
 * Python's `**kwargs` into `func` yourself.)
 */
export function makeTemplate<A extends unknown[], R>(name: string, func: (...args: A) => R,
  options: MakeTemplateOptions = {}): Template<A, R> {
  const stacktrace = stackFrames();
  if (name === null || name === undefined) throw new ValueError('name cannot be None.');
  const { uniqueName, customGetter } = options;
  let scope: VariableScope | null = null;
  if (options.createScopeNow) {
    // `_pure_variable_scope`: the scope is made (and counted) without a name scope.
    scope = variableScope(uniqueName ?? null, { defaultName: name, auxiliaryNameScope: false, customGetter }, (s) => s);
  }
  let variablesCreated = false;
  let firstCall = true;

  const callFunc = (args: A): R => {
    try {
      if (variablesCreated) {
        const trainable = getDefaultGraph().getCollectionRef<Variable>(GraphKeys.TRAINABLE_VARIABLES);
        const before = trainable.length;
        const result = func(...args);
        if (trainable.length !== before) {
          throw new ValueError('Trainable variable created when calling a template after the first time, perhaps you ' +
            `used tf.Variable when you meant tf.get_variable: [${trainable.slice(before).join(', ')}]`);
        }
        return result;
      }
      if (firstCall) {
        firstCall = false;
        let result: R;
        try {
          result = func(...args);
        } catch (e) {
          firstCall = true;
          throw e;
        }
        variablesCreated = true;
        return result;
      }
      return func(...args);
    } catch (e) {
      if (e instanceof Error) {
        e.message = `${e.message}\n\noriginally defined at:\n${skipCommon(stacktrace, stackFrames()).join('\n')}`;
      }
      throw e;
    }
  };

  const template = ((...args: A): R => {
    if (scope !== null) return variableScope(scope, { reuse: !firstCall }, () => callFunc(args));
    return variableScope(uniqueName ?? null, { defaultName: name, customGetter }, (s) => {
      scope = s;
      return callFunc(args);
    });
  }) as Template<A, R>;

  const scopeName = () => {
    if (scope === null) return undefined;
    return !scope.name || scope.name.endsWith('/') ? scope.name : `${scope.name}/`;
  };
  const collection = (key: string) => (variablesCreated ? getDefaultGraph().getCollection<Variable>(key, scopeName()) : []);
  const props: Record<string, () => unknown> = {
    name: () => name,
    func: () => func,
    variableScope: () => scope,
    variableScopeName: scopeName,
    globalVariables: () => collection(GraphKeys.GLOBAL_VARIABLES),
    localVariables: () => collection(GraphKeys.LOCAL_VARIABLES),
    trainableVariables: () => collection(GraphKeys.TRAINABLE_VARIABLES),
    variables: () => [...collection(GraphKeys.GLOBAL_VARIABLES), ...collection(GraphKeys.LOCAL_VARIABLES)],
    nonTrainableVariables: () => {
      const trainable = new Set(collection(GraphKeys.TRAINABLE_VARIABLES));
      return collection(GraphKeys.GLOBAL_VARIABLES).filter((v) => !trainable.has(v));
    },
  };
  for (const [key, get] of Object.entries(props)) Object.defineProperty(template, key, { get, enumerable: true });
  return template;
}
