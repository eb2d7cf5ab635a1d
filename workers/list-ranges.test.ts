import { describe, expect, it } from 'vitest';
import { ListRanges } from './list-ranges.js';

describe('ListRanges', () => {
  it('hands out pages in order from where the list was left', () => {
    const ranges = new ListRanges(40, 10);
    expect([ranges.take(), ranges.take(), ranges.take()]).toEqual([40, 50, 60]);
  });

  it('moves the cursor only over pages committed without a gap before them', () => {
    const ranges = new ListRanges(0, 10);
    for (let i = 0; i < 4; i++) ranges.take();
    expect(ranges.commit(10, 10)).toBeUndefined();
    expect(ranges.commit(20, 10)).toBeUndefined();
    expect(ranges.commit(0, 10)).toEqual({ to: 30, done: false });
    expect(ranges.commit(30, 10)).toEqual({ to: 40, done: false });
  });

  it('is done once the short page and every page before it have committed, and hands out nothing past it', () => {
    const ranges = new ListRanges(0, 10);
    for (let i = 0; i < 4; i++) ranges.take();
    // The list ends in the page after 20 (7 rows); the page after 30 was taken before that was known, and is empty.
    expect(ranges.commit(30, 0)).toBeUndefined();
    expect(ranges.commit(20, 7)).toBeUndefined();
    expect(ranges.take()).toBeUndefined();
    expect(ranges.commit(10, 10)).toBeUndefined();
    expect(ranges.commit(0, 10)).toEqual({ to: 40, done: true });
  });

  it('ends a list whose length is a whole number of pages at the empty page after it', () => {
    const ranges = new ListRanges(0, 10);
    ranges.take();
    ranges.take();
    expect(ranges.commit(0, 10)).toEqual({ to: 10, done: false });
    expect(ranges.commit(10, 0)).toEqual({ to: 20, done: true });
    expect(ranges.take()).toBeUndefined();
  });

  it('keeps the cursor behind a page that never committed (a lane that failed)', () => {
    const ranges = new ListRanges(0, 10);
    for (let i = 0; i < 3; i++) ranges.take();
    expect(ranges.commit(0, 10)).toEqual({ to: 10, done: false });
    expect(ranges.commit(20, 3)).toBeUndefined();
    expect(ranges.take()).toBeUndefined();
  });
});
