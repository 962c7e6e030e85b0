/** BatchNorm epsilon and running-statistics momentum, PyTorch's defaults (the model and the PyTorch export share them). */
export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.1;
