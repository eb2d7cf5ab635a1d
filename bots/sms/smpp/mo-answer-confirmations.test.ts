import type { PDU } from 'smpp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MoAnswerConfirmations, moKey } from './mo-answer-confirmations.js';
import type { SmppSession } from './smpp-session.js';

/** A bind that holds each enquire_link's answer until the test gives it (or drops the bind). */
function bind() {
  const waiting: (() => void)[] = [];
  const session = {
    send: (_pdu: PDU, onResponse?: () => void) => {
      if (onResponse) waiting.push(onResponse);
      return true;
    },
  } as unknown as SmppSession;
  // The enquire_links that went out (they wait a moment after the first answer they cover) come back.
  const answerProbes = () => {
    vi.advanceTimersByTime(20);
    for (const answer of waiting.splice(0)) answer();
  };
  const probes = () => {
    vi.advanceTimersByTime(20);
    return waiting.length;
  };
  return { session, answerProbes, probes };
}

const ONE = moKey('+84987654321', '8088', undefined, '1');

describe('MoAnswerConfirmations', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets an answer the SMSC was seen to read: the same words after a drop are a new message', () => {
    const confirmations = new MoAnswerConfirmations(60_000);
    const link = bind();
    confirmations.answered(link.session, ONE, true);
    link.answerProbes();
    confirmations.down();
    expect(confirmations.isRedelivery(ONE)).toBe(false);
  });

  it('takes one redelivery per answer a dropped bind may have lost, within the time kept', () => {
    let now = 0;
    const confirmations = new MoAnswerConfirmations(60_000, 20, () => now);
    const link = bind();
    confirmations.answered(link.session, ONE, true);
    // Sent while the first probe is out: confirmed only by the next one.
    confirmations.answered(link.session, ONE, true);
    expect(link.probes()).toBe(1);
    confirmations.down();
    expect(confirmations.isRedelivery(moKey('+84987654321', '8088', undefined, '2'))).toBe(false);
    expect(confirmations.isRedelivery(ONE)).toBe(true);
    now = 60_000;
    expect(confirmations.isRedelivery(ONE)).toBe(false);
  });

  it('confirms only what was answered before the probe, and nothing once its bind is gone', () => {
    const confirmations = new MoAnswerConfirmations(60_000);
    const first = bind();
    confirmations.answered(first.session, ONE, true);
    expect(first.probes()).toBe(1);
    const two = moKey('+84987654321', '8088', undefined, '2');
    confirmations.answered(first.session, two, true);
    confirmations.down();
    // The old bind's probe answered late (it cannot, once closed; a stray answer must still confirm nothing).
    first.answerProbes();
    expect(confirmations.isRedelivery(ONE)).toBe(true);
    expect(confirmations.isRedelivery(two)).toBe(true);
  });

  it('suspects at once an answer its bind could not carry', () => {
    const confirmations = new MoAnswerConfirmations(60_000);
    confirmations.answered(bind().session, ONE, false);
    expect(confirmations.isRedelivery(ONE)).toBe(true);
  });

  it('tells the parts of a long message apart', () => {
    expect(moKey('+8498', '8088', { ref: 7, total: 2, seq: 1 }, 'a')).not.toBe(
      moKey('+8498', '8088', { ref: 7, total: 2, seq: 2 }, 'a'),
    );
  });
});
