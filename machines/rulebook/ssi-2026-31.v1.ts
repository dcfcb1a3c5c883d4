// Rulebook ssi-2026-31@1: our reading of SSI 2026/31 and what it carries forward from SSI 2022/225.
// Source summary: shared/domain/regulations.md. Confidence tags: '2026' read in SSI 2026/31 or its
// guidance; '2022' read in the predecessor scheme; '2013' the 2013 Transfer Regulations; 'infer' our
// reading, chosen to protect the child, to be confirmed by a legal officer.
import type { NationalClockRule, PlacingNation, Rulebook, RecipientRule, Span } from './types';

const G2026 = 'SSI 2026/31 practice guidance (gov.scot, 2026)';
const REG2022 = 'SSI 2022/225';

/** Scottish clocks count working days on the statutory reading of s.202(1) of the 2011 Act (the stricter one). */
const scottishWorkingDays = (amount: number, countStartDay: boolean): Span => ({
  unit: 'working-days',
  amount,
  calendar: 'scotland-statutory',
  countStartDay,
});

/** Where each home nation sets its visit and review intervals (C8); all to be confirmed per nation. */
const HOME_NATION_LAW: Record<PlacingNation, Record<'visit' | 'review', string>> = {
  england: {
    visit: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 28',
    review: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33',
  },
  wales: {
    visit: 'Care Planning, Placement and Case Review (Wales) Regulations 2015 (visits)',
    review: 'Care Planning, Placement and Case Review (Wales) Regulations 2015 (reviews)',
  },
  'northern-ireland': {
    visit: 'Arrangements for Placement of Children (General) Regulations (Northern Ireland) 1996',
    review: "Review of Children's Cases Regulations (Northern Ireland) 1996",
  },
};

/** A C8 clock: the placing authority's duty, a breach if missed, one span per home nation. */
function homeNationClock(
  id: string,
  metBy: 'visit' | 'review',
  title: string,
  statement: string,
  spans: Record<PlacingNation, Span>,
  notes: Partial<Record<PlacingNation, string>> = {},
): NationalClockRule {
  const byNation = {} as NationalClockRule['byNation'];
  for (const nation of Object.keys(spans) as PlacingNation[])
    byNation[nation] = { span: spans[nation], citation: HOME_NATION_LAW[nation][metBy], confidence: 'infer', ...(notes[nation] ? { note: notes[nation] } : {}) };
  return { id, condition: 'C8', title, statement, metBy, atRiskWhileOpen: false, missedEffect: 'non-compliant', duty: 'placing', citation: 'Home-nation law (per nation below)', confidence: 'infer', byNation };
}

const commonRecipients: RecipientRule[] = [
  {
    role: 'host-authority',
    label: "Chief social work officer of the host local authority",
    required: true,
    citation: `${REG2022} regs 7-8; ${G2026} §3.4`,
    confidence: '2022',
  },
  {
    role: 'care-inspectorate',
    label: 'Care Inspectorate (Social Care and Social Work Improvement Scotland)',
    required: true,
    citation: `${REG2022} regs 7-8; ${G2026} §3.4`,
    confidence: '2022',
  },
  {
    role: 'scottish-ministers',
    label: 'Scottish Ministers (cross-border placements team)',
    required: true,
    citation: `${REG2022} regs 7-8; ${G2026} §3.4`,
    confidence: '2022',
  },
  {
    role: 'principal-reporter',
    label: 'Principal Reporter (Scottish Children\'s Reporter Administration)',
    required: true,
    citation: `${G2026} §3.5`,
    confidence: 'infer',
    note: 'Not a named recipient in 2022; SCRA acts on Part 14 and Part 15 events, so we notify it.',
  },
  {
    role: 'health-board',
    label: 'Health board for the placement address',
    required: true,
    citation: `${G2026} §3.5`,
    confidence: 'infer',
    note: 'The 2024 thematic review found poor access to mental health services; the health board is told.',
  },
  {
    role: 'education-authority',
    label: 'Education authority for the placement address',
    required: true,
    citation: `${G2026} §3.5`,
    confidence: 'infer',
    note: 'In Scotland the education authority is the council; the notice goes to its education service.',
  },
  {
    role: 'service-provider',
    label: 'The care home or fostering service',
    required: true,
    citation: `${G2026} §3.5`,
    confidence: 'infer',
    note: 'The provider should hold evidence of the legal basis before it admits the child.',
  },
];

export const ssi2026v1: Rulebook = {
  id: 'ssi-2026-31@1',
  version: 1,
  title: 'Cross-border Placement of Children (Requirements, Effect and Enforcement) (Scotland) Regulations 2026',
  instrument: 'SSI 2026/31',
  inForceFrom: '2026-02-09',
  timeZone: 'Europe/London',

  clocks: {
    'C1.notice-before-arrival': {
      id: 'C1.notice-before-arrival',
      condition: 'C1',
      title: 'Notice and Undertaking given before the child arrives',
      statement:
        'The signed Notice and Undertaking must be given in writing to every required recipient before the child arrives in Scotland. The due time shown is the planned start; the arrival decides.',
      clock: { kind: 'before-event', event: 'CHILD_ARRIVED' },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} regs 7-8; ${G2026} §3.4-3.5`,
      confidence: '2022',
    },
    'C3.order-change-renotify': {
      id: 'C3.order-change-renotify',
      condition: 'C3',
      title: 'Updated notice within 3 working days of an order change',
      statement:
        'A new order is recognised for up to 3 working days, counting the day it is made; an updated notice must be given to every required recipient within that window or recognition lapses.',
      clock: { kind: 'span', span: scottishWorkingDays(3, true) },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${G2026} §5`,
      confidence: '2026',
    },
    'C4.move-renotify': {
      id: 'C4.move-renotify',
      condition: 'C4',
      title: 'Updated notice for the new location before a move within Scotland',
      statement:
        'Before the child moves to another placement in Scotland, an updated notice naming the new location must be given to the recipients for the new location.',
      clock: { kind: 'before-event', event: 'MOVED' },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${G2026} §5`,
      confidence: 'infer',
      note: 'The guidance lists the move conditions; that the notice must precede the move is our reading.',
    },
    'C5.dol-expiry': {
      id: 'C5.dol-expiry',
      condition: 'C5',
      title: 'Deprivation of liberty order: recognition period ends',
      statement:
        'A DoL order is recognised until it expires (or, with no expiry given, for one review period); unless extended by the court and notified, recognition lapses at that time.',
      clock: { kind: 'at-instant', instant: 'current-dol-expiry' },
      metBy: 'time',
      atRiskWhileOpen: false,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} reg 5; ${G2026} §3.7`,
      confidence: '2022',
    },
    'C5.dol-extension-notice': {
      id: 'C5.dol-extension-notice',
      condition: 'C5',
      title: 'Recipients told of a DoL extension before the current period ends',
      statement:
        'When the court extends a DoL order, an updated notice must reach every required recipient before the period they were told of ends.',
      clock: { kind: 'at-instant', instant: 'dol-expiry' },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} reg 5; ${G2026} §3.7`,
      confidence: '2022',
    },
    'C5.dol-termination-notice': {
      id: 'C5.dol-termination-notice',
      condition: 'C5',
      title: 'Recipients told that a DoL order has ended',
      statement:
        'When a DoL order is terminated, an updated notice must be given to every required recipient within 3 working days, counting the day it ends.',
      clock: { kind: 'span', span: scottishWorkingDays(3, true) },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      citation: `${G2026} §3.7`,
      confidence: 'infer',
      note: 'No period is stated; we apply the 3-working-day window of an order change (C3).',
    },
    'C7.advocacy-offer': {
      id: 'C7.advocacy-offer',
      condition: 'C7',
      title: 'Child told that independent advocacy is available',
      statement:
        'The Scottish Ministers must tell the child that independent advocacy is available, and offer and fund it, as soon as reasonably practicable after arrival, unless inappropriate for the child\'s age and maturity (with reasons recorded). Target: 5 working days.',
      clock: { kind: 'span', span: scottishWorkingDays(5, false) },
      metBy: 'advocacy-decision',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'ministers',
      citation: 'SSI 2026/31 (advocacy duty); SSI 2022/225 reg 11 (timing)',
      confidence: 'infer',
      note: '"As soon as reasonably practicable" is not a number; 5 working days from arrival is our target.',
    },
    'C9.enforcement-cure': {
      id: 'C9.enforcement-cure',
      condition: 'C9',
      title: 'Duty performed within 21 days of a notice of intent to enforce',
      statement:
        'After the Scottish Ministers give notice of intent to apply to a sheriff, the placing authority has 21 days to perform the duty; after that the Ministers may apply for an enforcement order.',
      clock: { kind: 'span', span: { unit: 'calendar-days', amount: 21 } },
      metBy: 'duty-performed',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      citation: `${REG2022} (enforcement); SSI 2026/31 detail unconfirmed`,
      confidence: '2022',
    },
    'C10.transfer-hearing': {
      id: 'C10.transfer-hearing',
      condition: 'C10',
      title: "Children's hearing within 20 working days of a permanent transfer",
      statement:
        'Once a Part 15 transfer has effect, the host authority gives notice to the Principal Reporter and a children\'s hearing is held within 20 working days.',
      clock: { kind: 'span', span: scottishWorkingDays(20, false) },
      metBy: 'hearing',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'scra',
      citation: 'SSI 2026/31 reg 47',
      confidence: '2026',
      note: 'Counted from the day the transfer takes effect (the earlier of the possible start points).',
    },
    'C11.age-18': {
      id: 'C11.age-18',
      condition: 'C11',
      title: 'The child turns 18',
      statement: 'The cross-border regime ends when the child reaches 18.',
      clock: { kind: 'at-instant', instant: 'eighteenth-birthday' },
      metBy: 'time',
      atRiskWhileOpen: false,
      missedEffect: 'ends-regime',
      duty: 'none',
      citation: 'SSI 2026/31 reg 47(2)(d)',
      confidence: '2026',
    },
    'C12.late-notice': {
      id: 'C12.late-notice',
      condition: 'C12',
      title: 'Notice after an urgent arrival (only where late notice is allowed)',
      statement:
        'Where the rulebook allows late notice for an urgent placement, the notice must be given within 1 working day after arrival; otherwise arrival without notice makes the placement unrecognised at once.',
      clock: { kind: 'span', span: scottishWorkingDays(1, false) },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} (footnote on urgent placements)`,
      confidence: 'infer',
      note: 'Used only when parameter P.late-notice-allowed is true; it is false in this version.',
    },
    'END.end-notice': {
      id: 'END.end-notice',
      condition: 'Undertaking',
      title: 'Recipients told of the end of the placement',
      statement:
        'When the placement ends, an updated notice must be given to every required recipient within 3 working days, counting the day it ends.',
      clock: { kind: 'span', span: scottishWorkingDays(3, true) },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      citation: `${REG2022} reg 10 (undertaking)`,
      confidence: 'infer',
      note: 'The undertaking requires the recipients to be told; the 3-working-day window is our choice.',
    },
  },

  visits: {
    'C8.first-visit': homeNationClock('C8.first-visit', 'visit', 'First visit by the placing authority', 'The child is visited within 1 week of the placement starting.', {
      england: { unit: 'weeks', amount: 1 },
      wales: { unit: 'weeks', amount: 1 },
      'northern-ireland': { unit: 'weeks', amount: 1 },
    }),
    'C8.visit': homeNationClock(
      'C8.visit',
      'visit',
      'Regular visits',
      'After the first visit, the child is visited at intervals of not more than 6 weeks (the shorter interval is kept after the first year, as a long-term plan is not known).',
      { england: { unit: 'weeks', amount: 6 }, wales: { unit: 'weeks', amount: 6 }, 'northern-ireland': { unit: 'weeks', amount: 6 } },
      { england: 'After year one the interval may be 3 months for a long-term placement; we keep 6 weeks.' },
    ),
    'C8.first-review': homeNationClock('C8.first-review', 'review', 'First review of the care plan', 'The first review is held within 20 working days of the placement (2 weeks in Northern Ireland).', {
      england: { unit: 'working-days', amount: 20, calendar: 'england-and-wales', countStartDay: false },
      wales: { unit: 'working-days', amount: 20, calendar: 'england-and-wales', countStartDay: false },
      'northern-ireland': { unit: 'weeks', amount: 2 },
    }),
    'C8.second-review': homeNationClock('C8.second-review', 'review', 'Second review', 'The second review is held within 3 months of the first.', {
      england: { unit: 'months', amount: 3 },
      wales: { unit: 'months', amount: 3 },
      'northern-ireland': { unit: 'months', amount: 3 },
    }),
    'C8.later-review': homeNationClock('C8.later-review', 'review', 'Later reviews', 'Later reviews are held at intervals of not more than 6 months.', {
      england: { unit: 'months', amount: 6 },
      wales: { unit: 'months', amount: 6 },
      'northern-ireland': { unit: 'months', amount: 6 },
    }),
  },

  conditions: {
    'C2.notice-signed': {
      id: 'C2.notice-signed',
      condition: 'C2',
      title: 'Notice signed by an authorised representative',
      statement: 'Each version of the notice is signed by an authorised representative of the placing authority, named with their role.',
      citation: `${REG2022} guidance §6`,
      confidence: '2022',
    },
    'C1.notice-given': {
      id: 'C1.notice-given',
      condition: 'C1',
      title: 'When a notice counts as given',
      statement: "A notice version counts as given when every required recipient's mail server has accepted it.",
      citation: `${REG2022} regs 7-8 (notice in writing)`,
      confidence: 'infer',
      note: 'Acceptance by the recipient server is the earliest evidence of receipt we can record.',
    },
    'DOL.residential-only': {
      id: 'DOL.residential-only',
      condition: 'Legal basis',
      title: 'A DoL order is recognised only for residential care',
      statement: 'A deprivation of liberty order can be the legal basis of a residential placement only, never of foster care.',
      citation: 'SSI 2026/31 (legal bases); domain summary §2',
      confidence: '2026',
    },
    'C6.scottish-cso': {
      id: 'C6.scottish-cso',
      condition: 'C6',
      title: 'A Scottish compulsory supervision order supersedes the order',
      statement: "When a children's hearing makes a compulsory supervision order or interim CSO, the non-Scottish order's effect ends.",
      citation: 'SSI 2026/31 Part 14',
      confidence: '2026',
    },
    'C10.host-consent': {
      id: 'C10.host-consent',
      condition: 'C10',
      title: "Host authority's written consent to a permanent transfer",
      statement: 'A Part 15 transfer can take effect only with the written consent of the host authority.',
      citation: 'SSI 2026/31 Part 15, regs 43-47; SSI 2013/99',
      confidence: '2013',
    },
    'C12.unrecognised-arrival': {
      id: 'C12.unrecognised-arrival',
      condition: 'C12',
      title: 'Arrival without a valid notice',
      statement:
        'A child who arrives before the notice is given is in an unrecognised placement, unless late notice is allowed; this is raised at once to the Scottish Ministers and the Care Inspectorate.',
      citation: `${REG2022} (footnote); domain summary C12`,
      confidence: 'infer',
    },
  },

  parameters: {
    'P.late-notice-allowed': {
      id: 'P.late-notice-allowed',
      statement: 'Whether a notice given after an urgent arrival (within C12.late-notice) keeps the placement recognised.',
      value: false,
      citation: `${REG2022} (footnote on urgent placements)`,
      confidence: 'infer',
      note: 'Not found in SSI 2026/31; the protective reading allows no late notice.',
    },
    'P.lapse-cured-by-late-notice': {
      id: 'P.lapse-cured-by-late-notice',
      statement: 'Whether a notice given after a recognition window lapsed restores recognition.',
      value: false,
      citation: `${G2026} §5`,
      confidence: 'infer',
      note: 'The guidance says recognition lapses; it does not say a later notice revives it. A lapse stays flagged.',
    },
    'P.non-working-start-day': {
      id: 'P.non-working-start-day',
      statement:
        'When a window counts the day it starts and that day is not a working day, that day still counts as day 1, so the window is never longer than 3 days of which the first may be a non-working day.',
      value: 'counts-as-day-1',
      citation: `${G2026} §5; domain summary "Working days"`,
      confidence: 'infer',
      note: "The domain summary calls 'next-working-day-is-day-1' the conservative reading, but it gives the longer window. We take the shorter one, which protects the child (a lapse is flagged no later than either reading allows), as with the statutory calendar. A legal officer should confirm.",
    },
    'P.dol-review-period-months': {
      id: 'P.dol-review-period-months',
      statement: 'A DoL order with no expiry stated is recognised for one review period from when it takes effect.',
      value: 3,
      citation: `${REG2022} reg 5`,
      confidence: '2022',
    },
    'P.advocacy-settings': {
      id: 'P.advocacy-settings',
      statement: 'The settings in which the Ministers must tell the child of, and offer, independent advocacy.',
      value: ['residential', 'foster'],
      citation: 'SSI 2026/31 (advocacy duty)',
      confidence: 'infer',
      note: 'The offer duty is stated for residential care; telling every child is protective, so foster is included.',
    },
    'P.notice-prints-child-name': {
      id: 'P.notice-prints-child-name',
      statement: "The notice prints the child's gender and age, not name or date of birth.",
      value: false,
      citation: `${REG2022} reg 8 (content of notice)`,
      confidence: '2022',
    },
    'P.age-limit': {
      id: 'P.age-limit',
      statement: 'The age at which the cross-border regime ends.',
      value: 18,
      citation: 'SSI 2026/31 reg 47(2)(d)',
      confidence: '2026',
    },
  },

  recipients: {
    residential: [
      ...commonRecipients,
      {
        role: 'advocacy-provider',
        label: 'Independent advocacy provider arranged by the Scottish Ministers',
        required: true,
        citation: 'SSI 2026/31 (advocacy duty)',
        confidence: 'infer',
        note: 'Advocacy must be offered to every child in residential care, so the provider is told.',
      },
    ],
    foster: commonRecipients,
  },

  noticeFields: [
    { key: 'placingAuthority.name', label: 'Placing authority', section: 'placing-authority', mandatory: true, citation: `${REG2022} reg 8`, confidence: '2022' },
    { key: 'child.gender', label: "Child's gender", section: 'child', mandatory: true, citation: `${REG2022} reg 8`, confidence: '2022' },
    { key: 'child.age', label: "Child's age", section: 'child', mandatory: true, citation: `${REG2022} reg 8`, confidence: '2022' },
    { key: 'placement.serviceName', label: 'Care home or fostering service', section: 'placement', mandatory: true, citation: `${REG2022} reg 8`, confidence: '2022' },
    { key: 'legalBasis.effectiveFrom', label: 'Order takes effect', section: 'order', mandatory: true, citation: `${REG2022} reg 8`, confidence: '2022' },
    { key: 'legalBasis.expiresAt', label: 'Order expires', section: 'order', mandatory: true, citation: `${REG2022} reg 8`, confidence: '2022', note: 'Printed as "no fixed expiry" when the order has none.' },
    { key: 'legalBasis.type', label: 'Legal basis', section: 'order', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'legalBasis.court', label: 'Court', section: 'order', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'legalBasis.madeOn', label: 'Order made on', section: 'order', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.serviceAddress', label: 'Placement address', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.careInspectorateNumber', label: 'Care Inspectorate service number', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.hostAuthority', label: 'Host local authority', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.healthBoard', label: 'Health board', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.setting', label: 'Setting', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.plannedStart', label: 'Planned start', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.permanence', label: 'Expected duration', section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'placement.bestInterests', label: "Why a Scottish placement is in the child's best interests", section: 'placement', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'needs.health', label: 'Health needs', section: 'needs', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'needs.education', label: 'Education needs', section: 'needs', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'needs.advocacy', label: 'Advocacy needs', section: 'needs', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'contacts.socialWorker', label: 'Social worker', section: 'contacts', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'contacts.teamManager', label: 'Team manager', section: 'contacts', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'contacts.reviewingOfficer', label: 'Independent reviewing officer', section: 'contacts', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'contacts.outOfHours', label: 'Out-of-hours contact', section: 'contacts', mandatory: false, citation: G2026, confidence: 'infer' },
    { key: 'signatory.name', label: 'Signed by', section: 'signature', mandatory: true, citation: `${REG2022} guidance §6`, confidence: '2022' },
    { key: 'signatory.role', label: 'Role', section: 'signature', mandatory: true, citation: `${REG2022} guidance §6`, confidence: '2022' },
    { key: 'signatory.signedAt', label: 'Date signed', section: 'signature', mandatory: true, citation: `${REG2022} guidance §6`, confidence: '2022' },
    { key: 'signatory.method', label: 'How signed', section: 'signature', mandatory: false, citation: `${REG2022} guidance §6`, confidence: 'infer' },
  ],

  undertaking: [
    { id: 'U1.responsibility', text: 'The placing authority accepts responsibility for the child and for the placement for its whole duration.', citation: `${REG2022} reg 10`, confidence: '2022' },
    { id: 'U2.services', text: 'The placing authority will provide or secure every service the child needs.', citation: `${REG2022} reg 10`, confidence: '2022' },
    { id: 'U3.costs', text: 'The placing authority will meet every cost of the placement except independent advocacy, which the Scottish Ministers fund.', citation: `${REG2022} reg 10; SSI 2026/31 (advocacy)`, confidence: '2022' },
    { id: 'U4.visits', text: 'The placing authority will visit, assess and review the child as the law of its own nation requires.', citation: `${REG2022} reg 10`, confidence: '2022' },
    { id: 'U5.updates', text: 'The placing authority will update this notice and send it again to every recipient whenever anything in it changes.', citation: `${REG2022} reg 10; ${G2026} §5`, confidence: '2022' },
    { id: 'U6.dol-and-end', text: 'The placing authority will tell every recipient of any extension or termination of a deprivation of liberty order and of the end of the placement.', citation: `${REG2022} reg 10; ${G2026} §3.7`, confidence: '2022' },
  ],

  legalBases: [
    { type: 'dol-order', label: 'Order authorising deprivation of liberty (High Court, inherent jurisdiction)', nations: ['england', 'wales'], settings: ['residential'], isOrder: true, deprivationOfLiberty: true, citation: 'SSI 2026/31 (legal bases)', confidence: '2026' },
    { type: 'care-order', label: 'Care order (s.31 Children Act 1989)', nations: ['england', 'wales'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (legal bases)', confidence: '2026' },
    { type: 'interim-care-order', label: 'Interim care order (s.38 Children Act 1989)', nations: ['england', 'wales'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (legal bases)', confidence: '2026' },
    { type: 'supervision-order', label: 'Supervision order (s.31 Children Act 1989)', nations: ['england', 'wales'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (legal bases)', confidence: '2026' },
    { type: 'education-supervision-order', label: 'Education supervision order (s.36 Children Act 1989)', nations: ['england', 'wales'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (legal bases)', confidence: '2026' },
    { type: 's20-accommodation', label: 'Accommodation by agreement (s.20 Children Act 1989; in Wales s.76 Social Services and Well-being (Wales) Act 2014)', nations: ['england', 'wales'], settings: ['residential', 'foster'], isOrder: false, deprivationOfLiberty: false, citation: 'SSI 2026/31 (legal bases)', confidence: '2026', note: 'Wales accommodates under s.76 of the 2014 Act; we treat it as this type.' },
    { type: 'ni-dol-order', label: 'Order authorising deprivation of liberty (High Court of Justice in Northern Ireland)', nations: ['northern-ireland'], settings: ['residential'], isOrder: true, deprivationOfLiberty: true, citation: 'SSI 2026/31 (legal bases)', confidence: '2026' },
    { type: 'ni-care-order', label: 'Care order (art. 50 Children (Northern Ireland) Order 1995)', nations: ['northern-ireland'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (NI equivalents)', confidence: 'infer' },
    { type: 'ni-interim-care-order', label: 'Interim care order (art. 57 Children (Northern Ireland) Order 1995)', nations: ['northern-ireland'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (NI equivalents)', confidence: 'infer' },
    { type: 'ni-supervision-order', label: 'Supervision order (art. 50 Children (Northern Ireland) Order 1995)', nations: ['northern-ireland'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (NI equivalents)', confidence: 'infer' },
    { type: 'ni-education-supervision-order', label: 'Education supervision order (art. 55 Children (Northern Ireland) Order 1995)', nations: ['northern-ireland'], settings: ['residential', 'foster'], isOrder: true, deprivationOfLiberty: false, citation: 'SSI 2026/31 (NI equivalents)', confidence: 'infer' },
    { type: 'ni-accommodation', label: 'Accommodation by agreement (art. 21 Children (Northern Ireland) Order 1995)', nations: ['northern-ireland'], settings: ['residential', 'foster'], isOrder: false, deprivationOfLiberty: false, citation: 'SSI 2026/31 (NI equivalents)', confidence: 'infer' },
  ],
};
