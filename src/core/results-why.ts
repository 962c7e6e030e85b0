/**
 * What the papers report that the "Why it works" chapter quotes, as the papers print them (strings, so 6.61 stays
 * 6.61), each with where it is printed. Checked against the texts: He et al. 2016b (arXiv:1603.05027) Tables 1 and 3
 * and section 3.1; Veit et al. 2016 (arXiv:1605.06431) abstract.
 */

/** He et al. 2016b, Table 3: CIFAR-10 test error (%) of the original residual unit and of the pre-activation unit. */
export const PREACT_TABLE3 = {
  resnet110: { original: '6.61', preact: '6.37' },
  resnet164: { original: '5.93', preact: '5.46' },
  resnet1001: { original: '7.61', preact: '4.92' },
} as const;

/**
 * He et al. 2016b, Table 1: CIFAR-10 test error (%) of ResNet-110 with its shortcuts changed (ReLU after the addition
 * throughout). "fail" in the paper means a test error above 20%.
 */
export const SHORTCUT_TABLE1 = {
  original: '6.61',
  /** Shortcut scaled by 0.5 and F by 0.5 ("frozen gating"). */
  scaledHalfHalf: '12.35',
  /** Shortcut scaled by 0.5, F not scaled. */
  scaledHalf: 'fail',
  conv1x1: '12.22',
  /** Section 3.1: ResNet-110 has 54 two-layer residual units. */
  units: 54,
} as const;

/** Veit et al. 2016, abstract: in a 110-layer residual network most of the gradient comes from paths this many layers deep. */
export const VEIT_GRADIENT_PATH_LAYERS = '10-34';
