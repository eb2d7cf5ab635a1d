import { ensureCheckinPartitions } from '../../core/db/checkin-partitions.js';
import type { Database } from '../../core/db/database.js';
import { type NewDeclaration, recordDeclaration } from '../../core/db/declarations-repository.js';
import { markUnanswered, openCheck, recordReading, startMonitoring } from '../../core/db/monitoring-repository.js';
import { checkins, people, venues } from '../../core/db/schema.js';
import { alertFor, type Reading } from '../../core/domain/monitoring-alerts.js';
import { addDays, vietnamDate } from '../../core/domain/vietnam-date.js';

/** Trảng Dài (Biên Hòa), the ward the officer of the health-page tests serves. */
export const OWN_WARD = '25993';
/** A ward of Long Khánh: its rows must never show for that officer. */
export const OTHER_WARD = '26071';
/** The ward officer the health pages are read as. */
export const WARD_OFFICER = {
  username: 'cb.trangdai',
  role: 'ward',
  areas: [OWN_WARD],
  displayName: 'Cán bộ Trảng Dài',
};

let sequence = 0;

async function person(db: Database, wardCode: string, fullName: string): Promise<string> {
  const n = ++sequence;
  const [row] = await db
    .insert(people)
    .values({ phone: `+8491230${String(n).padStart(4, '0')}`, fullName, wardCode })
    .returning();
  if (!row) throw new Error('no person');
  return row.id;
}

/** A domestic declaration made `daysAgo` Vietnam days before now (0: an hour ago, or just now after midnight). */
export async function declare(
  db: Database,
  declaration: {
    wardCode: string;
    fullName: string;
    risk?: NewDeclaration['riskLevel'];
    symptoms?: string[];
    /** An entry declaration's travel details. */
    travel?: Record<string, string>;
  },
  daysAgo = 0,
): Promise<void> {
  const personId = await person(db, declaration.wardCode, declaration.fullName);
  const now = new Date();
  const sameDay = new Date(Math.max(now.getTime() - 3_600_000, Date.parse(`${vietnamDate(now)}T00:00:00+07:00`)));
  const risk = declaration.risk ?? 'low';
  await recordDeclaration(
    db,
    {
      kind: declaration.travel ? 'entry' : 'domestic',
      personId,
      declaredBy: personId,
      fullName: declaration.fullName,
      birthYear: 1975,
      gender: 'female',
      phone: `+8491240${String(sequence).padStart(4, '0')}`,
      wardCode: declaration.wardCode,
      address: '12 Nguyễn Ái Quốc',
      symptoms: declaration.symptoms ?? [],
      exposures: risk === 'high' ? ['confirmedContact'] : declaration.travel ? ['abroad'] : [],
      travel: declaration.travel ?? null,
      riskLevel: risk,
      ruleVersion: '2021-09-v1',
      riskReasons: risk === 'high' ? ['symptomsAfterContact'] : [],
      channel: 'web',
    },
    new Date(sameDay.getTime() - daysAgo * 86_400_000),
  );
}

const CALM: Reading = { temperature: 36.8, spo2: 98, breathingDifficulty: false, chestPain: false };

/**
 * A person under home monitoring since yesterday whose standing is `colour`: red (today's reading shows SpO2 92),
 * amber (yesterday answered, today's check reminded and unanswered: overdue) or green (answered today, calm).
 */
export async function monitored(db: Database, wardCode: string, fullName: string, colour: 'red' | 'amber' | 'green') {
  const now = new Date();
  const today = vietnamDate(now);
  const yesterday = addDays(today, -1);
  const started = await startMonitoring(db, {
    personId: await person(db, wardCode, fullName),
    kind: 'F1',
    wardCode,
    startDate: yesterday,
    endDate: addDays(today, 10),
    createdBy: 'seed',
  });
  if (!started) throw new Error('not started');
  const answer = (checkDate: string, reading: Reading) =>
    recordReading(
      db,
      { caseId: started.id, checkDate, reading, otherSymptoms: null, alert: alertFor(reading, []) },
      now,
    );
  await answer(yesterday, CALM);
  if (colour === 'red') await answer(today, { ...CALM, temperature: 38.2, spo2: 92 });
  if (colour === 'green') await answer(today, CALM);
  if (colour === 'amber') {
    const check = await openCheck(db, started.id, today, now);
    if (!check) throw new Error('no check');
    await markUnanswered(db, check.id, 'remindedAt', now);
  }
  return started.id;
}

/** `count` check-ins at a market of the ward, now. */
export async function checkInsAt(db: Database, wardCode: string, count: number): Promise<void> {
  const today = vietnamDate(new Date());
  await ensureCheckinPartitions(db, addDays(today, -1), 3);
  const [venue] = await db
    .insert(venues)
    .values({
      code: String(200_000 + ++sequence),
      name: 'Chợ',
      category: 'market',
      address: '1',
      wardCode,
      status: 'open',
    })
    .returning();
  if (!venue) throw new Error('no venue');
  for (let index = 0; index < count; index++) {
    const checkedInAt = new Date();
    await db.insert(checkins).values({
      venueId: venue.id,
      personId: await person(db, wardCode, `Khách ${index}`),
      checkedInAt,
      endsAt: new Date(checkedInAt.getTime() + 3_600_000),
      receiptCode: `K${++sequence}`,
      channel: 'web',
    });
  }
}

/** The seed all three health-page tests read: two wards' declarations, monitored people and check-ins. */
export async function seedHealth(db: Database): Promise<void> {
  await declare(db, { wardCode: OWN_WARD, fullName: 'Trần Thị Hoa', risk: 'high', symptoms: ['fever', 'cough'] });
  await declare(db, { wardCode: OWN_WARD, fullName: 'Lê Văn Nam', risk: 'moderate', symptoms: ['fever'] });
  await declare(db, { wardCode: OWN_WARD, fullName: 'Phạm Minh Tú' });
  await declare(db, { wardCode: OWN_WARD, fullName: 'Đỗ Thu Hà' }, 5);
  for (const name of ['Ngô Văn A', 'Ngô Văn B', 'Ngô Văn C']) {
    await declare(db, { wardCode: OTHER_WARD, fullName: name, risk: 'high', symptoms: ['cough'] });
  }
  await monitored(db, OWN_WARD, 'Nguyễn Văn An', 'green');
  await monitored(db, OWN_WARD, 'Bùi Thị Bình', 'amber');
  await monitored(db, OWN_WARD, 'Võ Văn Cường', 'red');
  await monitored(db, OTHER_WARD, 'Hồ Thị Dung', 'red');
  await checkInsAt(db, OWN_WARD, 2);
  await checkInsAt(db, OTHER_WARD, 4);
}
