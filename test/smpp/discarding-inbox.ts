import type { SmppInbox } from '../../bots/sms/smpp/index.js';

/** An inbox for a gateway whose MO messages and receipts a test or bench does not keep: each is taken as stored. */
export const discardingInbox: SmppInbox = { mo: async () => undefined, receipt: async () => undefined };
