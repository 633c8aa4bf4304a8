#!/usr/bin/env bash
# Regenerates test/fixtures/graph_layer/ with Python TF (tf.compat.v1, graph mode): the op-name
# and collection records of names.py, the optimizer runs of optimizers.py, the gradients of
# gradients.py, the models and Python exports of models.py, the queues and input pipelines of
# input_pipelines.py, the readers and Example parsing of io_ops.py (with its data files under
# test/fixtures/io_ops/), the SparseTensors, sparse ops and sparse embeddings of sparse_ops.py, and
# the v1 conds, while loops, their gradients and trainings of control_flow.py, and the TensorArrays,
# their gradients and the dynamic_rnn models of tensor_array.py, and the RNN cells, init_scope and the
# RNN functions of rnn.py, the streaming metrics of metrics.py, the losses of losses.py,
# the convolution and pooling ops and layers of conv_layers.py, and the legacy tf.layers (base
# Layer, Dense, Dropout, Flatten, BatchNormalization) of layers.py (with test/fixtures/layers/), and the
# tf.data datasets and iterators of datasets.py (with test/fixtures/graph_layer/datasets/) and
# datasets_more.py (windows, interleave, reduce/scan, tf.data.experimental) and datasets_experimental.py
# (cardinality, CsvDataset, group_by_reducer, Optional, Options; with its CSV files), and the
# tf.image ops of image_ops.py, and the tf.strings ops of string_ops.py, and the lookup tables of
# lookup_ops.py (with test/fixtures/graph_layer/lookup_ops/), and the feature columns of
# feature_column.py (with test/fixtures/graph_layer/feature_column/), and the tf.nn extras (samplers,
# sampled losses, CTC) of nn_ops.py, and the top-level array ops (slicing, splitting, padding, one_hot,
# masks, scatters, ...) of array_ops.py, and the random ops and scatter updates of random_state_ops.py,
# and the linear algebra (tf.linalg, tf.matrix_*, their Python gradients) of linalg_ops.py, and the
# math ops (tf.math, sort, top_k, numerics, their Python gradients) of math_ops.py, and the tensor
# indexing and variable slice assignment of indexing.py, and the rest of tf.image (NMS, crop_and_resize,
# color spaces, PSNR/SSIM, their gradients) of image_ops_more.py, and the gradient registry
# (RegisterGradient, gradient_override_map, custom_gradient, nn.swish) of custom_gradients.py, and
# the spectral ops (tf.signal, tf.spectral, tf.fft: FFTs, frames, windows, STFT, mel, MFCC, DCT) of signal_ops.py,
# and the tf.initializers, the rest of tf.nn and the fake-quant ops (their gradients, a QAT training) of init_nn_quant.py,
# and the Example protos, TFRecord files and tf.io ops of io_more.py (with test/fixtures/graph_layer/io_more/),
# and the sequence feature columns, v1 metric aliases, summary.audio and saved_model helpers of columns_metrics_more.py.
# and the remaining assertions, tf.print/tf.Print and top-level utilities (repeat, batch_gather, ...) of misc_ops.py.
# and tf.map_fn/foldl/foldr/scan, tf.make_template, tf.hessians and tf.grad_pass_through of functional_ops.py.
# and the accumulators, PriorityQueue, tf.sparse.bincount and tf.sparse.segment_* of data_flow_more.py.
# and tf.gradients' options, TensorShape, Dimension and DeviceSpec of gradient_options.py.
# and the RaggedTensors (factories, tf.ragged.constant, to_tensor, the ragged string functions) of ragged.py.
# and tf.py_func, tf.numpy_function and tf.py_function (JS functions in the graph) of script_ops.py.
# and uniform row lengths, RaggedTensor.from_tensor/from_sparse, strings.ngrams and unicode_split of ragged_uniform.py.
# and tf.switch_case (the functional Case op, its branch functions, its gradient; variables read in branches and tf.data map functions) of switch_case.py.
# and tf.data's SparseTensor elements, parse_example_dataset and make_batched_features_dataset of data_sparse.py.
# and the N-D FFTs, raw-op exports, ctc_unique_labels, compute_average_loss and SDCA ops of misc_ops2.py.
# and the session and graph protos, make_tensor_proto, import_graph_def and tf.container of framework_protos.py
# (with Variable/SparseTensor.eval, session handles freed and moved, DecodeWebP/DecodeJxl).
# and the tf.linalg.LinearOperator classes (their methods, hints, algebra, gradients) of linear_operator.py.
# and LinearOperatorCirculant (2D, 3D), Toeplitz and BlockLowerTriangular of linear_operator2.py.
# and tf.cond in tf.data functions and switch_case branches (the functional If op, _IfGrad) of cond_v2.py.
# and the gradients of tf.gather on any axis and with batch_dims (_GatherV2Grad) of gather_grad.py.
# and tf.data functions as TF 2 traces them (graph seed, automatic control dependencies, capture names) of data_functions.py.
# and tf.while_loop in tf.data functions and switch_case branches (While ops, TensorList TensorArrays, _WhileGrad) of while_v2.py.
# and checkpointed iterators (make_saveable_from_iterator), snapshot, SqlDataset (with its SQLite file) of data_checkpoint.py.
# and the porting switches (enable_resource_variables, enable_control_flow_v2) and type specs of v2_switches.py.
# check_graph_interop.py is not a
# generator: the interop test runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${TF1_NODE_PYTHON:-.venv-tf/bin/python}"
export TF_CPP_MIN_LOG_LEVEL=3
for s in names optimizers models gradients input_pipelines io_ops sparse_ops control_flow tensor_array rnn metrics losses conv_layers layers datasets datasets_more datasets_experimental image_ops string_ops lookup_ops feature_column nn_ops array_ops random_state_ops linalg_ops math_ops indexing image_ops_more custom_gradients signal_ops init_nn_quant io_more columns_metrics_more misc_ops functional_ops data_flow_more gradient_options ragged ragged_uniform switch_case data_sparse misc_ops2 framework_protos script_ops linear_operator linear_operator2 cond_v2 gather_grad data_functions while_v2 data_checkpoint v2_switches; do "$PY" "scripts/graph_fixtures/$s.py"; done
