// Runs each plan through the pure placement machine (as the engine would, with the scheduler's sweep
// before every step) and writes the placement and deadline rows the engine writes, in one transaction:
// hundreds of placements in well under a second, instead of thousands of HTTP round trips.
import type { RequiredEntityData } from '@mikro-orm/core';
import { applyEvent, isBeforeEvent, startPlacement, type PersistedPlacement, type PlacementEvent } from '../../machines/placement';
// Placements under rulebook @1: the report reads every version a running placement may still be under.
import { ssi2026v1 as book } from '../../machines/rulebook/ssi-2026-31.v1';
import { summarise } from '../../src/services/placement-view';
import { deadlineRowId } from '../../src/store/placement-store';
import { Deadline, Placement } from '../../src/store/entities';
import type { Orm } from '../../src/store/orm';
import type { Plan } from './seed-plan';

const DAY = 86_400_000;
/** `B+days` at a UTC time of day. */
const at = (base: string, days: number, time: string) => new Date(Date.parse(`${base}T${time}:00Z`) + days * DAY).toISOString();
const dateOf = (base: string, days: number) => at(base, days, '00:00').slice(0, 10);

type Step = { at: string; event: PlacementEvent } | { at: string; deliver: true };
/** An event without its time (Omit over each member of the union, not the union as a whole). */
type EventBody = PlacementEvent extends infer E ? (E extends PlacementEvent ? Omit<E, 'at'> : never) : never;

function steps(p: Plan): Step[] {
  const B = p.base;
  const s: Step[] = [];
  const ev = (days: number, time: string, event: EventBody) => s.push({ at: at(B, days, time), event: { ...event, at: at(B, days, time) } as PlacementEvent });
  const deliver = (days: number, time: string) => s.push({ at: at(B, days, time), deliver: true });
  const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };
  if (p.c1 === 'met') {
    ev(1, '09:00', { type: 'NOTICE_SIGNED', signatory });
    deliver(1, '10:00');
  }
  if (p.c1 !== 'open') ev(3, '11:00', { type: 'CHILD_ARRIVED' });
  if (p.c1 === 'open' && p.signedOnly) ev(1, '09:00', { type: 'NOTICE_SIGNED', signatory });
  if (p.c1 === 'late') {
    ev(3, '12:00', { type: 'NOTICE_SIGNED', signatory });
    deliver(3, '13:00');
  }
  if (p.advocacy !== 'missed' && p.advocacy) ev(p.advocacy === 'met' ? 4 : 14, '10:00', { type: 'ADVOCACY_OFFERED' });
  if (p.advocacy !== 'missed' && p.advocacy && p.advocacyDecision)
    ev(15, '10:00', { type: p.advocacyDecision === 'accepted' ? 'ADVOCACY_ACCEPTED' : 'ADVOCACY_DECLINED' });
  if (p.visit !== 'missed' && p.visit) ev(p.visit === 'met' ? 5 : 12, '10:00', { type: 'VISIT_RECORDED' });
  if (p.review !== 'missed' && p.review) ev(p.review === 'met' ? 10 : 45, '10:00', { type: 'REVIEW_RECORDED' });
  if (p.orderChange) {
    const legalBasis = { type: 'care-order', court: 'Family Court', madeOn: dateOf(B, 7), effectiveFrom: at(B, 7, '10:00'), expiresAt: null };
    ev(7, '10:00', { type: 'ORDER_CHANGED', legalBasis });
    if (p.orderChange === 'met') {
      ev(8, '10:00', { type: 'NOTICE_UPDATED', signatory });
      deliver(8, '10:30');
    } else if (p.orderChange === 'late') {
      ev(11, '09:00', { type: 'NOTICE_UPDATED', signatory });
      deliver(11, '10:00');
    }
  }
  if (p.end) {
    ev(56, '10:00', { type: 'PLACEMENT_ENDED', reason: 'returned home' });
    if (p.end !== 'missed') {
      const day = p.end === 'met' ? 57 : 61;
      ev(day, '09:00', { type: 'NOTICE_UPDATED', signatory });
      deliver(day, '10:00');
    }
  }
  // Stable: a delivery stays after the signing it follows.
  return s.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function apply(p: PersistedPlacement, event: PlacementEvent): PersistedPlacement {
  const r = applyEvent(p, event);
  if (!r.ok) throw new Error(`${event.type} refused: ${JSON.stringify(r)}`);
  return r.placement;
}

/** The scheduler's sweep at `at`: every open clock already due elapses (before-event clocks wait for their event). */
function sweep(p: PersistedPlacement, at: string): PersistedPlacement {
  for (;;) {
    const due = p.context.deadlines.find((d) => d.status === 'open' && Date.parse(d.dueAt) <= Date.parse(at) && !isBeforeEvent(book, d.rule));
    if (!due) return p;
    const r = applyEvent(p, { type: 'DEADLINE_ELAPSED', deadlineId: due.id, rule: due.rule, at });
    if (!r.ok) return p;
    p = r.placement;
  }
}

export function runPlan(plan: Plan): PersistedPlacement {
  const started = startPlacement({
    placementId: plan.id,
    rulebookId: book.id,
    placingAuthorityId: plan.placingAuthorityId,
    placingNation: plan.nation,
    child: { firstName: 'Test', lastName: 'Child', dateOfBirth: plan.dateOfBirth ?? '2012-04-02', gender: 'female' },
    setting: plan.setting,
    legalBasis: { type: plan.legalBasis, court: 'Family Court', madeOn: dateOf(plan.base, -2), effectiveFrom: at(plan.base, -1, '10:00'), expiresAt: null },
    placement: { hostAuthorityId: plan.hostAuthorityId, serviceName: 'Harbour House', plannedStart: at(plan.base, 3, '10:00'), permanence: 'temporary' },
    createdAt: at(plan.base, 0, '09:00'),
  });
  if (!started.ok) throw new Error(`draft refused: ${JSON.stringify(started.errors)}`);
  let p = started.placement;
  for (const step of steps(plan)) {
    p = sweep(p, step.at);
    if ('event' in step) {
      p = apply(p, step.event);
      continue;
    }
    const notice = p.context.notices[p.context.notices.length - 1];
    for (const r of notice.recipients.filter((x) => x.required && x.status !== 'accepted'))
      p = apply(p, { type: 'DELIVERY_ACCEPTED', version: notice.version, recipient: r.role, at: step.at });
  }
  return p;
}

/** Writes the rows the engine would have written for each plan's final snapshot. */
export async function seedPlans(orm: Orm, plans: Plan[]): Promise<void> {
  const em = orm.em.fork();
  const placements: RequiredEntityData<Placement>[] = [];
  const deadlines: RequiredEntityData<Deadline>[] = [];
  for (const plan of plans) {
    const p = runPlan(plan);
    const createdAt = new Date(p.context.createdAt);
    placements.push({
      id: plan.id,
      ...summarise(p),
      snapshot: p,
      machineVersion: p.machineVersion,
      rulebookVersion: p.rulebookId,
      version: 1,
      createdAt,
      updatedAt: createdAt,
    });
    for (const d of p.context.deadlines)
      deadlines.push({
        id: deadlineRowId(plan.id, d.id),
        placementId: plan.id,
        placingAuthorityId: p.context.placingAuthorityId,
        rule: d.rule,
        citation: d.citation,
        dueAt: new Date(d.dueAt),
        status: d.status,
        metAt: d.metAt ? new Date(d.metAt) : null,
        firedAt: null,
        openedAt: new Date(d.openedAt),
      });
  }
  await em.transactional(async (tem) => {
    await tem.insertMany<Placement>(Placement, placements);
    await tem.insertMany<Deadline>(Deadline, deadlines);
  });
}
