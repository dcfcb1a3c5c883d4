// Escalation: when a placement loses recognition, or any clock is missed, the Scottish Ministers, the
// Care Inspectorate and the placing authority are told at once. The mails are prepared before the write
// transaction and queued in it. The child is named by placement reference only.
import { placementReference } from '../../machines/placement';
import { clockRule, deadlineChanges, type Deadline, type LegalStatus, type PersistedPlacement } from '../../machines/placement';
import { findRule, getRulebook, type AnyRule } from '../../machines/rulebook';
import { formatInstant } from '../outbox/format';
import type { OutboxMail } from '../outbox/messages';
import { NATIONAL_BODIES } from '../outbox/recipients';
import { renderTextAndHtml } from '../outbox/templates';
import { Organisation } from '../store/entities';
import type { Orm } from '../store/orm';

export interface EscalationItem {
  rule: string;
  title: string;
  citation: string;
  dueAt: string;
  text: string;
}

export interface EscalationInput {
  placementId: string;
  before: PersistedPlacement;
  /** The legal status code before the change. */
  was: string;
  after: PersistedPlacement;
  is: LegalStatus;
  now: Date;
  /** The deadlines the transition changed, when the caller has worked them out already. */
  changed?: Deadline[];
}

/** Clocks that went from open to missed in this transition. */
export function newlyMissed(
  before: PersistedPlacement,
  after: PersistedPlacement,
  changed = deadlineChanges(before.context.deadlines, after.context.deadlines).changed,
) {
  const missed = changed.filter((d) => d.status === 'missed');
  if (missed.length === 0) return missed;
  const was = new Map(before.context.deadlines.map((d) => [d.id, d.status]));
  return missed.filter((d) => was.get(d.id) === 'open');
}

/** The escalation mails a transition calls for (none when nothing was lost or missed). */
export async function escalationMails(orm: Orm, { placementId, before, was, after, is, now, changed }: EscalationInput): Promise<OutboxMail[]> {
  const missed = newlyMissed(before, after, changed);
  const lostRecognition = is.code === 'unrecognised' && was !== 'unrecognised';
  if (!lostRecognition && missed.length === 0) return [];

  const book = getRulebook(after.rulebookId);
  const items: EscalationItem[] = missed.map((d) => ({
    rule: d.rule,
    title: clockRule(book, d.rule).title,
    citation: d.citation,
    dueAt: formatInstant(d.dueAt, book.timeZone),
    text:
      clockRule(book, d.rule).missedEffect === 'unrecognised' ? 'Missed: the order no longer has effect in Scotland.' : 'Missed: a duty was not met on time.',
  }));
  const orgIds = [NATIONAL_BODIES['scottish-ministers'], NATIONAL_BODIES['care-inspectorate'], after.context.placingAuthorityId];
  const orgs = await orm.em.fork().find(Organisation, { id: { $in: [...orgIds, after.context.placement.hostAuthorityId] } });
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const reference = placementReference(placementId);
  const headline = lostRecognition ? 'Unrecognised placement' : 'Deadline missed';
  const summary = lostRecognition
    ? `This placement is now unrecognised: ${is.reasons.map((r) => r.text).join(' ')}`
    : `${items.length === 1 ? 'A deadline was' : `${items.length} deadlines were`} missed on this placement; it remains ${is.code}.`;
  const subject = `${headline}: cross-border placement ${reference} (${(items[0]?.rule ?? is.reasons[0]?.rule) || 'status'})`;

  const mails: OutboxMail[] = [];
  for (const id of orgIds) {
    const org = orgs.find((o) => o.id === id);
    if (!org) continue;
    const body = renderTextAndHtml('email/escalation', {
      headline,
      summary,
      reference,
      recipientName: org.name,
      placingAuthority: name(after.context.placingAuthorityId),
      hostAuthority: name(after.context.placement.hostAuthorityId),
      legalStatus: is.code,
      recordedAt: formatInstant(now.toISOString(), book.timeZone),
      items: items.length
        ? items
        : is.reasons.map((r) => ({ rule: r.rule, title: ruleTitle(findRule(book, r.rule)), citation: r.citation, dueAt: '-', text: r.text })),
      link: `/api/placements/${placementId}`,
      rulebookId: book.id,
    });
    mails.push({
      kind: 'escalation',
      placementId,
      recipientOrganisationId: org.id,
      address: org.noticeEmail,
      subject,
      payload: { ...body, rules: items.map((i) => i.rule), legalStatus: is.code },
    });
  }
  return mails;
}

const ruleTitle = (rule: AnyRule) => ('title' in rule ? rule.title : rule.id);
