// What a care service's records produce (rulebook SP.*): the Care Inspectorate is told of each arrival, move and
// departure the service records (in place of the form services send today), and an admission recorded while the
// order is not recognised is raised at once to the host authority and the Care Inspectorate. The child is named
// by placement reference only; prepared before the write transaction, queued in it.
import { findRule, getRulebook } from '../../machines/rulebook';
import { placementReference, type LegalStatus, type PersistedPlacement } from '../../machines/placement';
import { formatInstant } from '../outbox/format';
import type { OutboxMail } from '../outbox/messages';
import { NATIONAL_BODIES } from '../outbox/recipients';
import { renderTextAndHtml } from '../outbox/templates';
import { Organisation } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Actor } from './actor';

export interface CareServiceInput {
  placementId: string;
  before: PersistedPlacement;
  after: PersistedPlacement;
  event: { type: string; at: string };
  actor: Actor;
  is: LegalStatus;
}

/** The service's records the Care Inspectorate is told of, by what the service did. */
const MOVEMENTS: Record<string, 'arrival' | 'move' | 'departure'> = { CHILD_ARRIVED: 'arrival', MOVED: 'move', CHILD_DEPARTED: 'departure' };

export async function careServiceMails(orm: Orm, input: CareServiceInput): Promise<OutboxMail[]> {
  const movement = MOVEMENTS[input.event.type];
  if (!movement || input.actor.role !== 'service-provider') return [];
  const { placementId, before, after, is } = input;
  const book = getRulebook(after.rulebookId);
  const ctx = after.context;
  const stay = movement === 'departure' ? before.context.service.stays.at(-1) : ctx.service.stays.at(-1);
  const left = movement === 'move' ? before.context.service.stays.at(-1) : undefined;
  const ids = [NATIONAL_BODIES['care-inspectorate'], ctx.placingAuthorityId, ctx.placement.hostAuthorityId];
  const orgs = new Map((await orm.em.fork().find(Organisation, { id: { $in: ids } })).map((o) => [o.id, o]));
  const name = (id: string) => orgs.get(id)?.name ?? id;
  const reference = placementReference(placementId);
  const when = formatInstant(input.event.at, book.timeZone);
  const evidence = ctx.service.evidence.some((e) => e.legalBasis.type === ctx.legalBasis.type && e.legalBasis.madeOn === ctx.legalBasis.madeOn);
  const rows = [
    { key: 'Placement reference', value: reference },
    {
      key: 'Care service',
      value: `${stay?.serviceName ?? ctx.placement.serviceName}${stay?.careInspectorateNumber ? ` (${stay.careInspectorateNumber})` : ''}`,
    },
    ...(left ? [{ key: 'Moved from', value: `${left.serviceName}${left.careInspectorateNumber ? ` (${left.careInspectorateNumber})` : ''}` }] : []),
    { key: movement === 'departure' ? 'Left' : 'Arrived', value: when },
    { key: 'Placing authority', value: name(ctx.placingAuthorityId) },
    { key: 'Host authority', value: name(ctx.placement.hostAuthorityId) },
    { key: "Child's gender", value: ctx.child.gender },
    { key: 'Evidence of the order held by the service', value: evidence ? 'Confirmed' : 'Not confirmed' },
    { key: 'Legal status now', value: is.code },
  ];
  const link = `/api/placements/${placementId}`;
  const mails: OutboxMail[] = [];
  const inspectorate = orgs.get(NATIONAL_BODIES['care-inspectorate']);
  if (inspectorate) {
    const headline = { arrival: 'Child moved in', move: 'Child moved between services', departure: 'Child moved out' }[movement];
    const summary = `${stay?.serviceName ?? ctx.placement.serviceName} tells the Care Inspectorate that a child placed from outside Scotland ${
      movement === 'departure' ? 'left it' : 'moved in'
    } on ${when}.`;
    const body = renderTextAndHtml('email/care-service', {
      headline,
      summary,
      reference,
      recipientName: inspectorate.name,
      rows,
      items: [],
      link,
      rulebookId: book.id,
    });
    mails.push({
      kind: 'care-service',
      placementId,
      recipientOrganisationId: inspectorate.id,
      address: inspectorate.noticeEmail,
      subject: `${headline}: cross-border placement ${reference}`,
      payload: { ...body, movement, at: input.event.at, serviceName: stay?.serviceName ?? ctx.placement.serviceName },
    });
  }
  // An admission the order does not (yet) cover: the child is there, so it is recorded, and raised at once.
  if (movement !== 'departure' && is.code !== 'recognised') {
    const rule = findRule(book, 'SP.admission-while-not-recognised');
    const items = [
      ...is.reasons.map((r) => ({ rule: r.rule, citation: r.citation, text: r.text })),
      {
        rule: rule.id,
        citation: rule.citation,
        text: evidence ? 'The service confirmed it holds evidence of the order.' : 'The service had not confirmed it holds evidence of the order.',
      },
    ];
    for (const id of [ctx.placement.hostAuthorityId, NATIONAL_BODIES['care-inspectorate']]) {
      const org = orgs.get(id);
      if (!org) continue;
      const headline = 'Admission while the order is not recognised';
      const summary = `${stay?.serviceName ?? ctx.placement.serviceName} recorded the child's arrival on ${when} while the placement is ${is.code}. The arrival is recorded: the child is there.`;
      const body = renderTextAndHtml('email/care-service', { headline, summary, reference, recipientName: org.name, rows, items, link, rulebookId: book.id });
      mails.push({
        kind: 'admission-alert',
        placementId,
        recipientOrganisationId: org.id,
        address: org.noticeEmail,
        subject: `${headline}: cross-border placement ${reference} (${is.code})`,
        payload: { ...body, legalStatus: is.code, rules: is.reasons.map((r) => r.rule) },
      });
    }
  }
  return mails;
}
