/**
 * The tutorial's early-stopping rule, exactly as its loop does it: after each validation, a check that is not better
 * than the previous check (<=) increments a counter, a better one resets it; training stops once the counter exceeds
 * the patience (5), i.e. after six non-improving checks in a row.
 */

/** What the rule remembers between checks (plain numbers: it lives in checkpoints). */
export interface EarlyStopState {
  /** Accuracy at the previous check; -Infinity before the first (stored as null in JSON). */
  readonly previous: number | null;
  /** Non-improving checks in a row. */
  readonly counter: number;
}

export const EARLY_STOP_START: EarlyStopState = { previous: null, counter: 0 };

/** The next state after a validation accuracy, and whether training must stop now. */
export function earlyStopCheck(state: EarlyStopState, accuracy: number, patience: number): { state: EarlyStopState; stop: boolean } {
  if (!Number.isFinite(accuracy)) throw new Error(`Early stopping needs a finite validation accuracy, got ${accuracy}.`);
  if (!Number.isInteger(patience) || patience < 0) throw new Error(`Patience is a non-negative integer, got ${patience}.`);
  const improved = state.previous === null || accuracy > state.previous;
  const counter = improved ? 0 : state.counter + 1;
  return { state: { previous: accuracy, counter }, stop: counter > patience };
}

/** Non-improving checks in a row after which the rule stops: one more than the patience (6 for the tutorial's 5). */
export function checksToStop(patience: number): number {
  if (!Number.isInteger(patience) || patience < 0) throw new Error(`Patience is a non-negative integer, got ${patience}.`);
  return patience + 1;
}

/** The rule applied to a sequence of validation accuracies: the state and the stop decision after each check. */
export function earlyStopTrace(accuracies: readonly number[], patience: number): { state: EarlyStopState; stop: boolean }[] {
  const out: { state: EarlyStopState; stop: boolean }[] = [];
  let state = EARLY_STOP_START;
  for (const a of accuracies) {
    const next = earlyStopCheck(state, a, patience);
    out.push(next);
    state = next.state;
  }
  return out;
}
