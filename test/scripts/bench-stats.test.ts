import { describe, expect, it } from 'vitest';
import { bestOf, isFlagged, roundRatio, spread, summarize, type Round, type Sample, type Sides } from '../../scripts/bench/stats.ts';
import { projectionLine, ratioLines, roundTable, summaryJson, targetTable } from '../../scripts/bench/report.ts';

const SIDES: Sides = { browser: ['web-a', 'web-b'], reference: ['torch-nchw', 'torch-cl'] };

/** A sample with a 1-minute load average `load`; train null = the target failed in that round. */
function s(target: string, train: number | null, load = 0.5, infer: number | null = train == null ? null : 2 * train): Sample {
  return train == null
    ? { target, load: [load, load, load], trainImgS: null, inferImgS: null, peakMB: null, error: `${target} crashed` }
    : { target, load: [load, load, load], trainImgS: train, inferImgS: infer, peakMB: 100, note: `${target} note` };
}

describe('spread', () => {
  it('takes the middle value of an odd count, with min and max', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
  });

  it('averages the two middle values of an even count', () => {
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(spread([10, 20])).toEqual({ median: 15, min: 10, max: 20, n: 2 });
  });

  it('handles ties', () => {
    expect(spread([2, 5, 2, 2])).toEqual({ median: 2, min: 2, max: 5, n: 4 });
    expect(spread([7, 7])).toEqual({ median: 7, min: 7, max: 7, n: 2 });
  });

  it('skips missing values (a failed round) instead of counting them as zero', () => {
    expect(spread([1, null, 3])).toEqual({ median: 2, min: 1, max: 3, n: 2 });
    expect(spread([undefined, 4, Number.NaN])).toEqual({ median: 4, min: 4, max: 4, n: 1 });
  });

  it('is null when nothing was measured', () => {
    expect(spread([])).toBeNull();
    expect(spread([null, null])).toBeNull();
  });
});

describe('one round', () => {
  it('is flagged when the 1-minute load before any measurement is above the threshold, not at it', () => {
    expect(isFlagged([s('web-a', 1, 1.5), s('torch-cl', 1, 2)], 2)).toBe(false);
    expect(isFlagged([s('web-a', 1, 1.5), s('torch-cl', 1, 2.01)], 2)).toBe(true);
    expect(isFlagged([s('web-a', null, 9)], 2)).toBe(true);
  });

  it('picks the fastest of the given targets that succeeded', () => {
    const round = [s('web-a', 300), s('web-b', null), s('node', 900), s('torch-nchw', 800), s('torch-cl', 1000)];
    expect(bestOf(round, SIDES.browser)).toEqual({ target: 'web-a', imgS: 300 });
    expect(bestOf(round, SIDES.reference)).toEqual({ target: 'torch-cl', imgS: 1000 });
    expect(bestOf([s('web-a', null)], SIDES.browser)).toBeNull();
  });

  it('divides the best browser path by the best reference of the same round', () => {
    expect(roundRatio([s('web-a', 300), s('web-b', 400), s('torch-nchw', 800), s('torch-cl', 1000)], SIDES)).toBeCloseTo(0.4);
  });

  it('has no ratio when either side failed', () => {
    expect(roundRatio([s('web-a', 300), s('torch-nchw', null), s('torch-cl', null)], SIDES)).toBeNull();
    expect(roundRatio([s('web-a', null), s('torch-cl', 1000)], SIDES)).toBeNull();
  });
});

describe('summarize', () => {
  // Browser and PyTorch both slow down in round 2 (the machine was busy): the per-round ratio hardly moves.
  const rounds: Round[] = [
    [s('web-a', 100), s('web-b', 90), s('torch-nchw', 200), s('torch-cl', 250)],
    [s('web-a', 200, 5), s('web-b', null, 5), s('torch-nchw', 450, 5), s('torch-cl', 500, 5)],
    [s('web-a', 300), s('web-b', 100), s('torch-nchw', 600), s('torch-cl', 550)],
  ];
  const sum = summarize(rounds, SIDES, 2);

  it('takes the ratio inside each round, then the median: not the ratio of the medians', () => {
    expect(sum.roundRatios.map((r) => Number(r!.toFixed(4)))).toEqual([0.4, 0.4, 0.5]);
    expect(sum.ratio).toMatchObject({ median: 0.4, min: 0.4, max: 0.5, n: 3 });
    // Ratio of the medians would be 200 / 500 = 0.4 here too, but not in general:
    const skewed: Round[] = [
      [s('web-a', 100), s('torch-cl', 1000)],
      [s('web-a', 200), s('torch-cl', 500)],
      [s('web-a', 300), s('torch-cl', 600)],
    ];
    const k = summarize(skewed, SIDES, 2);
    expect(k.ratio!.median).toBeCloseTo(0.4); // rounds: 0.1, 0.4, 0.5
    expect(k.bestBrowser!.imgS / k.reference!.median).toBeCloseTo(200 / 600); // 0.333
  });

  it('flags the loaded round and gives the ratio over the unflagged rounds as well', () => {
    expect(sum.flagged).toEqual([2]);
    expect(sum.ratioUnflagged).toMatchObject({ min: 0.4, max: 0.5, n: 2 });
    expect(sum.ratioUnflagged!.median).toBeCloseTo(0.45);
  });

  it('summarises each target over the rounds it succeeded in and lists its failures', () => {
    const b = sum.targets.find((t) => t.target === 'web-b')!;
    expect(b.attempted).toBe(3);
    expect(b.failures).toEqual([{ round: 2, error: 'web-b crashed' }]);
    expect(b.train).toEqual({ median: 95, min: 90, max: 100, n: 2 });
    // Per round over that round's best reference (250, 600): 0.36 and 0.1667.
    expect(b.ratio!.median).toBeCloseTo((90 / 250 + 100 / 600) / 2);
    expect(b.note).toBe('web-b note');
    expect(sum.targets.map((t) => t.target)).toEqual(['web-a', 'web-b', 'torch-nchw', 'torch-cl']);
  });

  it('names the browser target with the best median and the median of the per-round reference', () => {
    expect(sum.bestBrowser).toEqual({ target: 'web-a', imgS: 200 });
    expect(sum.reference).toEqual({ median: 500, min: 250, max: 600, n: 3 });
  });

  it('leaves a round out of the ratio when a side failed in it, and keeps an even count as the mean of the middle two', () => {
    const r: Round[] = [...rounds, [s('web-a', 500), s('torch-cl', 1000)], [s('web-a', 1), s('torch-cl', null), s('torch-nchw', null)]];
    const t = summarize(r, SIDES, 2);
    expect(t.roundRatios.at(-1)).toBeNull();
    expect(t.ratio).toMatchObject({ n: 4, min: 0.4, max: 0.5 });
    expect(t.ratio!.median).toBeCloseTo(0.45); // 0.4, 0.4, 0.5, 0.5
  });

  it('has no unflagged ratio when every round was taken under load', () => {
    const all = summarize(rounds, SIDES, 0.1);
    expect(all.flagged).toEqual([1, 2, 3]);
    expect(all.ratioUnflagged).toBeNull();
    expect(ratioLines(all)).toContain('unflagged rounds only: none (every round was flagged)');
  });
});

describe('report', () => {
  const rounds: Round[] = [
    [s('web-a', 100), s('torch-cl', 250)],
    [s('web-a', 200, 5), s('torch-cl', null, 5)],
    [s('web-a', 300), s('torch-cl', 600)],
  ];
  const sum = summarize(rounds, SIDES, 2);

  it('keeps version 1 summary keys (as medians) and adds the spread, the per-round ratios and the flags', () => {
    const j = summaryJson(sum);
    expect(j).toMatchObject({ best_browser_backend: 'web-a', best_browser_img_s: 200, pytorch_img_s: 425, ratio: 0.45 });
    expect(j).toMatchObject({ ratio_min: 0.4, ratio_max: 0.5, round_ratios: [0.4, null, 0.5], rounds: 3, flagged_rounds: [2], load_threshold: 2 });
    expect(j.ratio_unflagged).toBe(0.45);
  });

  it('shows failures, rounds measured and the flag in the tables', () => {
    const table = targetTable(sum, () => 128);
    expect(table).toContain('| torch-cl | 128 | 425.0 | 250.0-600.0 | 2/3 |');
    expect(table).toContain('failed in round 2: torch-cl crashed');
    const byRound = roundTable(rounds, SIDES, 2);
    expect(byRound.split('\n')[3]).toContain('**flagged** (5.00 > 2)');
    expect(byRound.split('\n')[2]).toMatch(/\| 0\.400 \| no \|$/);
    expect(ratioLines(sum)).toContain('Flagged: 1 of 3 rounds (2)');
  });

  it("projects the paper's full recipe from the best browser path's median, only when it trained at batch 128", () => {
    // 200 img/s: 8,192,000 images in 40,960 s (11.4 h), an epoch of 45,000 in 225 s; PyTorch's 425: 5.4 h.
    expect(projectionLine(sum, () => 128)).toBe("The paper's full recipe (64,000 updates of 128, 182 epochs of 45,000 images), training updates only, " +
      "at web-a's median 200.0 img/s: an epoch 3.8 min, all of it 11.4 h (goal 4 h or less: 569 img/s or more). PyTorch at its median 425.0 img/s: 5.4 h.");
    expect(projectionLine(sum, () => 32)).toBeNull();
  });
});
