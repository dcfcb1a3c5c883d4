// The placement page: a banner that answers "does this child's order have effect in Scotland now, and
// why" in plain words with the rule and citation; the conditions as a task list; the timeline; the
// documents with delivery per recipient; the actions the API allows this user now; the statechart.
import { isRecord } from '../../../machines/guards';
import type { Role } from '../../vocabulary';
import type { DocumentJson, MilestoneJson, PlacementJson } from '../backend';
import { ACTIONS, actionSlug } from '../forms/actions';
import { humaniseInstants, timeLeftForRule, ukDate, ukDateTime } from '../format';
import { statechartModel } from '../statechart/model';
import { renderStatechartSvg, statechartText, type StatechartText } from '../statechart/render';
import { bookOf, legalBasisLabel, nationOf, orgName, recipientLabel, ruleTitle, tag, type OrgNames, type TagView } from './common';
import { childLabel } from './queue';
import { statusWords } from './status';

export interface PlacementInputs {
  placement: PlacementJson;
  /** GET /api/placements/:id/timeline `.milestones` */
  timeline: MilestoneJson[];
  /** GET /api/placements/:id/documents */
  documents: DocumentJson[];
  role: Role;
  /** ISO instant: the request's now. */
  now: string;
  names: OrgNames;
}

export interface TaskRow {
  title: { text: string };
  hint?: { text: string };
  href?: string;
  status: { tag?: TagView; text?: string };
}

const DEADLINE_TAGS: Record<string, TagView> = {
  met: tag('Done', 'green'),
  missed: tag('Missed', 'red'),
  cancelled: tag('Not needed', 'grey'),
};

const MILESTONE_WORDS: Record<MilestoneJson['status'], string> = {
  met: 'Done on time',
  late: 'Done late',
  missed: 'Missed',
  open: 'Still to do',
  'not-applicable': 'Not needed',
};

function timingWords(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  const part = (key: string, words: string) => {
    const v = detail[key];
    if (!isRecord(v)) return '';
    if (typeof v.workingDays === 'number') return `${v.workingDays} working day${v.workingDays === 1 ? '' : 's'} ${words}`;
    if (typeof v.hours === 'number') return `${v.hours} hour${v.hours === 1 ? '' : 's'} ${words}`;
    return '';
  };
  return [part('earlyBy', 'early'), part('lateBy', 'late'), part('beforeArrival', 'before arrival'), part('afterArrival', 'after arrival')]
    .filter(Boolean)
    .join(', ');
}

export function presentPlacement(input: PlacementInputs) {
  const { placement: p, now, names } = input;
  const book = bookOf(p.rulebook);
  const nation = nationOf(p.placingAuthorityId);
  const words = statusWords(p.legalStatus.code);

  const banner = {
    code: p.legalStatus.code,
    tag: { text: words.label, classes: words.tagClass },
    headline: words.headline,
    reasons: p.legalStatus.reasons.map((r) => ({
      text: humaniseInstants(r.text),
      rule: r.rule,
      ruleTitle: ruleTitle(book, r.rule),
      citation: r.citation,
    })),
  };

  const lb = p.legalBasis;
  const pl = p.placement;
  const summary = [
    { key: 'Child', value: childLabel(p.child) },
    ...(typeof p.child.dateOfBirth === 'string' ? [{ key: 'Date of birth', value: ukDate(p.child.dateOfBirth) }] : []),
    { key: 'Placing authority', value: orgName(names, p.placingAuthorityId) },
    { key: 'Host authority', value: orgName(names, p.hostAuthorityId) },
    { key: 'Care', value: p.setting === 'residential' ? 'Residential care' : 'Foster care' },
    { key: 'Service', value: [pl.serviceName, pl.serviceAddress].filter(Boolean).join(', ') },
    { key: 'Legal basis', value: legalBasisLabel(book, lb.type) },
    { key: 'Order takes effect', value: ukDateTime(lb.effectiveFrom) },
    { key: 'Order expires', value: lb.expiresAt ? ukDateTime(lb.expiresAt) : 'No fixed expiry' },
    { key: 'Planned arrival', value: ukDateTime(pl.plannedStart) },
    { key: 'Arrived', value: p.arrivedAt ? ukDateTime(p.arrivedAt) : 'Not yet' },
    ...serviceRows(p),
    ...(p.transitional
      ? [
          {
            key: 'Began under',
            value: `${p.transitional.instrument}${p.transitional.carriedOverAt ? `, carried onto SSI 2026/31 on ${ukDate(p.transitional.carriedOverAt.slice(0, 10))}` : ' (ended before SSI 2026/31)'}`,
          },
        ]
      : []),
  ];

  const tasks: TaskRow[] = [];
  const mayAct = (type: string) => p.allowedEvents.includes(type);
  tasks.push({
    title: { text: 'Sign the Notice and Undertaking' },
    ...(p.notice ? { hint: { text: `Version ${p.notice.version} signed ${ukDateTime(p.notice.signedAt)}` } } : {}),
    ...(mayAct('NOTICE_SIGNED') ? { href: `/placements/${p.id}/sign` } : {}),
    status: p.notice ? { tag: tag('Done', 'green') } : { tag: tag('To do', 'blue') },
  });
  if (p.notice) {
    const waiting = p.notice.outstandingRecipients.map((r) => `${recipientLabel(book, r.role)}${r.status === 'failed' ? ' (delivery failed)' : ''}`);
    tasks.push({
      title: { text: 'Notice given to every required recipient' },
      hint: { text: p.notice.givenAt ? `Given ${ukDateTime(p.notice.givenAt)}` : `Waiting for: ${waiting.join('; ')}` },
      status: p.notice.givenAt
        ? { tag: tag('Done', 'green') }
        : {
            tag: tag(
              p.notice.outstandingRecipients.some((r) => r.status === 'failed') ? 'Delivery failed' : 'Sending',
              p.notice.outstandingRecipients.some((r) => r.status === 'failed') ? 'red' : 'yellow',
            ),
          },
    });
  }
  tasks.push({
    title: { text: 'Child arrived in Scotland' },
    ...(p.arrivedAt ? { hint: { text: ukDateTime(p.arrivedAt) } } : {}),
    ...(mayAct('CHILD_ARRIVED') ? { href: `/placements/${p.id}/actions/child-arrived` } : {}),
    status: p.arrivedAt ? { tag: tag('Done', 'green') } : { text: 'Not yet' },
  });
  const hostState = p.regions.hostReview;
  if (hostState && hostState !== 'notReceived') {
    tasks.push({
      title: { text: 'Host authority confirms the conditions' },
      ...(mayAct('HOST_CONDITIONS_CONFIRMED') ? { href: `/placements/${p.id}/actions/host-conditions-confirmed` } : {}),
      status:
        hostState === 'confirmed'
          ? { tag: tag('Confirmed', 'green') }
          : hostState === 'queried'
            ? { tag: tag('Query open', 'orange') }
            : { tag: tag('Waiting', 'yellow') },
    });
  }
  // Where the law is open, the user sees both readings; the service keeps the one that protects the child.
  const alternative = (d: (typeof p.deadlines)[number]) =>
    d.alternativeDueAt ? ` On the other reading of ${d.alternativeRule ?? 'the rule'} it would be due ${ukDateTime(d.alternativeDueAt)}.` : '';
  for (const d of p.deadlines) {
    const left = d.status === 'open' ? timeLeftForRule(book, d.rule, d.dueAt, now, nation) : null;
    tasks.push({
      title: { text: ruleTitle(book, d.rule) },
      hint: {
        text:
          d.status === 'open'
            ? `Due ${ukDateTime(d.dueAt)} (${left?.text}).${alternative(d)} ${d.citation}`
            : d.status === 'met'
              ? `Done ${ukDateTime(d.metAt)}. ${d.citation}`
              : d.status === 'missed'
                ? `Was due ${ukDateTime(d.dueAt)}${d.metAt ? `, done late ${ukDateTime(d.metAt)}` : ''}. ${d.citation}`
                : d.citation,
      },
      status: d.status === 'open' ? { tag: left?.overdue ? tag('Overdue', 'red') : tag('Due', 'yellow') } : { tag: DEADLINE_TAGS[d.status] },
    });
  }

  // What has happened (or fell due and was missed), newest first as the MoJ timeline reads; what is still
  // to come is in the task list and the clocks.
  const nowMs = Date.parse(now);
  const timeline = input.timeline
    .flatMap((m) => {
      const when = m.at || (m.dueAt && Date.parse(m.dueAt) <= nowMs ? m.dueAt : null);
      return when ? [{ ...m, when }] : [];
    })
    .reverse()
    .map((m) => {
      const timing = timingWords(m.detail);
      return {
        label: { text: m.label },
        datetime: { timestamp: m.when, type: 'datetime' },
        html: [
          `<p class="govuk-body">${esc(MILESTONE_WORDS[m.status])}${m.at ? '' : m.dueAt ? ` (due ${esc(ukDateTime(m.dueAt))})` : ''}${timing ? `: ${esc(timing)}` : ''}.</p>`,
          m.citation ? `<p class="govuk-body-s">${esc(m.citation)}</p>` : '',
        ].join(''),
      };
    });

  const documents = input.documents.map((d) => ({
    id: d.id,
    title: d.title,
    version: d.version,
    created: ukDateTime(d.createdAt),
    sha256: d.sha256,
    pdfHref: `/documents/${d.id}.pdf`,
    deliveries: d.deliveries.map((x) => ({
      recipient: recipientLabel(book, x.recipientRole),
      organisation: orgName(names, x.organisationId),
      address: x.address,
      status: x.status === 'sent' ? tag('Sent', 'green') : x.status === 'failed' ? tag('Failed', 'red') : tag('Queued', 'blue'),
      when: x.sentAt ? ukDateTime(x.sentAt) : x.nextAttemptAt ? `Next try ${ukDateTime(x.nextAttemptAt)}` : '',
      error: x.lastError,
    })),
  }));

  const actions = ACTIONS.filter((a) => p.allowedEvents.includes(a.type)).map((a) => ({
    type: a.type,
    title: a.title,
    summary: a.summary,
    href: a.type === 'NOTICE_SIGNED' ? `/placements/${p.id}/sign` : `/placements/${p.id}/actions/${actionSlug(a.type)}`,
  }));

  const model = statechartModel(book);
  const value = Object.keys(p.regions).length ? { active: p.regions } : p.state;
  const openClocks = p.deadlines
    .filter((d) => d.status === 'open')
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
    .map((d) => ({
      title: ruleTitle(book, d.rule),
      due: ukDateTime(d.dueAt),
      left: timeLeftForRule(book, d.rule, d.dueAt, now, nation).text,
      citation: d.citation,
      alternative: alternative(d).trim(),
    }));
  const statechart: { svg: string; text: StatechartText; openClocks: typeof openClocks } = {
    svg: renderStatechartSvg(model, value, { idPrefix: 'statechart', title: `Statechart of placement ${p.reference}` }),
    text: statechartText(model, value),
    openClocks,
  };

  return {
    id: p.id,
    reference: p.reference,
    version: p.version,
    title: `Placement ${p.reference}`,
    caption: childLabel(p.child),
    banner,
    summary,
    tasks,
    timeline,
    documents,
    actions,
    statechart,
    notice: p.notice,
  };
}

export type PlacementView = ReturnType<typeof presentPlacement>;

/** What the care service recorded: the evidence of the order it holds, and the child leaving it. */
function serviceRows(p: PlacementJson): { key: string; value: string }[] {
  if (!p.service) return [];
  const latest = p.service.evidence.at(-1);
  const rows = [
    {
      key: 'Evidence of the order held by the care service',
      value:
        p.service.evidenceForCurrentOrder && latest ? `Confirmed ${ukDateTime(latest.at)}: ${latest.evidence}` : 'Not confirmed for the order now in force',
    },
  ];
  const stay = p.service.stays.at(-1);
  if (stay?.departedAt)
    rows.push({ key: 'Left the care service', value: `${ukDateTime(stay.departedAt)}${stay.departureReason ? `: ${stay.departureReason}` : ''}` });
  return rows;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
