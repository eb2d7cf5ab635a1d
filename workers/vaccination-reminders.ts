import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Database } from '../core/db/database.js';
import {
  findRegistration,
  listReminderChanges,
  markRemindersSynced,
  type RegistrationRow,
} from '../core/db/vaccination-registrations-repository.js';
import { slotWindow } from '../core/domain/vaccination-format.js';
import { plannedReminders, REMINDER_KINDS, type ReminderKind } from '../core/domain/vaccination-reminders.js';
import { type NoticeDeps, sendNotice } from './notices.js';
import { type ProactiveDeps, startFlowFor } from './proactive-flow.js';
import { logQueueErrors } from './queues.js';

export const VACCINATION_QUEUE = 'vaccination-reminders';

type ReminderJob = { kind: 'sync' } | { kind: ReminderKind; registrationId: string };

export interface VaccinationReminderDeps {
  db: Database;
  connection: Redis;
  prefix: string;
  now: () => Date;
  logger: Logger;
  notices: NoticeDeps;
  proactive: ProactiveDeps;
  /** Vaccine → days until the next dose. */
  vaccines: ReadonlyMap<string, number>;
  /** How often registrations whose status changed get their jobs added or removed. */
  syncEveryMs: number;
}

/** BullMQ forbids ":" in job ids; one id per registration and kind makes adding twice a no-op. */
function reminderJobId(kind: ReminderKind, registrationId: string): string {
  return `vacc-${kind}-${registrationId}`;
}

/** The status a registration must still have for a job of this kind to speak. */
const NEEDS_STATUS: Record<ReminderKind, 'booked' | 'done'> = {
  dayBefore: 'booked',
  twoHours: 'booked',
  followup1: 'done',
  followup7: 'done',
  nextDose: 'done',
};

/**
 * Reminders as BullMQ delayed jobs (kept in Redis, so they survive restarts). A repeating sync job reads the
 * registrations whose status changed (booked, cancelled, done, no-show: written by turns and staff routes in their own
 * transactions) and adds or removes their jobs; a job that fires checks the status again, so a cancelled booking is
 * never reminded even if its job was not removed yet.
 */
export async function startVaccinationReminders(deps: VaccinationReminderDeps): Promise<{ close(): Promise<void> }> {
  const queue = new Queue<ReminderJob>(VACCINATION_QUEUE, {
    connection: deps.connection,
    prefix: deps.prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  logQueueErrors(queue, deps.logger);
  await queue.upsertJobScheduler(
    'vaccination-sync',
    { every: deps.syncEveryMs },
    { name: 'sync', data: { kind: 'sync' } },
  );
  const worker = new Worker<ReminderJob>(
    VACCINATION_QUEUE,
    async (job: Job<ReminderJob>) => {
      if (job.data.kind === 'sync') await syncReminders(deps, queue);
      else await fire(deps, job.data.kind, job.data.registrationId);
    },
    { connection: deps.connection.duplicate({ maxRetriesPerRequest: null }), prefix: deps.prefix, concurrency: 8 },
  );
  worker.on('failed', (job, error) => deps.logger.warn({ err: error, job: job?.id }, 'vaccination reminder failed'));
  // As every worker's: without a listener BullMQ prints a Redis failure to stderr instead of the log.
  worker.on('error', (error) => deps.logger.error({ err: error }, 'vaccination reminders worker error'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

async function syncReminders(deps: VaccinationReminderDeps, queue: Queue<ReminderJob>): Promise<void> {
  for (;;) {
    const rows = await listReminderChanges(deps.db, 200);
    for (const { registration, slot } of rows) {
      const planned = plannedReminders(
        {
          status: registration.status,
          startsAt: slot.startsAt,
          doneAt: registration.doneAt,
          dose: registration.dose,
          nextDoseDays: deps.vaccines.get(slot.vaccine),
        },
        deps.now(),
      );
      for (const kind of REMINDER_KINDS) {
        const jobId = reminderJobId(kind, registration.id);
        const at = planned.get(kind);
        // Removed first: a slot moved by staff must move its reminders (adding under a taken id does nothing).
        await queue.remove(jobId);
        if (at) {
          const delay = at.getTime() - deps.now().getTime();
          await queue.add(kind, { kind, registrationId: registration.id }, { jobId, delay });
        }
      }
      await markRemindersSynced(deps.db, registration.id, registration.status);
    }
    if (rows.length < 200) return;
  }
}

async function fire(deps: VaccinationReminderDeps, kind: ReminderKind, registrationId: string): Promise<void> {
  const row = await findRegistration(deps.db, { id: registrationId });
  if (!row || row.registration.status !== NEEDS_STATUS[kind]) return;
  const { registration } = row;
  const personId = registration.registrantPersonId;
  if (kind === 'followup1' || kind === 'followup7') {
    const day = kind === 'followup1' ? 1 : 7;
    await startFlowFor(deps.proactive, {
      personId,
      flow: 'vaccination-followup',
      answers: { registrationId, day, fullName: registration.fullName },
      key: `vaccination-followup-${registrationId}-${day}`,
    });
    return;
  }
  await sendNotice(deps.notices, {
    target: { personId },
    key: `vaccination:reminder.${kind}`,
    vars: reminderVars(row),
    noticeKey: `vaccination-${kind}-${registrationId}`,
  });
}

function reminderVars({ registration, slot, site }: RegistrationRow) {
  return {
    name: registration.fullName,
    window: slotWindow(slot.startsAt, slot.endsAt),
    site: site.name,
    address: site.address,
    code: registration.code,
    nextDose: registration.dose + 1,
  };
}
