import { redactInbound } from '../db/messages-repository.js';
import type { FlowAction } from '../dialogs/flow-dialog.js';
import { domainServices, turnServices } from '../dialogs/turn-services.js';

/** "C1234567" → "*****567": enough for staff to match a document in hand, not enough to copy it. */
export function maskDocument(document: string): string {
  return document.replace(/.(?=.{3})/g, '*');
}

/**
 * Keeps a typed passport or ID number out of clear storage (national IDs are encrypted where they identify): the
 * declaration gets it encrypted under the national-ID key, the stored message that carried it a masked copy, and the
 * conversation state only the masked form.
 */
export const protectTravelDocument: FlowAction = async ({ context, answers }) => {
  const typed = String(answers.document ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();
  delete answers.document;
  const masked = maskDocument(typed);
  const services = turnServices(context);
  if (context.activity.id) await redactInbound(services.db, services.identity.id, context.activity.id, masked);
  answers.documentCipher = domainServices(context).nationalIds.encrypt(typed);
  answers.documentMasked = masked;
  return undefined;
};
