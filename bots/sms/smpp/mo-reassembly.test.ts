import { afterEach, describe, expect, it, vi } from 'vitest';
import { MoReassembly } from './mo-reassembly.js';

describe('MoReassembly', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('joins parts that arrive out of order, under the first part’s id, for the part that completes them', () => {
    const reassembly = new MoReassembly<string>(1_000, () => undefined);
    expect(reassembly.add('a|1', { ref: 1, total: 3, seq: 3 }, 'khong.', 'id-3')).toBeUndefined();
    expect(reassembly.add('a|1', { ref: 1, total: 3, seq: 1 }, 'Toi ', 'id-1')).toBeUndefined();
    expect(reassembly.add('b|1', { ref: 1, total: 2, seq: 1 }, 'other ', 'id-b')).toBeUndefined();
    const joined = reassembly.add('a|1', { ref: 1, total: 3, seq: 2 }, 'bi sot ', 'id-2');
    expect(joined).toMatchObject({ text: 'Toi bi sot khong.', meta: 'id-1' });
    reassembly.takeAll();
  });

  it('passes on what arrived when a part never comes', () => {
    vi.useFakeTimers();
    const messages: string[] = [];
    const reassembly = new MoReassembly<string>(1_000, (message) => messages.push(message.text));
    reassembly.add('a|1', { ref: 1, total: 2, seq: 2 }, 'second half', 'id-2');
    vi.advanceTimersByTime(999);
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(messages).toEqual(['second half']);
  });

  it('puts a message back but its last part, which then completes it again', () => {
    const reassembly = new MoReassembly<string>(1_000, () => undefined);
    reassembly.add('a|1', { ref: 1, total: 2, seq: 1 }, 'Toi ', 'id-1');
    const joined = reassembly.add('a|1', { ref: 1, total: 2, seq: 2 }, 'bi sot', 'id-2');
    if (joined === undefined) throw new Error('not joined');
    reassembly.restore(joined, 2);
    // The SMSC delivers the refused part again, with a new id.
    expect(reassembly.add('a|1', { ref: 1, total: 2, seq: 2 }, 'bi sot', 'id-2b')).toMatchObject({
      text: 'Toi bi sot',
      meta: 'id-1',
    });
    reassembly.takeAll();
  });

  it('gives up every partial message with what arrived of it, and none afterwards', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const reassembly = new MoReassembly<string>(1_000, (message) => expired.push(message.text));
    reassembly.add('a|1', { ref: 1, total: 3, seq: 3 }, 'khong.', 'id-3');
    reassembly.add('a|1', { ref: 1, total: 3, seq: 1 }, 'Toi ', 'id-1');
    reassembly.add('b|1', { ref: 1, total: 2, seq: 2 }, 'ban', 'id-b');
    expect(reassembly.takeAll().map((message) => [message.text, message.meta])).toEqual([
      ['Toi khong.', 'id-1'],
      ['ban', 'id-b'],
    ]);
    expect(reassembly.takeAll()).toEqual([]);
    // Their timers went with them.
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([]);
  });
});
