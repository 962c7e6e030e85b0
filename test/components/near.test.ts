import { describe, expect, it } from 'vitest';
import { nextIndex } from '../../src/components/near.ts';

describe('nextIndex (roving focus over SVG items)', () => {
  it('moves by one in a list and stops at both ends', () => {
    expect(nextIndex('ArrowRight', 0, 5)).toBe(1);
    expect(nextIndex('ArrowDown', 4, 5)).toBe(4);
    expect(nextIndex('ArrowLeft', 0, 5)).toBe(0);
    expect(nextIndex('Home', 3, 5)).toBe(0);
    expect(nextIndex('End', 0, 5)).toBe(4);
  });
  it('moves by rows in a grid', () => {
    expect(nextIndex('ArrowDown', 3, 100, 10)).toBe(13);
    expect(nextIndex('ArrowUp', 3, 100, 10)).toBe(0);
    expect(nextIndex('ArrowRight', 9, 100, 10)).toBe(10);
  });
  it('ignores keys that do not navigate', () => {
    expect(nextIndex('Enter', 2, 5)).toBeUndefined();
    expect(nextIndex('a', 2, 5, 10)).toBeUndefined();
  });
});
