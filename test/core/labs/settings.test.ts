import { describe, expect, it } from 'vitest';
import { defaultsOf, readSettings, writeSettings } from '../../../src/core/labs/settings.ts';
import { degradationTable, formatNet, parseNet, racePasses, raceWidths } from '../../../src/core/labs/degradation-settings.ts';
import { gradientFlowTable, labPages, landscapeTable, stepperTable, trainTable } from '../../../src/core/labs/lab-tables.ts';

describe('lab settings in the URL', () => {
  it('reads defaults from an empty query', () => {
    const { settings, problems } = readSettings(degradationTable, '');
    expect(problems).toEqual([]);
    expect(settings.seed).toBe(1);
    expect(settings.nets.map(formatNet)).toEqual(['3p', '9p', '9r']);
  });

  it('round-trips every lab table through the query string, seed included', () => {
    const custom = {
      ...readSettings(degradationTable, '').settings,
      seed: 42, width: 4, size: 32 as const, lr: 0.1, opt: 'adam' as const,
      nets: [{ n: 1, skips: [true, false, true] }, { n: 5, skips: 'all' as const }],
    };
    const q = writeSettings(degradationTable, custom);
    expect(q).toContain('nets=1m101,5r');
    const back = readSettings(degradationTable, `?${q}`);
    expect(back.problems).toEqual([]);
    expect(back.settings).toEqual(custom);
    for (const table of [stepperTable, trainTable, gradientFlowTable, landscapeTable] as const) {
      const d = readSettings(table as typeof stepperTable, '').settings;
      expect(readSettings(table as typeof stepperTable, writeSettings(table as typeof stepperTable, d)).settings).toEqual(d);
    }
  });

  it('keeps the gradient-flow and landscape settings in range: depths 6n+2, odd grids, at most 64 images for a backward pass', () => {
    expect(readSettings(gradientFlowTable, '?depth=110&images=64').problems).toEqual([]);
    expect(readSettings(gradientFlowTable, '?depth=50').problems[0]).toMatch(/depth=50.*one of 20, 32, 44, 56, 110/);
    expect(readSettings(gradientFlowTable, '?images=128').problems[0]).toMatch(/from 4 to 64/);
    expect(readSettings(landscapeTable, '?grid=16').problems[0]).toMatch(/grid=16.*one of 9, 17, 25, 33/);
    expect(readSettings(landscapeTable, '?grid=33&span=0.5&seed=7').settings).toMatchObject({ size: 33, span: 0.5, seed: 7 });
  });

  it('rejects bad values with a message that names the key and the fix, and falls back to the default', () => {
    const { settings, problems } = readSettings(degradationTable, '?seed=abc&lr=5&size=20&nets=3x');
    expect(settings.seed).toBe(1);
    expect(settings.lr).toBe(0.003);
    expect(settings.size).toBe(16);
    expect(problems).toHaveLength(4);
    // Problems come in table order: seed, nets, size, lr.
    expect(problems[0]).toMatch(/seed=abc.*whole number/);
    expect(problems[1]).toMatch(/3x.*e\.g\. 3p/);
    expect(problems[2]).toMatch(/size=20.*one of 16, 32/);
    expect(problems[3]).toMatch(/lr=5.*from 0.00001 to 1; using 0.003/);
  });

  it('accepts early-stopping patience 0 (stop at the first check no better than the last), not below', () => {
    expect(readSettings(trainTable, '?patience=0')).toEqual({ settings: { ...readSettings(trainTable, '').settings, patience: 0 }, problems: [] });
    const below = readSettings(trainTable, '?patience=-1');
    expect(below.settings.patience).toBe(5);
    expect(below.problems[0]).toMatch(/patience=-1/);
  });

  it('parses nets: plain, residual, and per-block masks of the right length only', () => {
    expect(parseNet('9p')).toEqual({ n: 9, skips: 'none' });
    expect(parseNet('3r')).toEqual({ n: 3, skips: 'all' });
    expect(parseNet('1m111')).toEqual({ n: 1, skips: 'all' });
    expect(parseNet('1m000')).toEqual({ n: 1, skips: 'none' });
    expect(parseNet('1m0101')).toBeInstanceOf(Error);
    expect(String(parseNet('1m0101'))).toMatch(/3 skip bits/);
    expect(parseNet('0p')).toBeInstanceOf(Error);
    expect(parseNet('19r')).toBeInstanceOf(Error);
  });
});

describe('lab pages', () => {
  it('names, for each lab, a chapter of the reading path to link it from', async () => {
    const { chapters } = await import('../../../src/core/chapters.ts');
    for (const lab of labPages) expect(chapters.map((c) => c.href)).toContain(lab.fromChapter);
  });

  it("gives a table's defaults, and the default race's stage widths and passes over its subset", () => {
    const d = defaultsOf(degradationTable);
    expect(d).toEqual(readSettings(degradationTable, '').settings);
    expect(raceWidths(d.width)).toEqual([8, 16, 32]);
    expect(raceWidths(16)).toEqual([16, 32, 64]);
    expect(racePasses(d)).toBe(11);
    expect(racePasses({ steps: 300, batch: 32, train: 1000 })).toBe(10);
  });
});
