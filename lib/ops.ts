/**
 * The `ops` namespace: graph-building helpers (placeholders, constants, variables, math, state
 * and control-flow ops), as TF1 Python's `tf.*` graph functions.
 */
export {};
