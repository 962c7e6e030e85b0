// The module's exports (the entry scripts/build-native.ts compiles). Every kernel takes (..., tid, nt): see conv.ts.
export { scratchBytes, conv2d, transposeFilter, conv2dInputGrad, conv2dFilterGrad } from './conv';
export { sumChunks } from './filter-grad';
export { shiftedSums, gradSums, channelAffine, channelAffine2, reluGrad } from './channels';
export { winogradScratchBytes, winogradFilter, winograd3x3 } from './winograd';
export { winogradGradScratchBytes, winogradFilterGrad, winogradFilterGradFinish } from './winograd-grad';
