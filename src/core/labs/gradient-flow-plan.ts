/**
 * Which nets the gradient-flow lab measures, in order: the reader's own model first when asked for, then plain-d and
 * ResNet-d at their seeded initialisation and the trained reference nets of that depth. The reader's model sets the
 * depth; a depth the lab has no nets of is measured alone, with a note saying so. Pure: the worker runs the plan,
 * the page shows its note.
 */
import { referenceModel, type ReferenceModel } from './reference-models.ts';
import { PAPER_DEPTHS } from '../model/config.ts';

export type FlowJob =
  | { readonly kind: 'mine' }
  | { readonly kind: 'init'; readonly family: 'resnet' | 'plain'; readonly depth: number }
  | { readonly kind: 'trained'; readonly model: ReferenceModel };

export interface FlowPlan {
  /** The depth of the lab's nets measured (the reader's model's, when it is measured). */
  readonly depth: number;
  readonly jobs: readonly FlowJob[];
  /** Why the reader's model is measured alone, or null. */
  readonly note: string | null;
}

/** The depths the lab builds its plain and residual nets at (the paper's, 20 to 110: its depth setting's choices). */
export const FLOW_DEPTHS: readonly number[] = PAPER_DEPTHS;

/** The lab's nets at a depth: both families at initialisation, then each family's trained reference where there is one. */
function labJobs(depth: number): FlowJob[] {
  const jobs: FlowJob[] = [{ kind: 'init', family: 'resnet', depth }, { kind: 'init', family: 'plain', depth }];
  for (const family of ['resnet', 'plain'] as const) {
    const model = referenceModel(family, depth);
    if (model) jobs.push({ kind: 'trained', model });
  }
  return jobs;
}

/** The plan for the chosen depth, and for the reader's model (its depth and description) when it is included. */
export function flowPlan(depth: number, mine: { readonly depth: number; readonly label: string } | null): FlowPlan {
  if (!mine) return { depth, jobs: labJobs(depth), note: null };
  if (FLOW_DEPTHS.includes(mine.depth)) return { depth: mine.depth, jobs: [{ kind: 'mine' }, ...labJobs(mine.depth)], note: null };
  return {
    depth: mine.depth,
    jobs: [{ kind: 'mine' }],
    note: `Your model (${mine.label}) is measured alone: it has ${mine.depth} layers, and this lab's plain and residual nets come in ${FLOW_DEPTHS.join(', ')} layers only, so there is no net of the same depth to set beside it.`,
  };
}
