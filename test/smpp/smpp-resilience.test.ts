import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SubmittedPdu } from '../peers/smsc/smsc-simulator.js';
import { gateway, simulator, until } from './smpp-harness.js';

const VIETTEL = '+84961234567';

/** Most submits the SMSC accepted within any one-second window. */
function peakPerSecond(submitted: readonly SubmittedPdu[]): number {
  const times = submitted.map((pdu) => pdu.time.getTime());
  return Math.max(0, ...times.map((start) => times.filter((time) => time >= start && time < start + 1_000).length));
}

/** Sends 30 messages, crashes the SMSC after the first few arrived, restarts it on the same port 300 ms later. */
async function crashMidBurst(options: { responseDelayMs: number; reset: boolean }) {
  const smsc = await simulator({ responseDelayMs: options.responseDelayMs });
  const { gateway: vt, downs } = gateway(smsc.port, { tps: 40, window: 10, submitTimeoutMs: 8_000 });
  await vt.waitUntilUp(2_000);
  const texts = Array.from({ length: 30 }, (_, index) => `Tin nhan so ${String(index + 1).padStart(2, '0')}`);

  const sending = Promise.all(texts.map((text) => vt.submit(VIETTEL, text)));
  await until(() => smsc.submitted.length >= 8, 'the first messages to arrive');
  smsc.kill({ reset: options.reset });
  const beforeCrash = smsc.submitted.length;
  await sleep(300);
  const upDuringCrash = vt.isUp;
  await smsc.restart();
  const ids = await sending;

  expect(beforeCrash).toBeLessThan(30);
  expect(upDuringCrash).toBe(false);
  expect(downs.length).toBeGreaterThanOrEqual(1);
  const arrivals = new Map<string, number>();
  for (const pdu of smsc.submitted) arrivals.set(pdu.text, (arrivals.get(pdu.text) ?? 0) + 1);
  return { texts, arrivals, ids: ids.flat(), submitted: smsc.submitted };
}

describe('SmppGateway when the SMSC misbehaves', () => {
  it.each([
    { description: 'answers at once', responseDelayMs: 0 },
    { description: 'answers slowly, so submits are unanswered at the crash', responseDelayMs: 60 },
  ])(
    'delivers each of 30 messages exactly once across an SMSC crash and restart on the same port ($description)',
    async ({ responseDelayMs }) => {
      const { texts, arrivals, ids, submitted } = await crashMidBurst({ responseDelayMs, reset: false });
      expect(texts.map((text) => [text, arrivals.get(text)])).toEqual(texts.map((text) => [text, 1]));
      expect(submitted).toHaveLength(30);
      expect(ids.sort()).toEqual(submitted.map((pdu) => pdu.messageId).sort());
    },
  );

  it('loses nothing when the crash resets the connections; resends stay within one send window', async () => {
    // An RST can discard answers the SMSC already wrote: those messages are sent again (SMPP is at-least-once).
    const { texts, arrivals, submitted } = await crashMidBurst({ responseDelayMs: 0, reset: true });
    expect(texts.filter((text) => (arrivals.get(text) ?? 0) < 1)).toEqual([]);
    expect(submitted.length - texts.length).toBeLessThanOrEqual(10);
  });

  it('drops a connection that went silent (the SMSC hung) and binds again', async () => {
    const smsc = await simulator();
    const { gateway: vt, downs } = gateway(smsc.port, { enquireLinkMs: 100, responseTimeoutMs: 200 });
    await vt.waitUntilUp(2_000);

    smsc.freeze();
    await until(() => downs.length === 1, 'the silent connection to be dropped', 3_000);
    await vt.waitUntilUp(2_000);
    await vt.submit(VIETTEL, 'Van hoat dong');

    expect(smsc.submitted.map((pdu) => pdu.text)).toEqual(['Van hoat dong']);
    expect(smsc.stats.binds).toBe(2);
  });

  it('keeps to the SMSC’s TPS: hardly ever throttled, and every message arrives', async () => {
    const smsc = await simulator({ tps: 5 });
    const { gateway: vt } = gateway(smsc.port, { tps: 5, throttleBackoffMs: 300 });

    await Promise.all(Array.from({ length: 15 }, (_, index) => vt.submit(VIETTEL, `Nhac lich ${index}`)));

    expect(smsc.submitted).toHaveLength(15);
    expect(smsc.stats.throttled).toBeLessThanOrEqual(3);
    expect(vt.stats.throttled).toBe(smsc.stats.throttled);
    expect(peakPerSecond(smsc.submitted)).toBeLessThanOrEqual(5);
  });

  it('slows down and retries when throttled instead of failing (gateway set faster than the SMSC allows)', async () => {
    const smsc = await simulator({ tps: 5 });
    const { gateway: vt } = gateway(smsc.port, { tps: 50, throttleBackoffMs: 200 });

    const ids = await Promise.all(Array.from({ length: 10 }, (_, index) => vt.submit(VIETTEL, `Tin ${index}`)));

    expect(smsc.stats.throttled).toBeGreaterThan(0);
    expect(vt.stats.throttled).toBe(smsc.stats.throttled);
    expect(ids.flat()).toHaveLength(10);
    expect(new Set(smsc.submitted.map((pdu) => pdu.text)).size).toBe(10);
  });

  it('drops a connection whose submit goes unanswered, and resends the part on the next', async () => {
    const smsc = await simulator();
    // Pings far apart: only the submit's own response deadline can notice the hang.
    const { gateway: vt, downs } = gateway(smsc.port, { enquireLinkMs: 60_000, responseTimeoutMs: 200 });
    await vt.waitUntilUp(2_000);

    smsc.freeze();
    const started = Date.now();
    const ids = await vt.submit(VIETTEL, 'Gui lai sau khi treo');

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(downs).toHaveLength(1);
    expect(smsc.stats.binds).toBe(2);
    expect(ids).toEqual(smsc.submitted.map((pdu) => pdu.messageId));
    expect(smsc.submitted.map((pdu) => pdu.text)).toEqual(['Gui lai sau khi treo']);
  });

  it('hands back parts still waiting past the submit timeout, but lets a part with the SMSC get its answer', async () => {
    const smsc = await simulator({ responseDelayMs: 400 });
    const { gateway: vt } = gateway(smsc.port, { window: 1, submitTimeoutMs: 150 });
    await vt.waitUntilUp(2_000);

    const started = Date.now();
    const settledAfter: number[] = [];
    const outcomes = await Promise.allSettled(
      ['Mot', 'Hai', 'Ba'].map((text, index) =>
        vt.submit(VIETTEL, text).finally(() => {
          settledAfter[index] = Date.now() - started;
        }),
      ),
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    for (const outcome of outcomes.slice(1)) {
      expect(outcome).toMatchObject({
        reason: { code: 'SMPP_UNAVAILABLE', message: expect.stringMatching(/could not send within 150 ms/) },
      });
    }
    // The waiting parts give up soon after their deadline; the one with the SMSC waits for its late answer.
    expect(Math.max(settledAfter[1] ?? 0, settledAfter[2] ?? 0)).toBeLessThan(350);
    expect(settledAfter[0]).toBeGreaterThanOrEqual(400);
    expect(smsc.submitted.map((pdu) => pdu.text)).toEqual(['Mot']);
  });
});
