// Notice and Undertaking versions and their delivery. A version is given when every required
// recipient has accepted it (rule C1.notice-given); only then does it meet the notice clocks that were
// open when it was signed.
import type { Rulebook } from '../rulebook';
import { clockRule, fulfil } from './deadlines';
import { latestOf } from './instants';
import { openSpan } from './reducers';
import type { EventOf, NoticeReason, NoticeVersion, PlacementContext } from './types';

const REASON_BY_RULE: Record<string, NoticeReason> = {
  'C1.notice-before-arrival': 'initial',
  'C1.updated-notice-before-arrival': 'order-change',
  'C12.late-notice': 'initial',
  'C3.order-change-renotify': 'order-change',
  'C4.move-renotify': 'move',
  'C5.dol-extension-notice': 'dol-extension',
  'C5.dol-termination-notice': 'dol-termination',
  'END.end-notice': 'end',
  'T.transitional-notice': 'transitional',
};

export function currentNotice(ctx: PlacementContext): NoticeVersion | undefined {
  return ctx.notices[ctx.notices.length - 1];
}

export function isGiven(version: NoticeVersion): boolean {
  return version.recipients.every((r) => !r.required || r.status === 'accepted');
}

export function outstandingRecipients(version: NoticeVersion) {
  return version.recipients.filter((r) => r.required && r.status !== 'accepted');
}

/** Sign the next version: it describes the proposed location during a move, otherwise the current one. */
export function issueNotice(book: Rulebook, ctx: PlacementContext, event: EventOf<'NOTICE_SIGNED'> | EventOf<'NOTICE_UPDATED'>): PlacementContext {
  const answers = ctx.deadlines
    .filter((d) => (d.status === 'open' || (d.status === 'missed' && d.metAt === null)) && clockRule(book, d.rule).metBy === 'notice')
    .map((d) => d.id);
  const reasons = [...new Set(answers.map((id) => REASON_BY_RULE[id.split('#')[0]]).filter(Boolean))];
  if (reasons.length === 0) reasons.push(event.type === 'NOTICE_SIGNED' ? 'initial' : 'update');
  const setting = ctx.proposedMove?.setting ?? ctx.setting;
  const version: NoticeVersion = {
    version: ctx.notices.length + 1,
    reasons,
    signedAt: event.at,
    signatory: event.signatory,
    setting,
    placement: ctx.proposedMove?.placement ?? ctx.placement,
    legalBasis: ctx.legalBasis,
    recipients: book.recipients[setting].map((r) => ({ role: r.role, required: r.required, status: 'pending', at: null })),
    answers,
    givenAt: null,
    supersededAt: null,
  };
  const notices = ctx.notices.map((n) => (n.givenAt === null && n.supersededAt === null ? { ...n, supersededAt: event.at } : n));
  return { ...ctx, notices: [...notices, version] };
}

/** Record one recipient's delivery outcome; when the version becomes given, meet the clocks it answers. */
export function recordDelivery(book: Rulebook, ctx: PlacementContext, event: EventOf<'DELIVERY_ACCEPTED'> | EventOf<'DELIVERY_FAILED'>): PlacementContext {
  const accepted = event.type === 'DELIVERY_ACCEPTED';
  let given: { version: NoticeVersion; at: string } | null = null;
  const notices: NoticeVersion[] = [];
  for (const n of ctx.notices) {
    if (n.version !== event.version) {
      notices.push(n);
      continue;
    }
    const recipients = n.recipients.map((r) =>
      r.role === event.recipient
        ? { ...r, status: accepted ? ('accepted' as const) : ('failed' as const), at: event.at, detail: accepted ? event.messageId : event.reason }
        : r,
    );
    const next = { ...n, recipients };
    if (n.givenAt === null && isGiven(next)) {
      const givenAt = latestOf(recipients.flatMap((r) => (r.required && r.at !== null ? [r.at] : []))) ?? event.at;
      next.givenAt = givenAt;
      if (n.supersededAt === null) given = { version: next, at: givenAt };
    }
    notices.push(next);
  }
  let out: PlacementContext = { ...ctx, notices };
  if (given) {
    const { version, at } = given;
    // C12 is met by the notice however it was timed: one signed before an urgent arrival counts too.
    out = fulfil(book, out, (d) => version.answers.includes(d.id) || d.rule === 'C12.late-notice', at);
  }
  return followUpCopy(book, out, event);
}

/**
 * A copy recipient (one that does not decide "given") whose delivery failed is followed up by the clock its
 * rule names, until it accepts a version; the child's legal status does not depend on it.
 */
function followUpCopy(book: Rulebook, ctx: PlacementContext, event: EventOf<'DELIVERY_ACCEPTED'> | EventOf<'DELIVERY_FAILED'>): PlacementContext {
  const version = ctx.notices.find((n) => n.version === event.version);
  const recipient = version?.recipients.find((r) => r.role === event.recipient);
  const rule = version && book.recipients[version.setting]?.find((r) => r.role === event.recipient)?.followUp;
  if (!recipient || recipient.required || !rule) return ctx;
  const open = ctx.deadlines.some((d) => d.rule === rule && d.subject === event.recipient && d.status === 'open');
  if (event.type === 'DELIVERY_ACCEPTED') return fulfil(book, ctx, (d) => d.rule === rule && d.subject === event.recipient, event.at);
  if (open) return ctx;
  return openSpan(book, ctx, rule, event.at, undefined, `copy of notice version ${event.version} not delivered: ${event.reason}`, event.recipient);
}

export function deliveryPending(ctx: PlacementContext, event: EventOf<'DELIVERY_ACCEPTED'> | EventOf<'DELIVERY_FAILED'>): boolean {
  const version = ctx.notices.find((n) => n.version === event.version);
  const recipient = version?.recipients.find((r) => r.role === event.recipient);
  return !!recipient && recipient.status !== 'accepted';
}
