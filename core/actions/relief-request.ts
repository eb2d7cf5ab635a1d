import { latestRequestOfPerson, submitReliefRequest } from '../db/relief-requests-repository.js';
import { RELIEF_ITEMS, RELIEF_SITUATIONS, RELIEF_URGENCIES } from '../db/schema.js';
import type { Answers, FlowAction } from '../dialogs/flow-dialog.js';
import { say, turnServices } from '../dialogs/turn-services.js';
import { reliefStateText } from '../domain/relief-workflow.js';

/** Stores the request the relief flow collected (in the turn's transaction) and tells the requester its number. */
export const submitRelief: FlowAction = async ({ context, answers }) => {
  const services = turnServices(context);
  const submitted = await submitReliefRequest(services.db, {
    household: {
      wardCode: text(answers, 'wardCode'),
      phone: text(answers, 'phone'),
      headName: text(answers, 'headName'),
      address: text(answers, 'address'),
      size: Number(answers.size),
      over60: Number(answers.over60 ?? 0),
      under6: Number(answers.under6 ?? 0),
      disabled: Number(answers.disabled ?? 0),
      pregnant: Number(answers.pregnant ?? 0),
    },
    personId: services.person.id,
    items: listOf(answers, 'items', RELIEF_ITEMS),
    otherItem: answers.otherItem === undefined ? undefined : text(answers, 'otherItem'),
    situations: listOf(answers, 'situations', RELIEF_SITUATIONS),
    urgency: oneOf(text(answers, 'urgency'), RELIEF_URGENCIES),
    roundName: `Đợt ${services.today}`,
  });
  if (!submitted.first) {
    await say(context, 'relief:submitted', { number: submitted.request.number });
    return 'submitted';
  }
  await say(context, 'relief:attached', { number: submitted.first.number });
  const state = reliefStateText(submitted.first);
  await say(context, state.key, state.vars);
  return 'attached';
};

/** "TT" / "status": the state of the newest request of this person or of the household of their phone. */
export const reliefStatus: FlowAction = async ({ context }) => {
  const services = turnServices(context);
  const request = await latestRequestOfPerson(services.db, services.person.id, services.person.phone);
  if (!request) {
    await say(context, 'relief:none');
    return 'none';
  }
  const state = reliefStateText(request);
  await say(context, state.key, state.vars);
  return request.status;
};

// The flow's questions guarantee these answers; a missing one is a broken flow, not a citizen's mistake.
function text(answers: Answers, key: string): string {
  const value = answers[key];
  if (typeof value !== 'string') throw new Error(`relief flow: answer ${key} missing`);
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw new Error(`relief flow: ${value} is not one of ${allowed.join(', ')}`);
  return found;
}

function listOf<T extends string>(answers: Answers, key: string, allowed: readonly T[]): T[] {
  return text(answers, key)
    .split(',')
    .map((value) => oneOf(value, allowed));
}
