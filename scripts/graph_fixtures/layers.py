"""TF1's legacy layers (tf.compat.v1.layers: the base Layer, Dense, Dropout, Flatten and
BatchNormalization), for test/layers.test.ts.

TF 2.21's tf.compat.v1.layers needs Keras 2 (tf_keras), which is not installed here. So this script
re-creates, step by step, what TF 1.15's tensorflow/python/layers/{base,core,normalization}.py build
over keras' engine/base_layer.py, engine/input_spec.py, layers/core.py and layers/normalization.py
(BatchNormalization V1) in graph mode, with TF's own machinery wherever it still runs (variable_scope
and its default-name uniquing, name scopes, get_variable, collections, smart_cond, v1 cond,
nn.dropout, nn.fused_batch_norm, nn.moments, nn.batch_normalization, tensordot); each function
names the TF1 function it re-creates. TF 2.21 still runs its own copy of TF1's Dense, Dropout and
Flatten (tensorflow.python.layers.core over its frozen keras; its BatchNormalization needs tf_keras):
check_against_tf_layers builds the graphs that use only those with them too, and they must match op
for op (Flatten follows that frozen keras, TF 2.21's, where TF 1.15 named its shape Const otherwise).

For each graph: its ops as io_ops.py records them (names, types, inputs, control inputs, placement,
attrs, Const values, collections), what TF1's layer objects say about themselves (names, scope
names, weights, updates, losses) and session runs of its fetches. Then: small models (dense +
batch norm + dropout, and a fused batch norm + flatten + dense) trained with the UPDATE_OPS as
control dependencies of the train op, one of them saved to a checkpoint (test/fixtures/layers/),
and the errors bad arguments raise.

Writes test/fixtures/graph_layer/layers.json and test/fixtures/layers/model.ckpt.*.
Run: .venv-tf/bin/python scripts/graph_fixtures/layers.py
"""
import collections
import os
import re
import shutil
import weakref

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.framework import smart_cond as smart_module
from tensorflow.python.framework import tensor_shape
from tensorflow.python.ops import gen_math_ops
from tensorflow.python.ops.variables import PartitionedVariable

import control_flow
from io_ops import errors_of, record_all, value_json, write_fixture

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graph_layer', 'layers.json')
CKPT_DIR = os.path.normpath(os.path.join(ROOT, 'test', 'fixtures', 'layers'))

X = (np.arange(12, dtype=np.float32).reshape(4, 3) % 5 - 2.0) * 0.5
X3 = np.sin(np.arange(24, dtype=np.float32)).reshape(2, 4, 3)
SEQ = np.concatenate([X3.reshape(2, 3, 4), X3.reshape(2, 3, 4) * 2.0])
IMG = np.cos(np.arange(96, dtype=np.float32) * 0.7).reshape(2, 4, 4, 3) * 2.0 + 0.5


# --- keras' backend, generic_utils, tf_utils and conv_utils -------------------------------------

_UIDS = weakref.WeakKeyDictionary()


def unique_object_name(name):
    """backend.unique_object_name(name, zero_based=False): name_1, name_2, ... per default graph."""
    uids = _UIDS.setdefault(tf.get_default_graph(), collections.defaultdict(int))
    uids[name] += 1
    return name + '_' + str(uids[name])


def to_snake_case(name):
    """generic_utils.to_snake_case."""
    intermediate = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
    insecure = re.sub('([a-z])([A-Z])', r'\1_\2', intermediate).lower()
    if insecure[0] != '_':
        return insecure
    return 'private' + insecure


def smart_cond(pred, true_fn, false_fn):
    """tf_utils.smart_cond."""
    if isinstance(pred, tf.Variable):
        return tf.cond(pred, true_fn=true_fn, false_fn=false_fn)
    return smart_module.smart_cond(pred, true_fn=true_fn, false_fn=false_fn)


def constant_value(pred):
    """tf_utils.constant_value."""
    if isinstance(pred, int):
        if pred == 1:
            pred = True
        elif pred == 0:
            pred = False
    if isinstance(pred, tf.Variable):
        return None
    return smart_module.smart_constant_value(pred)


def normalize_data_format(value):
    """conv_utils.normalize_data_format (keras' image_data_format() is channels_last)."""
    if value is None:
        value = 'channels_last'
    data_format = value.lower()
    if data_format not in {'channels_first', 'channels_last'}:
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: ' +
                         str(value))
    return data_format


def l2_regularizer(scale):
    """tf.contrib.layers.l2_regularizer (contrib/layers/python/layers/regularizers.py), as TF1 users pass it."""
    def l2(weights):
        with tf.name_scope(None, 'l2_regularizer', [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name='scale')
            return tf.multiply(my_scale, tf.nn.l2_loss(weights), name=name)
    return l2


# --- keras' engine/input_spec.py ------------------------------------------------------------------

class InputSpec(object):
    """input_spec.InputSpec."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = tf.as_dtype(dtype).name if dtype is not None else None
        if shape is not None:
            self.ndim = len(shape)
            self.shape = shape
        else:
            self.ndim = ndim
            self.shape = None
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        axes = axes or {}
        self.axes = {int(k): axes[k] for k in axes}
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            max_axis = max(self.axes)
            if max_axis > max_dim:
                raise ValueError('Axis {} is greater than the maximum allowed value: {}'.format(max_axis, max_dim))


def assert_input_compatibility(input_spec, inputs, layer_name):
    """input_spec.assert_input_compatibility."""
    if not input_spec:
        return
    inputs = tf.nest.flatten(inputs)
    input_spec = tf.nest.flatten(input_spec)
    if len(inputs) != len(input_spec):
        raise ValueError('Layer ' + layer_name + ' expects ' + str(len(input_spec)) + ' inputs, '
                         'but it received ' + str(len(inputs)) + ' input tensors. Inputs received: ' + str(inputs))
    for input_index, (x, spec) in enumerate(zip(inputs, input_spec)):
        if spec is None:
            continue
        if spec.ndim is not None or spec.min_ndim is not None or spec.max_ndim is not None:
            if x.shape.ndims is None:
                raise ValueError('Input ' + str(input_index) + ' of layer ' + layer_name + ' is incompatible with the '
                                 'layer: its rank is undefined, but the layer requires a defined rank.')
        if spec.ndim is not None:
            ndim = x.shape.ndims
            if ndim != spec.ndim:
                raise ValueError('Input ' + str(input_index) + ' of layer ' + layer_name + ' is incompatible with the '
                                 'layer: expected ndim=' + str(spec.ndim) + ', found ndim=' + str(ndim) +
                                 '. Full shape received: ' + str(x.shape.as_list()))
        if spec.max_ndim is not None:
            ndim = x.shape.ndims
            if ndim is not None and ndim > spec.max_ndim:
                raise ValueError('Input ' + str(input_index) + ' of layer ' + layer_name + ' is incompatible with the '
                                 'layer: expected max_ndim=' + str(spec.max_ndim) + ', found ndim=' + str(ndim))
        if spec.min_ndim is not None:
            ndim = x.shape.ndims
            if ndim is not None and ndim < spec.min_ndim:
                raise ValueError('Input ' + str(input_index) + ' of layer ' + layer_name + ' is incompatible with the '
                                 'layer: : expected min_ndim=' + str(spec.min_ndim) + ', found ndim=' + str(ndim) +
                                 '. Full shape received: ' + str(x.shape.as_list()))
        if spec.dtype is not None:
            if x.dtype != spec.dtype:
                raise ValueError('Input ' + str(input_index) + ' of layer ' + layer_name + ' is incompatible with the '
                                 'layer: expected dtype=' + str(spec.dtype) + ', found dtype=' + str(x.dtype))
        if spec.axes:
            shape = x.shape.as_list()
            if shape is not None:
                for axis, value in spec.axes.items():
                    if value is not None and shape[int(axis)] not in {value, None}:
                        raise ValueError('Input ' + str(input_index) + ' of layer ' + layer_name + ' is incompatible '
                                         'with the layer: expected axis ' + str(axis) + ' of input shape to have value ' +
                                         str(value) + ' but received input with shape ' + str(shape))
        if spec.shape is not None:
            shape = x.shape.as_list()
            if shape is not None:
                for spec_dim, dim in zip(spec.shape, shape):
                    if spec_dim is not None and dim is not None and spec_dim != dim:
                        raise ValueError('Input ' + str(input_index) + ' is incompatible with layer ' + layer_name +
                                         ': expected shape=' + str(spec.shape) + ', found shape=' + str(shape))


def _add_elements_to_collection(elements, collection_list):
    """base._add_elements_to_collection."""
    collection = tf.get_collection_ref(collection_list)
    for element in tf.nest.flatten(elements):
        if not any(element is c for c in collection):
            collection.append(element)


# --- layers/base.py's Layer over keras' engine/base_layer.py's Layer, in graph mode ---------------

class Layer(object):
    """base.Layer (legacy, not keras style) over keras' base_layer.Layer: the parts graph mode runs."""

    def __init__(self, trainable=True, name=None, dtype=None, activity_regularizer=None, _scope=None, _reuse=None):
        # base.Layer.__init__, then keras' Layer.__init__ (through super()), then base.Layer.__init__'s end.
        self._use_resource_variables = False
        scope = _scope
        self._reuse = _reuse
        self._trainable_weights = []
        self.built = False
        self._trainable = trainable
        self.stateful = False
        self.input_spec = None
        self._init_set_name(name)
        self._activity_regularizer = activity_regularizer
        self._non_trainable_weights = []
        self._updates = []
        self._callable_losses = []
        self._losses = []
        # _set_dtype_policy: Policy('infer') (variable dtype None) unless a dtype is given.
        self._dtype = tf.as_dtype(dtype).name if dtype is not None else None
        if scope:
            with tf.variable_scope(scope) as captured_scope:
                self._scope = captured_scope
        else:
            self._scope = None
        self._current_scope = None

    def _init_set_name(self, name):
        """base.Layer._init_set_name, _make_unique_name."""
        base_name = name
        self._name = name
        if not name:
            base_name = to_snake_case(self.__class__.__name__)
            self._name = unique_object_name(base_name)
        self._base_name = base_name

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = value

    @property
    def scope_name(self):
        """base.Layer.scope_name."""
        if not self._scope:
            raise ValueError('No name available for layer scope because the layer "' + self._name + '" has not been '
                             'used yet. The scope name ' + ' is determined the first time the layer instance is '
                             'called. You must therefore call the layer before querying `scope_name`.')
        return self._scope.name

    @property
    def trainable_weights(self):
        return self._trainable_weights if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return self._non_trainable_weights
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    @property
    def updates(self):
        """keras' Layer.updates (callables were already called: graph mode)."""
        if not self.trainable and not self.stateful:
            return []
        return list(self._updates)

    @property
    def losses(self):
        """keras' Layer.losses: the regularizers' losses are made again on each access."""
        collected = list(self._losses)
        for regularizer in self._callable_losses:
            loss_tensor = regularizer()
            if loss_tensor is not None:
                collected.append(loss_tensor)
        return collected

    def build(self, input_shape):
        self.built = True

    def call(self, inputs):
        return inputs

    def _name_scope(self):
        """base.Layer._name_scope."""
        return self._current_scope.original_name_scope

    def _set_scope(self, scope=None):
        """base.Layer._set_scope."""
        if self._scope is None:
            if self._reuse:
                with tf.variable_scope(scope if scope is not None else self._base_name) as captured_scope:
                    self._scope = captured_scope
            else:
                with tf.variable_scope(scope, default_name=self._base_name) as captured_scope:
                    self._scope = captured_scope

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, use_resource=None, synchronization=tf.VariableSynchronization.AUTO,
                   aggregation=tf.VariableAggregation.NONE, partitioner=None):
        """base.Layer.add_weight (graph mode), which calls keras' add_weight with vs.get_variable as the getter."""
        if synchronization == tf.VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError('Synchronization value can be set to VariableSynchronization.ON_READ only for '
                                 'non-trainable variables. You have specified trainable=True and '
                                 'synchronization=VariableSynchronization.ON_READ.')
            trainable = False
        elif trainable is None:
            trainable = True

        def _should_add_regularizer(variable, existing_variable_set):
            if isinstance(variable, PartitionedVariable):
                return not any(var in existing_variable_set for var in variable)
            return variable not in existing_variable_set

        init_graph = tf.get_default_graph()
        existing_variables = set(tf.global_variables())
        if dtype is None:
            dtype = self.dtype or tf.float32
        self._set_scope(None)
        reuse = self.built or self._reuse
        prev_len_trainable = len(self._trainable_weights)
        with tf.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with tf.name_scope(self._name_scope()):
                use_resource = use_resource or self._use_resource_variables or scope.use_resource
                if initializer is None:
                    initializer = scope.initializer
                variable = self._keras_add_weight(
                    name, shape, dtype=tf.as_dtype(dtype), initializer=initializer, trainable=trainable and self.trainable,
                    constraint=constraint, partitioner=partitioner, use_resource=use_resource,
                    synchronization=synchronization, aggregation=aggregation)
                if regularizer and _should_add_regularizer(variable, existing_variables):
                    self._handle_weight_regularization(name, variable, regularizer)
                with init_graph.as_default():
                    trainable_variables = tf.trainable_variables()
                if trainable and self.trainable and not any(variable is v for v in trainable_variables):
                    # A custom getter / variable scope overrode the trainable flag.
                    extra_trainable_vars = self._trainable_weights[prev_len_trainable:]
                    self._trainable_weights = self._trainable_weights[:prev_len_trainable]
                    self._non_trainable_weights += extra_trainable_vars
        return variable

    def _keras_add_weight(self, name, shape, dtype, initializer, trainable, constraint, partitioner, use_resource,
                          synchronization, aggregation):
        """keras' Layer.add_weight with getter=vs.get_variable and no regularizer (base.Layer handles it)."""
        if shape is None:
            shape = ()
        if self._dtype is None:
            self._dtype = dtype.base_dtype.name
        if initializer is None:
            if dtype.is_floating:
                initializer = tf.glorot_uniform_initializer()
            elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
                initializer = tf.zeros_initializer()
            else:
                raise ValueError('An initializer for variable %s of type %s is required for layer %s' %
                                 (name, dtype.base_dtype, self.name))
        variable = tf.get_variable(name, shape=shape, dtype=dtype, initializer=initializer, constraint=constraint,
                                   trainable=trainable, partitioner=partitioner, use_resource=use_resource,
                                   collections=None, synchronization=synchronization, aggregation=aggregation)
        if trainable:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    def _handle_weight_regularization(self, name, variable, regularizer):
        """keras' Layer._handle_weight_regularization."""
        def _loss_for_variable(v):
            with tf.name_scope(name + '/Regularizer'):
                return regularizer(v)

        if isinstance(variable, PartitionedVariable):
            for v in variable:
                self.add_loss(lambda v=v: _loss_for_variable(v))
        else:
            self.add_loss(lambda: _loss_for_variable(variable))

    def add_loss(self, losses, inputs=None):
        """base.Layer.add_loss over keras' add_loss (graph mode): the new losses also go to
        REGULARIZATION_LOSSES, callables called right away."""
        previous_losses_length = len(self._losses)
        previous_callable_losses_length = len(self._callable_losses)
        for loss in tf.nest.flatten(losses):
            if callable(loss):
                self._callable_losses.append(loss)
            elif loss is not None:
                if not tf.is_tensor(loss):
                    loss = tf.convert_to_tensor(loss, dtype=tf.float32)
                self._losses.append(loss)
        new_losses = self._losses[previous_losses_length:]
        for regularizer in self._callable_losses[previous_callable_losses_length:]:
            loss_tensor = regularizer()
            if loss_tensor is not None:
                new_losses.append(loss_tensor)
        _add_elements_to_collection(new_losses, tf.GraphKeys.REGULARIZATION_LOSSES)

    def add_update(self, updates, inputs=None):
        """keras' Layer.add_update in V1 graph mode: callables are called right away; a tensor stands for its op."""
        def process_update(x):
            if callable(x):
                return process_update(x())
            if isinstance(x, tf.Operation):
                return x
            if hasattr(x, 'op'):
                return x.op
            return tf.convert_to_tensor(x)
        self._updates += [process_update(x) for x in (updates if isinstance(updates, list) else [updates])]

    def __call__(self, inputs, *args, **kwargs):
        """base.Layer.__call__."""
        scope = kwargs.pop('scope', None)
        self._set_scope(scope)
        if self.built:
            try:
                scope_context_manager = self._always_reuse_variable_scope
            except AttributeError:
                self._always_reuse_variable_scope = tf.variable_scope(self._scope, reuse=True,
                                                                      auxiliary_name_scope=False)
                scope_context_manager = self._always_reuse_variable_scope
        else:
            scope_context_manager = tf.variable_scope(self._scope, reuse=self._reuse, auxiliary_name_scope=False)
        with scope_context_manager as scope:
            self._current_scope = scope
            outputs = self._keras_call(inputs, *args, **kwargs)
        _add_elements_to_collection(self.updates, tf.GraphKeys.UPDATE_OPS)
        return outputs

    apply = __call__

    def _keras_call(self, inputs, *args, **kwargs):
        """keras' Layer.__call__ on symbolic inputs (no keras history, masks or autocasting)."""
        if any(isinstance(x, (np.ndarray, float, int)) for x in tf.nest.flatten(inputs)):
            inputs = tf.nest.map_structure(
                lambda x: tf.convert_to_tensor(x) if isinstance(x, (np.ndarray, float, int)) else x, inputs)
        assert_input_compatibility(self.input_spec, inputs, self.name)
        with tf.name_scope(self._name_scope()):
            self._maybe_build(inputs)
            outputs = self.call(inputs, *args, **kwargs)
            if outputs is None:
                raise ValueError('A layer\'s `call` method should return a Tensor or a list of Tensors, not None '
                                 '(layer: ' + self.name + ').')
            self._handle_activity_regularization(inputs, outputs)
        return outputs

    def _maybe_build(self, inputs):
        """keras' Layer._maybe_build."""
        if not self.built:
            assert_input_compatibility(self.input_spec, inputs, self.name)
            input_list = tf.nest.flatten(inputs)
            if input_list and self._dtype is None:
                self._dtype = input_list[0].dtype.base_dtype.name
            input_shapes = tf.nest.map_structure(lambda x: x.shape, inputs)
            self.build(input_shapes)
            self.built = True

    def _handle_activity_regularization(self, inputs, outputs):
        """keras' Layer._handle_activity_regularization."""
        if self._activity_regularizer:
            with tf.name_scope('ActivityRegularizer'):
                for output in tf.nest.flatten(outputs):
                    activity_loss = self._activity_regularizer(output)
                    batch_size = tf.cast(tf.shape(output)[0], activity_loss.dtype)
                    self.add_loss(activity_loss / batch_size, inputs=inputs)


# --- layers/core.py over keras' layers/core.py ---------------------------------------------------

class Dense(Layer):
    """core.Dense over keras' Dense."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super(Dense, self).__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        dtype = tf.as_dtype(self.dtype or 'float32')
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError('Unable to build `Dense` layer with non-floating point dtype %s' % (dtype,))
        input_shape = tensor_shape.TensorShape(input_shape)
        if tensor_shape.dimension_value(input_shape[-1]) is None:
            raise ValueError('The last dimension of the inputs to `Dense` should be defined. Found `None`.')
        last_dim = tensor_shape.dimension_value(input_shape[-1])
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight('kernel', shape=[last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      dtype=self.dtype, trainable=True)
        if self.use_bias:
            self.bias = self.add_weight('bias', shape=[self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        dtype=self.dtype, trainable=True)
        else:
            self.bias = None
        self.built = True

    def call(self, inputs):
        rank = len(inputs.shape)
        if rank > 2:
            outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
            shape = inputs.shape.as_list()
            outputs.set_shape(shape[:-1] + [self.units])
        else:
            inputs = tf.cast(inputs, self.dtype)
            outputs = gen_math_ops.mat_mul(inputs, self.kernel)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
          reuse=None):
    """core.dense."""
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable, name=name,
                  _scope=name, _reuse=reuse)
    return layer.apply(inputs)


class Dropout(Layer):
    """core.Dropout over keras' Dropout."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super(Dropout, self).__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        concrete_inputs_shape = tf.shape(inputs)
        noise_shape = []
        for i, value in enumerate(self.noise_shape):
            noise_shape.append(concrete_inputs_shape[i] if value is None else value)
        return tf.convert_to_tensor(noise_shape)

    def call(self, inputs, training=False):
        def dropped_inputs():
            return tf.nn.dropout(inputs, noise_shape=self._get_noise_shape(inputs), seed=self.seed, rate=self.rate)
        return smart_cond(training, dropped_inputs, lambda: tf.identity(inputs))


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """core.dropout."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer.apply(inputs, training=training)


class Flatten(Layer):
    """core.Flatten over keras' Flatten."""

    def __init__(self, data_format=None, **kwargs):
        super(Flatten, self).__init__(**kwargs)
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        ndim = inputs.shape.ndims
        if self.data_format == 'channels_first' and ndim is not None and ndim > 1:
            inputs = tf.transpose(inputs, perm=[0] + list(range(2, ndim)) + [1])
        # TF 2.21's frozen keras Flatten.call (tensorflow/python/keras/layers/core.py), which TF 2.21
        # runs for tf.layers.flatten: Const target shapes where they are known.
        if ndim == 1:
            return tf.expand_dims(inputs, axis=1)
        input_shape = inputs.shape
        batch_dim = tensor_shape.dimension_value(input_shape[0])
        if input_shape[1:].is_fully_defined():
            return tf.reshape(inputs, tf.constant([-1, int(np.prod(input_shape[1:].as_list()))]))
        if batch_dim is not None:
            return tf.reshape(inputs, tf.constant([int(batch_dim), -1]))
        return tf.reshape(inputs, [tf.shape(inputs)[0], -1])


def flatten(inputs, name=None, data_format='channels_last'):
    """core.flatten."""
    return Flatten(name=name, data_format=data_format).apply(inputs)


# --- layers/normalization.py over keras' layers/normalization.py (BatchNormalization V1) ---------

class BatchNormalization(Layer):
    """normalization.BatchNormalization over keras' BatchNormalizationBase with _USE_V2_BEHAVIOR False
    (no renorm)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=tf.zeros_initializer(), gamma_initializer=tf.ones_initializer(),
                 moving_mean_initializer=tf.zeros_initializer(), moving_variance_initializer=tf.ones_initializer(),
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 fused=None, trainable=True, virtual_batch_size=None, adjustment=None, name=None, **kwargs):
        super(BatchNormalization, self).__init__(name=name, trainable=trainable, **kwargs)
        if isinstance(axis, list):
            self.axis = axis[:]
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError('axis must be int or list, type given: %s' % type(axis))
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.virtual_batch_size = virtual_batch_size
        self.adjustment = adjustment
        self.fused = True if fused is None else fused

    def _fused_can_be_used(self):
        axis = [self.axis] if isinstance(self.axis, int) else self.axis
        return (len(axis) == 1 and axis[0] in (-3, -1, 1, 3) and self.virtual_batch_size is None and
                self.adjustment is None)

    @property
    def _param_dtype(self):
        if self.dtype in ('float16', 'bfloat16'):
            return tf.float32
        return self.dtype or tf.float32

    def build(self, input_shape):
        input_shape = tensor_shape.TensorShape(input_shape)
        if not input_shape.ndims:
            raise ValueError('Input has undefined rank:', input_shape)
        ndims = len(input_shape)
        if isinstance(self.axis, int):
            self.axis = [self.axis]
        for idx, x in enumerate(self.axis):
            if x < 0:
                self.axis[idx] = ndims + x
        for x in self.axis:
            if x < 0 or x >= ndims:
                raise ValueError('Invalid axis: %d' % x)
        if len(self.axis) != len(set(self.axis)):
            raise ValueError('Duplicate axis: %s' % self.axis)
        if self.virtual_batch_size is not None:
            if self.virtual_batch_size <= 0:
                raise ValueError('virtual_batch_size must be a positive integer that divides the true batch size of '
                                 'the input Tensor')
            if 0 in self.axis:
                raise ValueError('When using virtual_batch_size, the batch dimension must be 0 and thus axis cannot '
                                 'include 0')
            if self.adjustment is not None:
                raise ValueError('When using virtual_batch_size, adjustment cannot be specified')
        if self.fused in (None, True):
            self.fused = ndims == 4 and self._fused_can_be_used()
        if self.fused:
            if self.axis == [1]:
                self._data_format = 'NCHW'
            elif self.axis == [3]:
                self._data_format = 'NHWC'
            else:
                raise ValueError('Unsupported axis, fused batch norm only supports axis == [1] or axis == [3]')
        axis_to_dim = {x: input_shape.dims[x].value for x in self.axis}
        for x in axis_to_dim:
            if axis_to_dim[x] is None:
                raise ValueError('Input has undefined `axis` dimension. Input shape: ', input_shape)
        self.input_spec = InputSpec(ndim=ndims, axes=axis_to_dim)
        if len(axis_to_dim) == 1 and self.virtual_batch_size is None:
            param_shape = (list(axis_to_dim.values())[0],)
        else:
            param_shape = [axis_to_dim[i] if i in axis_to_dim else 1 for i in range(ndims)]
            if self.virtual_batch_size is not None:
                param_shape.insert(1, 1)
                for idx, x in enumerate(self.axis):
                    self.axis[idx] = x + 1
        if self.scale:
            self.gamma = self.add_weight(name='gamma', shape=param_shape, dtype=self._param_dtype,
                                         initializer=self.gamma_initializer, regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        else:
            self.gamma = None
            if self.fused:
                self._gamma_const = tf.constant(1.0, dtype=self._param_dtype, shape=param_shape)
        if self.center:
            self.beta = self.add_weight(name='beta', shape=param_shape, dtype=self._param_dtype,
                                        initializer=self.beta_initializer, regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)
        else:
            self.beta = None
            if self.fused:
                self._beta_const = tf.constant(0.0, dtype=self._param_dtype, shape=param_shape)
        self.moving_mean = self.add_weight(name='moving_mean', shape=param_shape, dtype=self._param_dtype,
                                           initializer=self.moving_mean_initializer,
                                           synchronization=tf.VariableSynchronization.ON_READ, trainable=False,
                                           aggregation=tf.VariableAggregation.MEAN)
        self.moving_variance = self.add_weight(name='moving_variance', shape=param_shape, dtype=self._param_dtype,
                                               initializer=self.moving_variance_initializer,
                                               synchronization=tf.VariableSynchronization.ON_READ, trainable=False,
                                               aggregation=tf.VariableAggregation.MEAN)
        self.built = True

    def _assign_moving_average(self, variable, value, momentum):
        """BatchNormalizationBase._assign_moving_average (no zero-size input handling: no distribution strategy)."""
        with tf.name_scope('AssignMovingAvg') as scope:
            with tf.colocate_with(variable):
                decay = tf.convert_to_tensor(1.0 - momentum, name='decay')
                if decay.dtype != variable.dtype.base_dtype:
                    decay = tf.cast(decay, variable.dtype.base_dtype)
                update_delta = (variable - tf.cast(value, variable.dtype)) * decay
                return tf.assign_sub(variable, update_delta, name=scope)

    def _fused_batch_norm(self, inputs, training):
        """BatchNormalizationBase._fused_batch_norm."""
        beta = self.beta if self.center else self._beta_const
        gamma = self.gamma if self.scale else self._gamma_const

        def _fused_batch_norm_training():
            return tf.nn.fused_batch_norm(inputs, gamma, beta, epsilon=self.epsilon, data_format=self._data_format)

        def _fused_batch_norm_inference():
            return tf.nn.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean, variance=self.moving_variance,
                                          epsilon=self.epsilon, is_training=False, data_format=self._data_format)

        output, mean, variance = smart_cond(training, _fused_batch_norm_training, _fused_batch_norm_inference)
        training_value = constant_value(training)
        if training_value is None:
            momentum = smart_cond(training, lambda: self.momentum, lambda: 1.0)
        else:
            momentum = tf.convert_to_tensor(self.momentum)
        if training_value or training_value is None:
            self.add_update(lambda: self._assign_moving_average(self.moving_mean, mean, momentum))
            self.add_update(lambda: self._assign_moving_average(self.moving_variance, variance, momentum))
        return output

    def call(self, inputs, training=False):
        if self.virtual_batch_size is not None:
            original_shape = [-1] + inputs.shape.as_list()[1:]
            expanded_shape = [self.virtual_batch_size, -1] + original_shape[1:]
            inputs = tf.reshape(inputs, expanded_shape)

            def undo_virtual_batching(outputs):
                return tf.reshape(outputs, original_shape)

        if self.fused:
            outputs = self._fused_batch_norm(inputs, training=training)
            if self.virtual_batch_size is not None:
                outputs = undo_virtual_batching(outputs)
            return outputs

        input_shape = inputs.shape
        ndims = len(input_shape)
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        if self.virtual_batch_size is not None:
            del reduction_axes[1]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = input_shape.dims[self.axis[0]].value

        def _broadcast(v):
            if v is not None and len(v.shape) != ndims and reduction_axes != list(range(ndims - 1)):
                return tf.reshape(v, broadcast_shape)
            return v

        scale, offset = _broadcast(self.gamma), _broadcast(self.beta)

        def _compose_transforms(scale, offset, then_scale, then_offset):
            if then_scale is not None:
                scale *= then_scale
                offset *= then_scale
            if then_offset is not None:
                offset += then_offset
            return (scale, offset)

        training_value = constant_value(training)
        if training_value == False:  # pylint: disable=singleton-comparison,g-explicit-bool-comparison
            mean, variance = self.moving_mean, self.moving_variance
        else:
            if self.adjustment:
                adj_scale, adj_bias = self.adjustment(tf.shape(inputs))
                adj_scale = smart_cond(training, lambda: adj_scale, lambda: tf.ones_like(adj_scale))
                adj_bias = smart_cond(training, lambda: adj_bias, lambda: tf.zeros_like(adj_bias))
                scale, offset = _compose_transforms(adj_scale, adj_bias, scale, offset)
            keep_dims = self.virtual_batch_size is not None or len(self.axis) > 1
            mean, variance = tf.nn.moments(tf.cast(inputs, self._param_dtype), reduction_axes, keep_dims=keep_dims)
            moving_mean = self.moving_mean
            moving_variance = self.moving_variance
            mean = smart_cond(training, lambda: mean, lambda: tf.convert_to_tensor(moving_mean))
            variance = smart_cond(training, lambda: variance, lambda: tf.convert_to_tensor(moving_variance))
            if self.virtual_batch_size is not None:
                new_mean = tf.reduce_mean(mean, axis=1, keepdims=True)
                new_variance = tf.reduce_mean(variance, axis=1, keepdims=True)
            else:
                new_mean, new_variance = mean, variance

            def _do_update(var, value):
                return self._assign_moving_average(var, value, self.momentum)

            def mean_update():
                return smart_cond(training, lambda: _do_update(self.moving_mean, new_mean), lambda: self.moving_mean)

            def variance_update():
                return smart_cond(training, lambda: _do_update(self.moving_variance, new_variance),
                                  lambda: self.moving_variance)

            self.add_update(mean_update)
            self.add_update(variance_update)

        mean = tf.cast(mean, inputs.dtype)
        variance = tf.cast(variance, inputs.dtype)
        if offset is not None:
            offset = tf.cast(offset, inputs.dtype)
        if scale is not None:
            scale = tf.cast(scale, inputs.dtype)
        outputs = tf.nn.batch_normalization(inputs, _broadcast(mean), _broadcast(variance), offset, scale,
                                            self.epsilon)
        outputs.set_shape(input_shape)
        if self.virtual_batch_size is not None:
            outputs = undo_virtual_batching(outputs)
        return outputs


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=tf.zeros_initializer(), gamma_initializer=tf.ones_initializer(),
                        moving_mean_initializer=tf.zeros_initializer(),
                        moving_variance_initializer=tf.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, fused=None, virtual_batch_size=None, adjustment=None):
    """normalization.batch_normalization (renorm left out)."""
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                               beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                               moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer,
                               beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                               beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, fused=fused,
                               trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
                               name=name, _reuse=reuse, _scope=name)
    return layer.apply(inputs, training=training)


# --- a user's layer on the base: extra call arguments, a scope, weights of every kind -------------

class ScaleShift(Layer):
    """y = x * w + shift, counting its calls in a non-trainable int weight, its input sum as a loss."""

    def build(self, input_shape):
        self.w = self.add_weight('w', [input_shape[-1]], initializer=tf.ones_initializer(), regularizer=l2_regularizer(0.5))
        self.count = self.add_weight('count', [], dtype=tf.int32, trainable=False)
        self.mean = self.add_weight('mean', [2], synchronization=tf.VariableSynchronization.ON_READ,
                                    aggregation=tf.VariableAggregation.MEAN, initializer=tf.zeros_initializer())
        self.parts = self.add_weight('parts', [4, 3], initializer=tf.constant_initializer(0.5),
                                     partitioner=tf.fixed_size_partitioner(2), regularizer=l2_regularizer(0.25))

    def call(self, inputs, shift):
        self.add_update(tf.assign_add(self.count, 1))
        self.add_loss(tf.reduce_sum(inputs))
        return inputs * self.w + shift


class NeedsPair(Layer):
    """A layer whose input spec wants two float32 rank-2 inputs."""

    def __init__(self, **kwargs):
        super(NeedsPair, self).__init__(**kwargs)
        self.input_spec = [InputSpec(dtype=tf.float32, ndim=2), InputSpec(shape=(None, 3))]

    def call(self, inputs):
        return inputs[0] + inputs[1]


def layer_info(layer):
    """What a TF1 layer object says about itself (its losses made anew, after the graph was recorded)."""
    names = lambda xs: [x.name for x in xs]
    info = {'name': layer.name, 'scope_name': layer.scope_name, 'dtype': layer.dtype, 'built': layer.built,
            'trainable_weights': names(layer.trainable_weights),
            'non_trainable_weights': names(layer.non_trainable_weights), 'weights': names(layer.weights),
            'updates': names(layer.updates)}
    info['losses'] = names(layer.losses)
    return info


# --- graphs: each builds in the default graph; returns (fetches, feeds, {key: layer}) --------------

def feeds(**cases):
    return [{k: np.asarray(v) for k, v in f.items()} for f in cases.values()]


def naming():
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    a = dense(x, 4)
    b = dense(a, 4)
    same = dense(x, 4, name='dense', reuse=True)
    hidden = dense(x, 2, name='hidden', activation=tf.nn.relu)
    hidden_again = dense(x, 2, name='hidden', reuse=True, activation=tf.nn.relu)
    hidden_auto = dense(x, 2, name='hidden', reuse=tf.AUTO_REUSE)
    proj = Dense(2, name='proj')
    p1 = proj(x)
    p2 = proj.apply(a[:, :3])
    unnamed = Dense(3)
    u = unnamed(x)
    with tf.variable_scope('outer'):
        o = dense(x, 2)
        with tf.name_scope('inner'):
            o2 = dense(x, 2)
    with tf.name_scope('ns'):
        n = dense(x, 2)

    def model(inputs, reuse):
        with tf.variable_scope('model', reuse=reuse):
            return dense(dense(inputs, 3, activation=tf.nn.relu), 1)

    m1 = model(x, False)
    m2 = model(x * 2.0, True)
    with tf.variable_scope('auto', reuse=tf.AUTO_REUSE):
        auto1 = dense(x, 2, reuse=tf.AUTO_REUSE)
        auto2 = dense(x, 2, reuse=tf.AUTO_REUSE)
    with tf.variable_scope('res', use_resource=True):
        r = dense(x, 2)
    fetch = {'a': a, 'b': b, 'same': same, 'hidden': hidden, 'hidden_again': hidden_again, 'hidden_auto': hidden_auto,
             'p1': p1, 'p2': p2, 'u': u, 'o': o, 'o2': o2, 'n': n, 'm1': m1, 'm2': m2, 'auto1': auto1,
             'auto2': auto2, 'r': r}
    return fetch, feeds(a={'x': X}), {'proj': proj, 'unnamed': unnamed}


def dense_options():
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    k = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(3, 4)
    full = Dense(4, activation=tf.nn.tanh, kernel_initializer=tf.constant_initializer(k),
                 bias_initializer=tf.constant_initializer(0.1), kernel_regularizer=l2_regularizer(0.1),
                 bias_regularizer=l2_regularizer(0.2), activity_regularizer=l2_regularizer(0.05),
                 kernel_constraint=lambda w: tf.clip_by_value(w, -0.5, 0.5))
    y = full(x)
    nobias = Dense(2, use_bias=False, kernel_initializer=tf.constant_initializer(0.25), trainable=False, name='frozen')
    z = nobias(y)
    seq = tf.placeholder(tf.float32, [None, 4, 3], name='seq')
    static = tf.placeholder(tf.float32, [2, 4, 3], name='static')
    td = Dense(2, kernel_initializer=tf.constant_initializer(k[:, :2]), name='td')
    t1 = td(seq)
    t2 = td(static)
    x64 = tf.placeholder(tf.float64, [None, 3], name='x64')
    d64 = Dense(2, kernel_initializer=tf.constant_initializer(k[:, 1:3]), bias_initializer=tf.ones_initializer())
    y64 = d64(x64)
    cast = Dense(2, dtype=tf.float64, kernel_initializer=tf.constant_initializer(0.5), name='cast')
    yc = cast(x)
    fetch = {'y': y, 'z': z, 't1': t1, 't2': t2, 'y64': y64, 'yc': yc,
             'reg': tf.losses.get_regularization_loss()}
    return fetch, feeds(a={'x': X, 'seq': X3, 'static': X3, 'x64': X.astype(np.float64)}), {
        'full': full, 'frozen': nobias, 'td': td, 'd64': d64, 'cast': cast}


def dropouts():
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [4, 5], name='x')
    training = tf.placeholder(tf.bool, [], name='training')
    on = dropout(x, rate=0.4, seed=3, training=True)
    off = dropout(x, rate=0.4, training=False)
    cond = dropout(x, rate=0.5, noise_shape=[None, 1], seed=5, training=training)
    layer = Dropout(0.3, noise_shape=[4, 5], seed=7, name='drop')
    twice = [layer(x, training=True), layer(x, training=training)]
    unseeded = dropout(x, training=True, name='drop2')
    ones = np.ones([4, 5], np.float32)
    return {'on': on, 'off': off, 'cond': cond, 'twice': twice, 'unseeded': unseeded}, feeds(
        t={'x': ones, 'training': True}, f={'x': ones, 'training': False}), {'drop': layer}


def flattens():
    x = tf.placeholder(tf.float32, [None, 2, 3, 4], name='x')
    last = flatten(x)
    first = flatten(x, data_format='channels_first', name='first')
    partial = tf.placeholder(tf.float32, [2, None, 3], name='partial')
    unknown = tf.placeholder(tf.float32, [None, None, 3], name='unknown')
    flat2 = flatten(tf.placeholder(tf.float32, [None, 5], name='flat'))
    vector = flatten(tf.placeholder(tf.float32, [3], name='vector'))
    img = np.arange(48, dtype=np.float32).reshape(2, 2, 3, 4)
    return {'last': last, 'first': first, 'partial': flatten(partial), 'unknown': flatten(unknown),
            'flat2': flat2, 'vector': vector}, feeds(a={'x': img, 'partial': X3[:, :3, :], 'unknown': X3,
                                                       'flat': X[:, :2].repeat(3, 1)[:, :5], 'vector': X[0]}), {}


def bn_fused():
    x = tf.placeholder(tf.float32, [None, 4, 4, 3], name='x')
    training = tf.placeholder(tf.bool, [], name='training')
    on = BatchNormalization()
    y_on = on(x, training=True)
    y_off = batch_normalization(x, training=False, name='off')
    y_cond = batch_normalization(x, training=training, momentum=0.9, epsilon=0.01,
                                 gamma_initializer=tf.constant_initializer(1.5),
                                 moving_variance_initializer=tf.constant_initializer(2.0))
    y_plain = batch_normalization(x, training=training, center=False, scale=False)
    return {'on': y_on, 'off': y_off, 'cond': y_cond, 'plain': y_plain,
            'stats': [on.moving_mean, on.moving_variance]}, feeds(
        t={'x': IMG, 'training': True}, f={'x': IMG, 'training': False}), {'on': on}


def bn_nchw():
    x = tf.placeholder(tf.float32, [None, 3, 4, 4], name='x')
    training = tf.placeholder(tf.bool, [], name='training')
    layer = BatchNormalization(axis=1)
    y = layer(x, training=training)
    return {'y': y}, [], {'bn': layer}


def bn_nonfused():
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    training = tf.placeholder(tf.bool, [], name='training')
    on = batch_normalization(x, training=True)
    off = batch_normalization(x, training=False)
    cond_layer = BatchNormalization(momentum=0.8, beta_initializer=tf.constant_initializer(0.5),
                                    gamma_regularizer=l2_regularizer(0.1), beta_constraint=lambda b: b * 0.5)
    cond = cond_layer(x, training=training)
    seq = tf.placeholder(tf.float32, [None, 3, 4], name='seq')
    axis1 = BatchNormalization(axis=1)
    y_axis1 = axis1(seq, training=training)
    two_axes = batch_normalization(seq, axis=[1, 2], training=training, center=False)
    img = tf.placeholder(tf.float32, [None, 4, 4, 3], name='img')
    unfused = batch_normalization(img, fused=False, training=training, scale=False)
    frozen = BatchNormalization(trainable=False, name='frozen')
    y_frozen = frozen(x, training=True)
    return {'on': on, 'off': off, 'cond': cond, 'axis1': y_axis1, 'two_axes': two_axes, 'unfused': unfused,
            'frozen': y_frozen, 'stats': [cond_layer.moving_mean, cond_layer.moving_variance]}, feeds(
        t={'x': X, 'seq': SEQ, 'img': IMG, 'training': True},
        f={'x': X, 'seq': SEQ, 'img': IMG, 'training': False}), {
        'cond': cond_layer, 'axis1': axis1, 'frozen': frozen}


def bn_special():
    x = tf.placeholder(tf.float32, [4, 3], name='x')
    training = tf.placeholder(tf.bool, [], name='training')
    ghost = BatchNormalization(virtual_batch_size=2)
    y_ghost = ghost(x, training=training)
    adjusted = batch_normalization(
        x, training=training,
        adjustment=lambda shape: (tf.fill(shape[-1:], 1.5), tf.fill(shape[-1:], -0.25)))
    x64 = tf.placeholder(tf.float64, [None, 3], name='x64')
    d64 = BatchNormalization()
    y64 = d64(x64, training=True)
    shared = batch_normalization(x, name='bn', training=True)
    shared_again = batch_normalization(x * 2.0, name='bn', reuse=True, training=False)
    return {'ghost': y_ghost, 'adjusted': adjusted, 'y64': y64, 'shared': shared,
            'shared_again': shared_again}, feeds(t={'x': X, 'x64': X.astype(np.float64), 'training': True},
                                                 f={'x': X, 'x64': X.astype(np.float64), 'training': False}), {
        'ghost': ghost, 'd64': d64}


def custom():
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    layer = ScaleShift()
    first = layer(x, 1.0, scope='custom_scope')
    second = layer(x * 2.0, tf.constant(-1.0))
    pair = NeedsPair(name='pair')([x, x])
    frozen = ScaleShift(name='frozen')
    frozen(x, 0.0)
    frozen.trainable = False
    # Shared variables made elsewhere, one not trainable: the layer tracks it as not trainable.
    with tf.variable_scope('pre'):
        tf.get_variable('kernel', [3, 2], trainable=False, initializer=tf.constant_initializer(0.5))
        tf.get_variable('bias', [2], initializer=tf.zeros_initializer())
    pre = Dense(2, name='pre', _reuse=True)
    return {'first': first, 'second': second, 'pair': pair, 'pre': pre(x)}, feeds(a={'x': X}), {
        'custom': layer, 'pair_frozen': frozen, 'pre': pre}


GRAPHS = (naming, dense_options, dropouts, flattens, bn_fused, bn_nchw, bn_nonfused, bn_special, custom)


def graphs():
    return control_flow.graphs(GRAPHS, lambda fetch: tf.nest.map_structure(lambda t: t.shape.as_list(), fetch),
                               lambda layers: {'layers': {k: layer_info(l) for k, l in layers.items()}})


# --- training ---------------------------------------------------------------------------------

XS = np.sin(np.arange(40, dtype=np.float32) * 0.9).reshape(8, 5)
YS = np.cos(np.arange(8, dtype=np.float32)).reshape(8, 1)


def mlp(training_ph):
    """dense (L2 on its kernel) → batch norm → dropout → dense, trained to YS."""
    x = tf.placeholder(tf.float32, [None, 5], name='x')
    h = dense(x, 6, activation=tf.nn.relu, kernel_regularizer=l2_regularizer(0.01))
    h = batch_normalization(h, training=training_ph, momentum=0.9)
    h = dropout(h, rate=0.25, seed=11, training=training_ph)
    return x, dense(h, 1, name='out', kernel_constraint=lambda w: tf.clip_by_value(w, -0.3, 0.3))


def conv_like(training_ph):
    """fused batch norm (4-D) → flatten → dense, trained to YS."""
    x = tf.placeholder(tf.float32, [None, 2, 2, 5], name='x')
    h = batch_normalization(x, training=training_ph, momentum=0.5)
    return x, dense(flatten(h), 1, name='out')


def train(model, opt, xs, save=None):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(5)
        is_training = tf.placeholder(tf.bool, [], name='is_training')
        x, out = model(is_training)
        y = tf.placeholder(tf.float32, [None, 1], name='y')
        loss = tf.add(tf.reduce_mean(tf.square(out - y)), tf.losses.get_regularization_loss(), name='loss')
        update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        forward = record_all(g)
        with tf.control_dependencies(update_ops):
            train_op = opt().minimize(loss)
        names = [v.op.name for v in tf.global_variables()]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: xs, y: YS, is_training: True}
            losses = [float(sess.run([loss, train_op], feed)[0]) for _ in range(5)]
            evals = value_json(sess.run(out, {x: xs, is_training: False}))
            weights = dict(zip(names, value_json(sess.run(tf.global_variables()))))
            if save:
                shutil.rmtree(CKPT_DIR, ignore_errors=True)
                os.makedirs(CKPT_DIR)
                tf.train.Saver().save(sess, os.path.join(CKPT_DIR, save), write_meta_graph=False,
                                      write_state=False)
        return {'update_ops': [u.name for u in update_ops], 'forward': {'ops': forward['ops']},
                'losses': losses, 'eval': evals, 'weights': weights}


def training():
    return {'xs': value_json(XS), 'ys': value_json(YS),
            'mlp': train(mlp, lambda: tf.train.MomentumOptimizer(0.05, 0.9), XS, save='model.ckpt'),
            'conv_like': train(conv_like, lambda: tf.train.GradientDescentOptimizer(0.1), XS.reshape(8, 1, 1, 5).repeat(
                2, 1).repeat(2, 2) * np.array([1.0, -1.0], np.float32).reshape(1, 2, 1, 1))}


# --- build errors -----------------------------------------------------------------------------

def without_traceback(errors):
    """TF 2.21 appends where an existing variable was defined ('Originally defined at:' and a Python
    traceback) to the error of making it again; TF1's own text is what comes before."""
    for e in errors.values():
        e['message'] = e['message'].split(' Originally defined at:')[0]
    return errors


def build_errors():
    x = lambda shape=(None, 3), dtype=tf.float32: tf.placeholder(dtype, shape, name='x')

    def wrong_last_dim():
        layer = Dense(2)
        layer(x())
        layer(tf.placeholder(tf.float32, [None, 4], name='x4'))

    def exists():
        dense(x(), 2, name='d')
        dense(x(), 2, name='d')

    def bn_wrong_rank():
        layer = BatchNormalization()
        layer(x())
        layer(tf.placeholder(tf.float32, [None, 3, 2], name='x3'))

    def on_read_trainable():
        Layer(name='l').add_weight('w', [2], trainable=True, synchronization=tf.VariableSynchronization.ON_READ)

    class ReturnsNone(Layer):
        def call(self, inputs):
            return None

    cases = {
        'dense_units_none': lambda: Dense(None),
        'dense_units_negative': lambda: dense(x(), -1),
        'dense_rank_1': lambda: dense(x([3]), 2),
        'dense_unknown_rank': lambda: dense(x(None), 2),
        'dense_last_dim_none': lambda: dense(x([None, None]), 2),
        'dense_int_input': lambda: dense(x(dtype=tf.int32), 2),
        'dense_wrong_last_dim': wrong_last_dim,
        'dense_dtype_mismatch': lambda: Dense(2, dtype=tf.float64)(x([None, 2, 3])),
        'dense_reuse_missing': lambda: dense(x(), 2, name='nope', reuse=True),
        'dense_reuse_default_name': lambda: dense(x(), 2, reuse=True),
        'dense_exists': exists,
        'dropout_rate': lambda: dropout(x(), rate=1.5, training=True),
        'dropout_int_input': lambda: dropout(x(dtype=tf.int32), training=True),
        'flatten_data_format': lambda: Flatten(data_format='nchw'),
        'bn_axis_type': lambda: BatchNormalization(axis=1.5),
        'bn_invalid_axis': lambda: batch_normalization(x(), axis=2),
        'bn_duplicate_axis': lambda: batch_normalization(x(), axis=[1, -1]),
        'bn_undefined_rank': lambda: batch_normalization(x(None)),
        'bn_scalar': lambda: batch_normalization(x([])),
        'bn_undefined_axis_dim': lambda: batch_normalization(x([None, None])),
        'bn_virtual_batch_axis_0': lambda: batch_normalization(x(), axis=0, virtual_batch_size=2),
        'bn_virtual_batch_size_0': lambda: batch_normalization(x(), virtual_batch_size=0),
        'bn_virtual_batch_adjustment': lambda: batch_normalization(
            x(), virtual_batch_size=2, adjustment=lambda s: (tf.ones(s[-1:]), tf.zeros(s[-1:]))),
        'bn_wrong_rank': bn_wrong_rank,
        'scope_name_before_call': lambda: Dense(2).scope_name,
        'add_weight_on_read_trainable': on_read_trainable,
        'add_weight_string': lambda: Layer(name='l').add_weight('s', [2], dtype=tf.string),
        'call_returns_none': lambda: ReturnsNone(name='none')(x()),
        'spec_count': lambda: NeedsPair(name='pair')(x()),
        'spec_dtype': lambda: NeedsPair(name='pair')([x(dtype=tf.float64), x()]),
        'spec_ndim': lambda: NeedsPair(name='pair')([x([3]), x()]),
        'spec_shape': lambda: NeedsPair(name='pair')([x(), tf.placeholder(tf.float32, [2, 4], name='y')]),
        'spec_axes_max': lambda: InputSpec(ndim=2, axes={2: 3}),
    }
    return without_traceback(errors_of(cases))


def check_against_tf_layers():
    """TF 2.21 still runs TF1's own Dense, Dropout and Flatten (tensorflow.python.layers.core, over its
    frozen keras; its batch normalization needs Keras 2): the graphs using only those, built with them
    instead of the re-creations above, must be the same, op for op (a check of this script)."""
    import warnings
    from tensorflow.python.layers import core as real
    names = ('Dense', 'dense', 'Dropout', 'dropout', 'Flatten', 'flatten')
    ours = {n: globals()[n] for n in names}

    def build(fn):
        g = tf.Graph()
        with g.as_default():
            fn()
        return record_all(g)

    for fn in (naming, dense_options, dropouts, flattens):
        want_rec = build(fn)
        globals().update({n: getattr(real, n) for n in names})
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                real_rec = build(fn)
        finally:
            globals().update(ours)
        assert real_rec == want_rec, fn.__name__


def main():
    check_against_tf_layers()
    recorded, values = graphs()
    out = {'graphs': recorded, 'values': values, 'training': training(), 'build_errors': build_errors()}
    write_fixture(out, OUT)


if __name__ == '__main__':
    main()
