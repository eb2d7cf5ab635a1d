import smpp, { type PduOptions } from 'smpp';
import { describe, expect, it } from 'vitest';
import { concatInfoOf, deliverSmText, isDeliveryReceipt, isMobileOriginated, parseReceipt } from './deliver-sm.js';

/** A deliver_sm (or data_sm) as the gateway receives it: encoded to wire bytes and parsed back by the library. */
function received(options: PduOptions, command = 'deliver_sm') {
  return new smpp.PDU(new smpp.PDU(command, { data_coding: 0, ...options }).toBuffer());
}

const receiptText = (stat: string, err = '000') =>
  `id:0A1B2C sub:001 dlvrd:001 submit date:2405060708 done date:2405060709 stat:${stat} err:${err} text:`;

describe('parseReceipt', () => {
  it.each([
    { description: 'DELIVRD from the text alone', stat: 'DELIVRD', expected: { status: 'delivered' } },
    { description: 'ENROUTE is not final yet', stat: 'ENROUTE', expected: { status: 'sent' } },
    { description: 'ACCEPTD is not final yet', stat: 'ACCEPTD', expected: { status: 'sent' } },
    { description: 'UNDELIV', stat: 'UNDELIV', expected: { status: 'failed', error: 'stat:UNDELIV err:000' } },
    { description: 'EXPIRED', stat: 'EXPIRED', expected: { status: 'failed', error: 'stat:EXPIRED err:000' } },
    { description: 'REJECTD', stat: 'REJECTD', expected: { status: 'failed', error: 'stat:REJECTD err:000' } },
  ])('$description', ({ stat, expected }) => {
    const pdu = received({ esm_class: 0x04, short_message: receiptText(stat) });
    expect(isDeliveryReceipt(pdu)).toBe(true);
    expect(parseReceipt(pdu, 'sms')).toEqual({ channel: 'sms', providerMessageId: '0A1B2C', ...expected });
  });

  it('prefers the receipted_message_id and message_state TLVs over the text', () => {
    const pdu = received({
      esm_class: 0x04,
      short_message: receiptText('DELIVRD'),
      receipted_message_id: 'ff01',
      message_state: 5,
    });
    expect(parseReceipt(pdu, 'sms')).toEqual({
      channel: 'sms',
      providerMessageId: 'ff01',
      status: 'failed',
      error: 'stat:DELIVRD err:000',
    });
  });

  it('gives up on a receipt without an id', () => {
    expect(parseReceipt(received({ esm_class: 0x04, short_message: 'stat:DELIVRD' }), 'sms')).toBeUndefined();
  });
});

describe('deliver_sm kinds and text', () => {
  it('tells a handset message from a receipt and an SME acknowledgement', () => {
    expect(isMobileOriginated(received({ short_message: 'co' }))).toBe(true);
    expect(isMobileOriginated(received({ esm_class: 0x40, short_message: 'co' }))).toBe(true);
    expect(isDeliveryReceipt(received({ esm_class: 0x20, short_message: receiptText('ENROUTE') }))).toBe(true);
    const acknowledgement = received({ esm_class: 0x08, short_message: 'ok' });
    expect(isMobileOriginated(acknowledgement)).toBe(false);
    expect(isDeliveryReceipt(acknowledgement)).toBe(false);
  });

  it('decodes GSM-7 and UCS-2 and reads the concatenation header', () => {
    expect(deliverSmText(received({ short_message: 'Co @ $ _' }))).toBe('Co @ $ _');
    const part = received({
      data_coding: 8,
      short_message: { udh: Buffer.from([5, 0, 3, 42, 2, 1]), message: 'Có, tôi bị sốt' },
    });
    expect(deliverSmText(part)).toBe('Có, tôi bị sốt');
    expect(concatInfoOf(part)).toEqual({ ref: 42, total: 2, seq: 1 });
  });

  it('reads a 16-bit concatenation reference', () => {
    const part = received({ short_message: { udh: Buffer.from([6, 8, 4, 1, 2, 3, 3]), message: 'x' } });
    expect(concatInfoOf(part)).toEqual({ ref: 258, total: 3, seq: 3 });
  });

  it('reads concatenation from the sar_* TLVs when there is no UDH', () => {
    const part = received({ short_message: 'x', sar_msg_ref_num: 700, sar_total_segments: 2, sar_segment_seqnum: 2 });
    expect(concatInfoOf(part)).toEqual({ ref: 700, total: 2, seq: 2 });
    expect(concatInfoOf(received({ short_message: 'x', sar_msg_ref_num: 700 }))).toBeUndefined();
  });

  it('reads a data_sm: its text and concatenation header in message_payload, a receipt in its TLVs', () => {
    const part = received(
      { data_coding: 8, message_payload: { udh: Buffer.from([5, 0, 3, 9, 2, 2]), message: 'Không sốt' } },
      'data_sm',
    );
    expect([isMobileOriginated(part), deliverSmText(part)]).toEqual([true, 'Không sốt']);
    expect(concatInfoOf(part)).toEqual({ ref: 9, total: 2, seq: 2 });
    const receipt = received({ esm_class: 0x04, receipted_message_id: 'ab12', message_state: 2 }, 'data_sm');
    expect(parseReceipt(receipt, 'sms')).toEqual({ channel: 'sms', providerMessageId: 'ab12', status: 'delivered' });
  });
});
