// Escalation: when a placement loses recognition, or any clock is missed, the Scottish Ministers, the
// Care Inspectorate and the placing authority are told at once, through the outbox, in the transaction
// that records it. The child is named by placement reference only.
import { clockRule, deadlineChanges, viewOf } from '../../machines/placement';
import { findRule, getRulebook, type AnyRule } from '../../machines/rulebook';
import { formatInstant } from '../documents/format';
import { renderTextAndHtml } from '../documents/templates';
import type { TransitionEffect } from '../engine/placement-service';
import { placementReference } from '../engine/placement-view';
import { NATIONAL_BODIES } from '../mail/recipients';
import { Organisation, OutboxMessage } from '../store/entities';

export interface EscalationItem {
  rule: string;
  title: string;
  citation: string;
  dueAt: string;
  text: string;
}

export const escalateBreaches: TransitionEffect = async ({ em, row, before, after, now }) => {
  if (!before) return;
  const book = getRulebook(after.rulebookId);
  const was = viewOf(before).legalStatus.code;
  const is = viewOf(after).legalStatus;
  const newlyMissed = deadlineChanges(before.context.deadlines, after.context.deadlines).changed.filter(
    (d) => d.status === 'missed' && before.context.deadlines.find((b) => b.id === d.id)?.status === 'open',
  );
  const lostRecognition = is.code === 'unrecognised' && was !== 'unrecognised';
  if (!lostRecognition && newlyMissed.length === 0) return;

  const items: EscalationItem[] = newlyMissed.map((d) => ({
    rule: d.rule,
    title: clockRule(book, d.rule).title,
    citation: d.citation,
    dueAt: formatInstant(d.dueAt, book.timeZone),
    text: clockRule(book, d.rule).missedEffect === 'unrecognised' ? 'Missed: the order no longer has effect in Scotland.' : 'Missed: a duty was not met on time.',
  }));
  const orgIds = [NATIONAL_BODIES['scottish-ministers'], NATIONAL_BODIES['care-inspectorate'], after.context.placingAuthorityId];
  const orgs = await em.find(Organisation, { id: { $in: [...orgIds, after.context.placement.hostAuthorityId] } });
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const reference = placementReference(row.id);
  const headline = lostRecognition ? 'Unrecognised placement' : 'Deadline missed';
  const summary = lostRecognition
    ? `This placement is now unrecognised: ${is.reasons.map((r) => r.text).join(' ')}`
    : `${items.length === 1 ? 'A deadline was' : `${items.length} deadlines were`} missed on this placement; it remains ${is.code}.`;
  const subject = `${headline}: cross-border placement ${reference} (${(items[0]?.rule ?? is.reasons[0]?.rule) || 'status'})`;

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
      items: items.length ? items : is.reasons.map((r) => ({ rule: r.rule, title: ruleTitle(findRule(book, r.rule)), citation: r.citation, dueAt: '-', text: r.text })),
      link: `/api/placements/${row.id}`,
      rulebookId: book.id,
    });
    em.persist(
      em.create(OutboxMessage, {
        placementId: row.id,
        kind: 'escalation',
        recipientOrganisationId: org.id,
        address: org.noticeEmail,
        subject,
        payload: { ...body, rules: items.map((i) => i.rule), legalStatus: is.code },
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
  }
};

const ruleTitle = (rule: AnyRule) => ('title' in rule ? rule.title : rule.id);
