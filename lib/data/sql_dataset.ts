/** TF1's `tf.compat.v1.data.experimental.SqlDataset` (`data/experimental/ops/readers.py`): the rows of a SQL query. */
import { DType } from '../framework/dtypes';
import { applyOp, convertToTensor } from '../framework/op_def_library';
import { Output, getDefaultGraph } from '../framework/ops';
import { Nested, flatten } from '../util/nest';
import { Dataset } from './dataset_ops';
import { TensorSpec, flatAttrs, packSpec } from './structure';

/**
 * `tf.data.experimental.SqlDataset(driver_name, data_source_name, query, output_types)`: an element per row of
 * `query` on the database `dataSourceName` (driver 'sqlite'), its columns scalars of `outputTypes` (nested as
 * the element).
 */
export function SqlDataset(driverName: string | Output, dataSourceName: string | Output, query: string | Output,
  outputTypes: Nested<DType>): Dataset {
  const driver = convertToTensor(driverName, { dtype: DType.string, name: 'driver_name' });
  const source = convertToTensor(dataSourceName, { dtype: DType.string, name: 'data_source_name' });
  const sql = convertToTensor(query, { dtype: DType.string, name: 'query' });
  const spec = packSpec(outputTypes, flatten(outputTypes).map((t) => new TensorSpec([], t)));
  const op = applyOp('SqlDataset', { driver_name: driver, data_source_name: source, query: sql }, flatAttrs(spec),
    { graph: getDefaultGraph() });
  return new Dataset(op.output(0), spec);
}
