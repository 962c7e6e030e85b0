/** The optimizers a recipe names, with their hyper-parameters, exactly as torch.optim defines them. */

/** torch.optim.Adam: weight decay is L2 added to the gradient; bias-corrected moments; eps added after the sqrt. */
export interface AdamSettings {
  readonly kind: 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
}

/** torch.optim.SGD with momentum, no dampening, no Nesterov: buf = m*buf + (g + wd*p); p -= lr*buf. */
export interface SgdSettings {
  readonly kind: 'sgd';
  readonly momentum: number;
  readonly weightDecay: number;
}

export type OptimizerSettings = AdamSettings | SgdSettings;

/** torch.optim.Adam's default betas and eps with weight decay 1e-4: the tutorial's optimizer, and the degradation lab's. */
export const TUTORIAL_ADAM: AdamSettings = { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 };

/** The paper's SGD (section 4.2): momentum 0.9, weight decay 1e-4; also the degradation lab's SGD. */
export const PAPER_SGD: SgdSettings = { kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 };
