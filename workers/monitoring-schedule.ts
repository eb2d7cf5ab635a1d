import { type Job, Queue, Worker } from 'bullmq';
import type { Closable, DomainDeps } from '../bots/domain-module.js';
import { contactOf } from '../core/actions/monitoring-actions.js';
import {
  activeCasesStartedBy,
  endMonitoring,
  findCheckWithCase,
  markUnanswered,
  openCheck,
} from '../core/db/monitoring-repository.js';
import { findPersonById } from '../core/db/people-repository.js';
import type { MonitoringCase } from '../core/db/schema.js';
import { listStaffSubscriptions, staffTarget } from '../core/db/ward-staff-repository.js';
import { vietnamDate } from '../core/domain/vietnam-date.js';
import { sendNotice } from './notices.js';
import { startFlowFor } from './proactive-flow.js';
import { logQueueErrors } from './queues.js';
import { ownConnection } from './redis-connection.js';

/** Daily checks of people isolating at home: the scheduler's tick, then a reminder and an escalation per check. */
export const MONITORING_QUEUE = 'monitoring';
export const DAILY_SCHEDULER_ID = 'monitoring-daily';
const MONITORING_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const CHECK_FLOW = 'monitoringCheck';

type MonitoringJob = { checkId?: string };

/** Registers the daily tick (idempotent across processes and restarts) and starts the worker that runs it. */
export async function startMonitoringSchedules(deps: DomainDeps): Promise<readonly Closable[]> {
  const { connection, config } = deps;
  const queue = new Queue<MonitoringJob>(MONITORING_QUEUE, {
    connection,
    prefix: config.QUEUE_PREFIX,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true },
  });
  logQueueErrors(queue, deps.logger);
  await queue.upsertJobScheduler(
    DAILY_SCHEDULER_ID,
    { pattern: `0 0 ${config.MONITORING_CHECK_HOUR} * * *`, tz: MONITORING_TIME_ZONE },
    { name: 'daily', data: {} },
  );
  const worker = new Worker<MonitoringJob>(
    MONITORING_QUEUE,
    async (job: Job<MonitoringJob>) => {
      if (job.name === 'daily') return runDailyChecks(deps, queue);
      if (job.name === 'remind') return remindCheck(deps, job.data.checkId ?? '');
      if (job.name === 'escalate') return escalateCheck(deps, job.data.checkId ?? '');
      throw new Error(`unknown monitoring job ${job.name}`);
    },
    { connection: ownConnection(connection), prefix: config.QUEUE_PREFIX },
  );
  worker.on('failed', (job, error) => deps.logger.error({ err: error, job: job?.name }, 'monitoring job failed'));
  worker.on('error', (error) => deps.logger.error({ err: error }, 'monitoring worker error'));
  return [worker, queue];
}

/**
 * One morning: every active case is asked today's questions, with a reminder and an escalation queued behind;
 * a case whose end date has come is closed with its closing message instead. Safe to run twice the same day.
 */
export async function runDailyChecks(deps: DomainDeps, queue: Queue<MonitoringJob>): Promise<string> {
  const now = deps.now();
  const today = vietnamDate(now);
  let asked = 0;
  for (const monitored of await activeCasesStartedBy(deps.db, today)) {
    if (monitored.endDate <= today) {
      await closeMonitoringCase(deps, monitored.id, 'schedule');
      continue;
    }
    const check = await openCheck(deps.db, monitored.id, today, now);
    if (!check) continue;
    await startFlowFor(deps.proactive, {
      personId: monitored.personId,
      flow: CHECK_FLOW,
      key: `monitoring:${monitored.id}:${today}`,
    });
    const data = { checkId: check.id };
    await queue.add('remind', data, { jobId: `remind-${check.id}`, delay: deps.config.MONITORING_REMINDER_AFTER_MS });
    await queue.add('escalate', data, {
      jobId: `escalate-${check.id}`,
      delay: deps.config.MONITORING_ESCALATE_AFTER_MS,
    });
    asked++;
  }
  return `asked ${asked}`;
}

// A reminder is a notice, not a restart of the check: someone halfway through their answers keeps their place.
async function remindCheck(deps: DomainDeps, checkId: string): Promise<string> {
  const found = await findCheckWithCase(deps.db, checkId);
  if (found?.monitored.status !== 'active') return 'case ended';
  if (!(await markUnanswered(deps.db, checkId, 'remindedAt', deps.now()))) return 'answered';
  await sendNotice(deps.notices, {
    target: { personId: found.monitored.personId },
    key: 'monitoring:reminder',
    noticeKey: `monitoring-reminder:${checkId}`,
  });
  return 'reminded';
}

async function escalateCheck(deps: DomainDeps, checkId: string): Promise<string> {
  const found = await findCheckWithCase(deps.db, checkId);
  if (found?.monitored.status !== 'active') return 'case ended';
  if (!(await markUnanswered(deps.db, checkId, 'missedAt', deps.now()))) return 'answered';
  const person = await findPersonById(deps.db, found.monitored.personId);
  if (!person) return 'person gone';
  const [year, month, day] = found.check.checkDate.split('-');
  for (const subscription of await listStaffSubscriptions(deps.db, found.monitored.wardCode)) {
    await sendNotice(deps.notices, {
      target: staffTarget(subscription),
      key: 'monitoring:staffMissed',
      vars: { ...contactOf(person), date: `${day}/${month}/${year}` },
      noticeKey: `monitoring-missed:${checkId}:${subscription.id}`,
    });
  }
  return 'escalated';
}

/** Ends a case (its end date, or staff) and sends the person the closing message; undefined if it had ended. */
export async function closeMonitoringCase(
  deps: Pick<DomainDeps, 'db' | 'notices' | 'now'>,
  caseId: string,
  endedBy: string,
): Promise<MonitoringCase | undefined> {
  const ended = await endMonitoring(deps.db, caseId, endedBy, deps.now());
  if (!ended) return undefined;
  await sendNotice(deps.notices, {
    target: { personId: ended.personId },
    key: 'monitoring:closing',
    noticeKey: `monitoring-closed:${caseId}`,
  });
  return ended;
}
