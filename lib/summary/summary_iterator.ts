/**
 * `tf.compat.v1.train.summary_iterator`.
 *
 * @packageDocumentation
 */
import { fromBinary } from '@bufbuild/protobuf';
import { EventSchema, type Event } from '../proto';
import { tfRecordIterator } from '../io/tf_record';

/**
 * The events of the event file at `path`, in order, read incrementally.
 *
 * @example
 * ```ts
 * for (const event of summaryIterator(file)) {
 *   for (const v of event.what.case === 'summary' ? event.what.value.value : []) console.log(event.step, v.tag, v.value);
 * }
 * ```
 * @throws `errors.DataLossError` on a corrupted or truncated record (a file
 * cut inside a record header simply ends, as in TF).
 */
export function* summaryIterator(path: string): Generator<Event, void, undefined> {
  for (const record of tfRecordIterator(path)) yield fromBinary(EventSchema, record);
}
