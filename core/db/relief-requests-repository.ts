import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { type HouseholdInput, type ResolvedHousehold, resolveHousehold } from './relief-households-repository.js';
import { currentRound } from './relief-rounds-repository.js';
import {
  type ReliefHousehold,
  type ReliefItem,
  type ReliefRequest,
  type ReliefRequestStatus,
  type ReliefRound,
  type ReliefSituation,
  type ReliefUrgency,
  reliefHouseholds,
  reliefRequests,
} from './schema.js';

export interface ReliefRequestInput {
  household: HouseholdInput;
  personId: string | null;
  items: readonly ReliefItem[];
  otherItem?: string | undefined;
  situations: readonly ReliefSituation[];
  urgency: ReliefUrgency;
  /** Name given to a round opened for this request when the ward has none open. */
  roundName: string;
}

export interface SubmittedRequest extends ResolvedHousehold {
  round: ReliefRound;
  request: ReliefRequest;
  /** Set when the household had already asked in this round: `request` is attached to this one. */
  first?: ReliefRequest;
}

/**
 * Stores a request in the ward's open round. A household's second request of a round is kept but attached to the
 * first, whose progress is what the household is told. Call inside a transaction: nothing is stored half-way.
 */
export async function submitReliefRequest(db: Database, input: ReliefRequestInput): Promise<SubmittedRequest> {
  const round = await currentRound(db, input.household.wardCode, input.roundName);
  const resolved = await resolveHousehold(db, input.household);
  const values = {
    roundId: round.id,
    householdId: resolved.household.id,
    personId: input.personId,
    items: [...input.items],
    otherItem: input.otherItem ?? null,
    situations: [...input.situations],
    urgency: input.urgency,
  };
  // The partial unique index (round, household) decides, so two requests arriving together still make one.
  const [request] = await db
    .insert(reliefRequests)
    .values({ ...values, status: 'submitted' })
    .onConflictDoNothing()
    .returning();
  if (request) return { ...resolved, round, request };
  const first = await findPrimaryRequest(db, round.id, resolved.household.id);
  if (!first) throw new Error('relief request vanished between insert and read');
  const [attached] = await db
    .insert(reliefRequests)
    .values({ ...values, status: 'attached', attachedTo: first.id })
    .returning();
  if (!attached) throw new Error('insert into relief_requests returned no row');
  return { ...resolved, round, request: attached, first };
}

async function findPrimaryRequest(db: Database, roundId: string, householdId: string) {
  const [row] = await db
    .select()
    .from(reliefRequests)
    .where(
      and(
        eq(reliefRequests.roundId, roundId),
        eq(reliefRequests.householdId, householdId),
        isNull(reliefRequests.attachedTo),
      ),
    );
  return row;
}

/**
 * The newest request that concerns a person (for "TT"): one they made, one they asked again for (attached to it),
 * or one of the household of their phone. Always the primary request, whose state is the household's.
 */
export async function latestRequestOfPerson(
  db: Database,
  personId: string,
  phone: string | null,
): Promise<ReliefRequest | undefined> {
  const askedAgain = sql`exists (select 1 from ${reliefRequests} again where again.attached_to = ${reliefRequests.id} and again.person_id = ${personId})`;
  const asked = await db
    .select({ request: reliefRequests })
    .from(reliefRequests)
    .innerJoin(reliefHouseholds, eq(reliefHouseholds.id, reliefRequests.householdId))
    .where(
      and(
        isNull(reliefRequests.attachedTo),
        or(eq(reliefRequests.personId, personId), askedAgain, phone ? eq(reliefHouseholds.phone, phone) : undefined),
      ),
    )
    .orderBy(desc(reliefRequests.createdAt))
    .limit(1);
  return asked[0]?.request;
}

/** Everyone to tell about a request: who made it and who asked again for the same household in the round. */
export async function requestersOf(db: Database, request: ReliefRequest): Promise<string[]> {
  const again = await db
    .selectDistinct({ personId: reliefRequests.personId })
    .from(reliefRequests)
    .where(and(eq(reliefRequests.attachedTo, request.id), isNotNull(reliefRequests.personId)));
  const all = [request.personId, ...again.map((row) => row.personId)];
  return [...new Set(all.filter((id): id is string => id !== null))];
}

export interface RequestWithHousehold {
  request: ReliefRequest;
  household: ReliefHousehold;
}

/** A request of this ward with its household (another ward's request is not found). */
export async function findWardRequest(
  db: Database,
  wardCode: string,
  id: string,
): Promise<RequestWithHousehold | undefined> {
  const [row] = await db
    .select({ request: reliefRequests, household: reliefHouseholds })
    .from(reliefRequests)
    .innerJoin(reliefHouseholds, eq(reliefHouseholds.id, reliefRequests.householdId))
    .where(and(eq(reliefRequests.id, id), eq(reliefHouseholds.wardCode, wardCode)));
  return row;
}

/** The requests of a round, optionally of some statuses: the most urgent first, then oldest first (an officer's queue). */
export async function listRoundRequests(
  db: Database,
  roundId: string,
  statuses?: readonly ReliefRequestStatus[],
): Promise<RequestWithHousehold[]> {
  return db
    .select({ request: reliefRequests, household: reliefHouseholds })
    .from(reliefRequests)
    .innerJoin(reliefHouseholds, eq(reliefHouseholds.id, reliefRequests.householdId))
    .where(
      and(
        eq(reliefRequests.roundId, roundId),
        statuses && statuses.length > 0 ? inArray(reliefRequests.status, [...statuses]) : undefined,
      ),
    )
    .orderBy(
      sql`case ${reliefRequests.urgency} when 'critical' then 0 when 'urgent' then 1 else 2 end`,
      reliefRequests.number,
    )
    .limit(5000);
}
