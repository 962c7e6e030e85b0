import { describe, expect, it } from 'vitest';
import { chapters, neighbours } from '../src/core/chapters.ts';

describe('the reading path', () => {
  it('lists the six chapters in the tutorial order, "why it works" after the architecture, then the chapter beyond the tutorial', () => {
    expect(chapters.map((c) => c.href)).toEqual([
      '/motivation', '/architecture', '/why-it-works', '/data-preparation', '/implementation', '/training', '/evaluation', '/beyond',
    ]);
  });
  it('links each chapter to its neighbours and stops at both ends', () => {
    expect(neighbours('/motivation').prev).toBeUndefined();
    expect(neighbours('/motivation').next?.href).toBe('/architecture');
    expect(neighbours('/architecture').next?.href).toBe('/why-it-works');
    expect(neighbours('/why-it-works').prev?.href).toBe('/architecture');
    expect(neighbours('/why-it-works').next?.href).toBe('/data-preparation');
    expect(neighbours('/evaluation').next?.href).toBe('/beyond');
    expect(neighbours('/beyond').next).toBeUndefined();
    expect(neighbours('/nowhere')).toEqual({ prev: undefined, next: undefined });
  });
});
