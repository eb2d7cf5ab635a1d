import type { PDU } from 'smpp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalAnswerLedger, MoAnswerConfirmations, moKey } from './mo-answer-confirmations.js';
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
const TWO = moKey('+84987654321', '8088', undefined, '2');
const failOnLedgerError = (error: unknown) => {
  throw error;
};

describe('MoAnswerConfirmations', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets an answer the SMSC was seen to read: the same words after a drop are a new message', async () => {
    const confirmations = new MoAnswerConfirmations(new LocalAnswerLedger(60_000), failOnLedgerError);
    const link = bind();
    confirmations.answered(link.session, ONE, true);
    link.answerProbes();
    confirmations.down();
    expect(await confirmations.isRedelivery(ONE)).toBe(false);
  });

  it('takes one redelivery per answer a dropped bind may have lost, within the time kept', async () => {
    let now = 0;
    const confirmations = new MoAnswerConfirmations(new LocalAnswerLedger(60_000, () => now), failOnLedgerError);
    const link = bind();
    confirmations.answered(link.session, ONE, true);
    confirmations.answered(link.session, ONE, true);
    // One enquire_link covers the answers of a burst.
    expect(link.probes()).toBe(1);
    confirmations.down();
    expect(await confirmations.isRedelivery(TWO)).toBe(false);
    expect(await confirmations.isRedelivery(ONE)).toBe(true);
    now = 60_000;
    expect(await confirmations.isRedelivery(ONE)).toBe(false);
  });

  it('confirms only what was answered before the probe, and nothing once its bind is gone', async () => {
    const confirmations = new MoAnswerConfirmations(new LocalAnswerLedger(60_000), failOnLedgerError);
    const first = bind();
    confirmations.answered(first.session, ONE, true);
    expect(first.probes()).toBe(1);
    confirmations.answered(first.session, TWO, true);
    confirmations.down();
    // The old bind's probe answered late (it cannot, once closed; a stray answer must still confirm nothing).
    first.answerProbes();
    expect(await confirmations.isRedelivery(ONE)).toBe(true);
    expect(await confirmations.isRedelivery(TWO)).toBe(true);
  });

  it('forgets lost answers past their time even when their MO never comes again', async () => {
    let now = 0;
    const ledger = new LocalAnswerLedger(60_000, () => now);
    const fromSender = (n: number) => moKey(`+8490000${String(n).padStart(4, '0')}`, '8088', undefined, '1');
    for (let n = 0; n < 100; n += 1) await ledger.add(fromSender(n));
    now = 30_000;
    await ledger.add(ONE);
    // Answered again later: a key's newest answer decides when it goes.
    await ledger.add(fromSender(0));
    expect(ledger.size).toBe(101);
    now = 60_001;
    await ledger.add(TWO);
    expect(ledger.size).toBe(3);
    expect(await ledger.take([fromSender(0), ONE, TWO, fromSender(1)])).toEqual([true, true, true, false]);
  });

  it('keeps at once an answer its bind could not carry', async () => {
    const confirmations = new MoAnswerConfirmations(new LocalAnswerLedger(60_000), failOnLedgerError);
    const link = bind();
    confirmations.answered(link.session, ONE, false);
    expect(link.probes()).toBe(0);
    expect(await confirmations.isRedelivery(ONE)).toBe(true);
  });

  it('tells the parts of a long message apart', () => {
    expect(moKey('+8498', '8088', { ref: 7, total: 2, seq: 1 }, 'a')).not.toBe(
      moKey('+8498', '8088', { ref: 7, total: 2, seq: 2 }, 'a'),
    );
  });
});
