// The daily digest: each placing authority is told, once each working day, of the deadlines it must
// meet in the next few working days (and any already past due), through the outbox.
import { placementReference } from '../../machines/placement';
import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate } from '../../machines/calendar';
import { clockRule, FINAL_STATES } from '../../machines/placement';
import { activeRulebook, type Rulebook } from '../../machines/rulebook';
import { formatDate, formatInstant } from '../outbox/format';
import { queueMail } from '../outbox/messages';
import { renderTextAndHtml } from '../outbox/templates';
import { Deadline, Organisation, OutboxMessage, Placement } from '../store/entities';
import type { Orm } from '../store/orm';

/** Operational, not law: how far ahead the digest looks, and from what local hour it goes out. */
export const DIGEST_WORKING_DAYS = 3;
export const DIGEST_FROM_HOUR = 7;
const DIGEST_CALENDAR = 'scotland-statutory' as const;

/** The same key always gives the same id, so a second run on the same day inserts nothing. */
function digestId(organisationId: string, date: string): string {
  const h = createHash('sha256').update(`digest:${organisationId}:${date}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The hour of `now` in the zone the rulebook reads its dates in. */
const localHour = (now: Date, timeZone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));

/** Queues today's digests if it is a working day and past the hour; returns how many were queued. */
export async function queueDailyDigests(orm: Orm, now: Date, book: Rulebook = activeRulebook): Promise<number> {
  const today = localDate(now.toISOString());
  if (!isWorkingDay(today, DIGEST_CALENDAR) || localHour(now, book.timeZone) < DIGEST_FROM_HOUR) return 0;
  const horizonDate = addWorkingDays(today, DIGEST_WORKING_DAYS, DIGEST_CALENDAR, { countStartDay: false, nonWorkingStart: 'counts-as-day-1' });
  const horizon = new Date(endOfLocalDay(horizonDate));
  const em = orm.em.fork();
  const due = await em.find(Deadline, { status: 'open', dueAt: { $lte: horizon } }, { orderBy: { dueAt: 'asc' } });
  const placingDuties = due.filter((d) => {
    try {
      return clockRule(book, d.rule).duty === 'placing';
    } catch {
      return false;
    }
  });
  if (placingDuties.length === 0) return 0;
  const placements = await em.find(
    Placement,
    { id: { $in: [...new Set(placingDuties.map((d) => d.placementId))] } },
    { fields: ['id', 'placingAuthorityId', 'state'] },
  );
  const placementById = new Map(placements.map((p) => [p.id, p]));
  const byOrg = new Map<string, Deadline[]>();
  for (const d of placingDuties) {
    const p = placementById.get(d.placementId);
    if (!p || FINAL_STATES.includes(p.state)) continue;
    byOrg.set(p.placingAuthorityId, [...(byOrg.get(p.placingAuthorityId) ?? []), d]);
  }
  let queued = 0;
  for (const [organisationId, deadlines] of byOrg) {
    const id = digestId(organisationId, today);
    if (await em.findOne(OutboxMessage, { id })) continue;
    const org = await em.findOne(Organisation, { id: organisationId });
    if (!org) continue;
    const items = deadlines.map((d) => ({
      reference: placementReference(d.placementId),
      rule: d.rule,
      title: clockRule(book, d.rule).title,
      citation: d.citation,
      dueAt: formatInstant(d.dueAt.toISOString(), book.timeZone),
      overdue: d.dueAt.getTime() < now.getTime(),
    }));
    const body = renderTextAndHtml('email/digest', {
      recipientName: org.name,
      horizon: formatDate(horizonDate, book.timeZone),
      workingDays: DIGEST_WORKING_DAYS,
      overdueCount: items.filter((i) => i.overdue).length,
      items,
      date: formatDate(today, book.timeZone),
    });
    await queueMail(
      em,
      {
        kind: 'digest',
        id,
        placementId: null,
        recipientOrganisationId: organisationId,
        address: org.noticeEmail,
        subject: `Cross-border placements: ${items.length} deadline${items.length === 1 ? '' : 's'} due by ${formatDate(horizonDate, book.timeZone)}`,
        payload: { ...body, date: today },
      },
      now,
    );
    queued++;
  }
  try {
    await em.flush();
  } catch (e) {
    // Another app instance queued today's digests first (the same ids): they go once, from its insert.
    if (e instanceof UniqueConstraintViolationException) return 0;
    throw e;
  }
  return queued;
}
