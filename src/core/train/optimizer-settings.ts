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
