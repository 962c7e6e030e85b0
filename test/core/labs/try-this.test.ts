import { describe, expect, it } from 'vitest';
import { chapters } from '../../../src/core/chapters.ts';
import { readSettings, type SettingsTable } from '../../../src/core/labs/settings.ts';
import { tableOf, tryThis, tryThisFor, tryThisHref, tryThisQuery } from '../../../src/core/labs/try-this.ts';

const all = Object.entries(tryThis).flatMap(([chapter, links]) => links.map((link) => ({ chapter, link })));

describe('"Try this" experiments', () => {
  it('gives every chapter of the reading path two or three experiments', () => {
    for (const c of chapters) {
      const n = tryThisFor(c.href).length;
      expect(n, c.href).toBeGreaterThanOrEqual(2);
      expect(n, c.href).toBeLessThanOrEqual(3);
    }
  });

  it('keys experiments only by chapters that exist (the reading path or the errata page)', () => {
    const known = new Set([...chapters.map((c) => c.href), '/tutorial-errata']);
    expect(Object.keys(tryThis).filter((k) => !known.has(k))).toEqual([]);
  });

  it.each(all.map(({ chapter, link }) => [`${chapter}: ${link.label}`, link] as const))(
    '%s parses back through its lab\'s settings table with no problems and the same settings',
    (_name, link) => {
      const href = tryThisHref(link);
      const query = href.slice(href.indexOf('?'));
      const { settings, problems } = readSettings(tableOf(link) as SettingsTable<unknown>, query);
      expect(problems).toEqual([]);
      expect(settings).toEqual(link.settings);
      expect(query.slice(1)).toBe(tryThisQuery(link));
    },
  );

  it('states an expectation measured in a run for every link', () => {
    for (const { chapter, link } of all) {
      expect(link.label.trim(), chapter).not.toBe('');
      expect(link.expectation, `${chapter}: ${link.label}`).toMatch(/in our run/i);
    }
  });

  it('refuses a chapter without experiments with a message naming the file to edit', () => {
    expect(() => tryThisFor('/no-such-chapter')).toThrow(/src\/core\/labs\/try-this\.ts/);
  });
});
