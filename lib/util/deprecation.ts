/** TF's `util/deprecation.py` as far as arguments go: renamed arguments, the old name still taken. */
import { ValueError } from '../errors';

/** `deprecation.deprecated_argument_lookup`: the old argument's value, refused beside the new one. */
export function deprecatedArgumentLookup<T>(newName: string, newValue: T | undefined, oldName: string,
  oldValue: T | undefined): T | undefined {
  if (oldValue === undefined) return newValue;
  if (newValue !== undefined) throw new ValueError(`Cannot specify both '${oldName}' and '${newName}'.`);
  return oldValue;
}
