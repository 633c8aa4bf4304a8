/**
 * The `layers` namespace: TF1's `tf.layers` / `tf.compat.v1.layers` (legacy graph-mode layers),
 * classes and functional forms.
 */
export {
  Layer, InputSpec, toSnakeCase, assertInputCompatibility, smartCond, constantTraining,
} from './base';
export type {
  LayerOptions, AddWeightOptions, InputSpecOptions, LayerWeight, LayerShape, WeightRegularizer, ActivityRegularizer,
  Constraint, UpdateInput, LossInput, TrainingArg,
} from './base';
export { Dense, dense, Dropout, dropout, Flatten, flatten } from './core';
export type { DenseOptions, DropoutOptions, DropoutCallOptions, FlattenOptions } from './core';
export { BatchNormalization, batchNormalization } from './normalization';
export type { BatchNormalizationOptions, BatchNormalizationCallOptions } from './normalization';
export {
  Conv1D, conv1d, Conv2D, conv2d, Conv3D, conv3d, SeparableConv1D, separableConv1d, SeparableConv2D, separableConv2d,
  Conv2DTranspose, conv2dTranspose, Conv3DTranspose, conv3dTranspose,
} from './convolutional';
export type { ConvOptions, SeparableConvOptions, Conv2DTransposeOptions, Conv3DTransposeOptions } from './convolutional';
export type { DataFormat } from './conv_utils';
export {
  MaxPooling1D, maxPooling1d, AveragePooling1D, averagePooling1d, MaxPooling2D, maxPooling2d, AveragePooling2D,
  averagePooling2d, MaxPooling3D, maxPooling3d, AveragePooling3D, averagePooling3d,
} from './pooling';
export type { PoolingOptions } from './pooling';
