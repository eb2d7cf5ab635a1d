import { afterEach, describe, expect, it, vi } from 'vitest';
import { MoReassembly } from './mo-reassembly.js';

describe('MoReassembly', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('joins parts that arrive out of order, under the first part’s id', () => {
    const messages: Array<[string, string]> = [];
    const reassembly = new MoReassembly<string>(1_000, (text, id) => messages.push([text, id]));
    reassembly.add('a|1', { ref: 1, total: 3, seq: 3 }, 'khong.', 'id-3');
    reassembly.add('a|1', { ref: 1, total: 3, seq: 1 }, 'Toi ', 'id-1');
    reassembly.add('b|1', { ref: 1, total: 2, seq: 1 }, 'other ', 'id-b');
    reassembly.add('a|1', { ref: 1, total: 3, seq: 2 }, 'bi sot ', 'id-2');
    expect(messages).toEqual([['Toi bi sot khong.', 'id-1']]);
    reassembly.clear();
  });

  it('passes on what arrived when a part never comes', () => {
    vi.useFakeTimers();
    const messages: string[] = [];
    const reassembly = new MoReassembly<string>(1_000, (text) => messages.push(text));
    reassembly.add('a|1', { ref: 1, total: 2, seq: 2 }, 'second half', 'id-2');
    vi.advanceTimersByTime(999);
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(messages).toEqual(['second half']);
  });
});
