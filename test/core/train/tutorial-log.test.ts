import { describe, expect, it } from 'vitest';
import { earlyStopTrace } from '../../../src/core/train/early-stopping.ts';
import { tutorialRecipe } from '../../../src/core/train/recipes.ts';
import { logLine, TUTORIAL_LOG } from '../../../src/core/train/tutorial-log.ts';

describe("the tutorial's training log", () => {
  it('formats a check the way the tutorial prints it, to three decimals', () => {
    expect(logLine(1, 50, 2.0741, 0.2876)).toBe('[epoch 1, batch 50]: running train cross entropy: 2.074 | validation accuracy: 0.288');
  });

  it('holds the two epochs the tutorial printed: a check every 50 of the 352 batches of an epoch', () => {
    expect(TUTORIAL_LOG).toHaveLength(14);
    expect(TUTORIAL_LOG.map((l) => `${l.epoch}:${l.batch}`)).toEqual(
      [1, 2].flatMap((e) => [50, 100, 150, 200, 250, 300, 350].map((b) => `${e}:${b}`)),
    );
    expect(logLine(TUTORIAL_LOG[0]!.epoch, TUTORIAL_LOG[0]!.batch, TUTORIAL_LOG[0]!.loss, TUTORIAL_LOG[0]!.accuracy))
      .toBe('[epoch 1, batch 50]: running train cross entropy: 2.074 | validation accuracy: 0.288');
  });

  it('under the early-stopping rule, only the dip from 0.545 to 0.544 raises the counter, and nothing stops', () => {
    const trace = earlyStopTrace(TUTORIAL_LOG.map((l) => l.accuracy), tutorialRecipe().earlyStopPatience ?? 0);
    expect(trace.map((c) => c.state.counter)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(trace.some((c) => c.stop)).toBe(false);
  });
});
