import smpp, { type PDU } from 'smpp';

const ESM_CLASS_DELIVERY_RECEIPT = 0x04;
const MESSAGE_STATE = { DELIVERED: 2, UNDELIVERABLE: 5 };

/** A submit_sm the SMSC simulator accepted, as it arrived. */
export interface SubmittedPdu {
  systemId: string;
  source: string;
  destination: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** short_message decoded by the smpp library according to data_coding (not by the gateway's own encoder). */
  text: string;
  /** The user data header as sent, its length octet first. */
  udh: Buffer | undefined;
  concat: { ref: number; total: number; seq: number } | undefined;
  messageId: string;
  time: Date;
}

/** What the simulator records of an accepted submit_sm. */
export function submittedPduOf(pdu: PDU, systemId: string, messageId: string): SubmittedPdu {
  const message = pdu.short_message;
  const elements = message?.udh ?? [];
  const concat = elements.find((element) => element[0] === 0x00 && element[1] === 3);
  const udhLength = elements.reduce((sum, element) => sum + element.length, 0);
  return {
    systemId,
    source: pdu.source_addr ?? '',
    destination: pdu.destination_addr ?? '',
    dataCoding: pdu.data_coding ?? 0,
    esmClass: pdu.esm_class ?? 0,
    registeredDelivery: pdu.registered_delivery ?? 0,
    // A data_coding the library cannot decode stays bytes; hex shows them as they came.
    text: typeof message?.message === 'string' ? message.message : (message?.message.toString('hex') ?? ''),
    udh: elements.length > 0 ? Buffer.concat([Buffer.from([udhLength]), ...elements]) : undefined,
    concat: concat && { ref: concat[2] ?? 0, total: concat[3] ?? 0, seq: concat[4] ?? 0 },
    messageId,
    time: new Date(),
  };
}

/** The deliver_sm receipt for a submitted message: SMPP 3.4 Appendix B text plus the receipt TLVs. */
export function deliveryReceiptFor(record: SubmittedPdu, delivered: boolean): PDU {
  const text =
    `id:${record.messageId} sub:001 dlvrd:${delivered ? '001' : '000'} submit date:${smppDate(record.time)} ` +
    `done date:${smppDate(new Date())} stat:${delivered ? 'DELIVRD' : 'UNDELIV'} err:${delivered ? '000' : '001'} text:`;
  return new smpp.PDU('deliver_sm', {
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: record.destination,
    destination_addr: record.source,
    esm_class: ESM_CLASS_DELIVERY_RECEIPT,
    data_coding: 0,
    short_message: text,
    receipted_message_id: record.messageId,
    message_state: delivered ? MESSAGE_STATE.DELIVERED : MESSAGE_STATE.UNDELIVERABLE,
  });
}

/** YYMMDDhhmm (UTC), the receipt text's date format. */
function smppDate(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(2, 12);
}
