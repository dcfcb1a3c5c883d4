// Rulebook ssi-2026-31@2: rulebook @1 reviewed against every primary text we could read (sources.md,
// December 2026). A rule a text supports carries that text's tag and paragraph (S1-S9 below); what no
// text shows stays 'infer', with a note saying what a legal officer must confirm. Each clock and
// condition carries executable examples (machines/placement/examples.ts runs them in `npm test` and the
// review pack prints them); an example tagged `point: n` settles point n of sources.md.
import { homeNationClock } from './home-nation';
import type { ExampleStep, LegalBasisType, OpenQuestion, RecipientRule, Rulebook, Span } from './types';

const REG2022 = 'SSI 2022/225';
const G2022 = '2022 practice guidance (S4)';
const G2026 = '2026 practice guidance (S2)';
const ACT2011 = "Children's Hearings (Scotland) Act 2011";

/** Scottish clocks count working days on the statutory reading of s.202(1) of the 2011 Act (the stricter one). */
const scottishWorkingDays = (amount: number, countStartDay: boolean): Span => ({
  unit: 'working-days',
  amount,
  calendar: 'scotland-statutory',
  countStartDay,
});

// ---- the steps examples share --------------------------------------------------------------------
// The standard placement (EXAMPLE_BASE in examples.ts): residential, from England, under a care order
// made on 1 March 2026; the draft created on Monday 2 March 2026, planned start Thursday 5 March.

const noticeGiven: ExampleStep = { at: '2026-03-03T09:00:00Z', event: 'NOTICE_GIVEN' };
const arrived: ExampleStep = { at: '2026-03-05T11:00:00Z', event: 'CHILD_ARRIVED' };
/** Notice given on 3 March, the child arrives on 5 March: recognised. */
const placed: ExampleStep[] = [noticeGiven, arrived];
const dol = (madeOn: string, expiresAt: string | null) => ({ type: 'dol-order', madeOn, effectiveFrom: `${madeOn}T10:00:00Z`, expiresAt });
const careOrder = (madeOn: string, at: string) => ({
  legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn, effectiveFrom: at, expiresAt: null },
});
const transfer = (effectiveAt: string): ExampleStep[] => [
  { at: '2026-06-01T10:00:00Z', event: 'TRANSFER_PROPOSED' },
  { at: '2026-06-10T10:00:00Z', event: 'TRANSFER_CONSENTED' },
  { at: effectiveAt, event: 'TRANSFER_EFFECTIVE' },
];
const firthView = { placement: { hostAuthorityId: 'S12000036', serviceName: 'Firth View', plannedStart: '2026-04-10T10:00:00Z', permanence: 'temporary' } };

// ---- recipients ---------------------------------------------------------------------------------
// Statutory recipients decide whether the notice was given (S4 §5-§6; S5 defines the chief social work
// officer). The others receive copies for the child's sake: a failed copy is followed up (C1.copy-follow-up)
// and never changes the child's legal status (sources.md point 5).

const statutory = (role: RecipientRule['role'], label: string): RecipientRule => ({
  role,
  label,
  required: true,
  citation: `${REG2022} reg 8, as described in ${G2022} §5-§6; ${G2026} §3.4-§3.5 (unread)`,
  confidence: '2022',
  note: "Reg 8's own words and the 2026 lists in guidance §3.4-§3.5 are unread; a legal officer must confirm this recipient is named there.",
});

const copy = (role: RecipientRule['role'], label: string, why: string): RecipientRule => ({
  role,
  label,
  required: false,
  followUp: 'C1.copy-follow-up',
  citation: `${G2026} §3.4-§3.5 (unread); regulations.md §4`,
  confidence: 'infer',
  note: `A copy for the child's sake: it does not decide whether the notice was given. ${why}`,
});

const commonRecipients: RecipientRule[] = [
  statutory('host-authority', 'Chief social work officer of the host local authority'),
  statutory('care-inspectorate', 'Care Inspectorate (Social Care and Social Work Improvement Scotland)'),
  statutory('scottish-ministers', 'Scottish Ministers (cross-border placements team)'),
  copy('principal-reporter', "Principal Reporter (Scottish Children's Reporter Administration)", 'SCRA acts on Part 14 and Part 15 events, so it is told.'),
  copy('health-board', 'Health board for the placement address', 'The 2024 thematic review found poor access to mental health services.'),
  copy(
    'education-authority',
    'Education authority for the placement address',
    'In Scotland the education authority is the council; its education service is told.',
  ),
  copy('service-provider', 'The care home or fostering service', 'The provider should hold evidence of the legal basis before it admits the child.'),
];

// ---- legal bases ----------------------------------------------------------------------------------
// Sources.md point 9: the 2026 list of legal bases rests on commentary, not on a 2026 text we read.

const LEGAL_BASES_2026 = 'SSI 2026/31 (legal bases; text unread), per regulations.md §2';
const basisNote = 'The 2026 list of legal bases was read in commentary only; a legal officer must confirm this basis against SSI 2026/31.';
const basis = (b: Omit<LegalBasisType, 'citation' | 'confidence' | 'note'>, note = basisNote): LegalBasisType => ({
  ...b,
  citation: LEGAL_BASES_2026,
  confidence: 'infer',
  note,
});

const openQuestions: OpenQuestion[] = [
  {
    id: 'Q.working-day',
    question: 'Does "working day" in s.202(1) of the 2011 Act exclude only Saturdays, Sundays, 25-26 December and 1-2 January, or every Scottish bank holiday?',
    rules: ['C3.order-change-renotify', 'C10.transfer-hearing', 'C5.dol-termination-notice', 'END.end-notice'],
    meanwhile: 'Windows count on the statutory reading, the shorter one, so a lapse is never flagged later than the law allows.',
    citation: `${ACT2011} s.202(1) (text unread)`,
    confidence: 'infer',
  },
  {
    id: 'Q.non-working-start-day',
    question: 'When an order is made on a Saturday, Sunday or holiday, is that day "working day 1" of the 3-working-day window?',
    rules: ['P.non-working-start-day', 'C3.order-change-renotify'],
    meanwhile: 'The day counts as day 1 (the shorter window); each deadline also shows the date under the other reading.',
    citation: `${G2026} §5`,
    confidence: 'infer',
  },
  {
    id: 'Q.dol-relevant-period',
    question:
      'Is a DoL order recognised only for the relevant period of 3 months beginning with the day it was made or last reviewed and continued, even where the order states a later expiry; and does that period end on the day before the corresponding day 3 months later?',
    rules: ['C5.dol-expiry', 'P.dol-period-from', 'P.dol-stated-expiry'],
    meanwhile: 'Recognition ends at the earlier of the stated expiry and the end of the relevant period, counted as stated.',
    citation: `${REG2022} reg 5(4)-(5), as described in ${G2022} §8`,
    confidence: 'infer',
  },
  {
    id: 'Q.dol-extension-sought',
    question:
      'The 2022 guidance says the specified people are informed where an extension "is sought": is a notice owed when the application is made, as well as when the order is extended?',
    rules: ['C5.dol-extension-notice'],
    meanwhile: 'The updated notice is owed when the extension is recorded, before the current period ends.',
    citation: `${G2022} §8`,
    confidence: 'infer',
  },
  {
    id: 'Q.no-order-in-force',
    question:
      'When a DoL order is terminated and no other order is recorded, can anything else (an underlying care order, s.20 accommodation) give the placement effect in Scotland?',
    rules: ['C5.no-order-in-force', 'P.terminated-order-has-effect'],
    meanwhile: 'The placement shows as unrecognised until the order now in force is recorded (ORDER_CHANGED) and notified.',
    citation: `${REG2022} reg 5, as described in ${G2022} §8`,
    confidence: 'infer',
  },
  {
    id: 'Q.order-change-before-arrival',
    question:
      'Where the order changes before the child arrives, is an updated notice before arrival what the law requires (C1), rather than the 3-working-day window of a child already in Scotland (C3)?',
    rules: ['C1.updated-notice-before-arrival', 'C3.order-change-renotify'],
    meanwhile: 'The child must not arrive before a notice describing the new order is given; arriving earlier is unrecognised.',
    citation: `${G2026} §5; ${G2022} §5`,
    confidence: 'infer',
  },
  {
    id: 'Q.advocacy',
    question:
      'Is the 2026 advocacy duty limited to children in residential care, triggered by the order having effect, and a duty to inform, offer and fund? When do the foster-care advocacy provisions of the Children (Care, Care Experience and Services Planning) (Scotland) Act 2026 commence, and do they reach children already placed?',
    rules: ['C7.advocacy-offer', 'C7.foster-advocacy', 'P.advocacy-settings', 'P.foster-advocacy-commencement'],
    meanwhile:
      'Residential placements get the C7 clock at arrival; foster placements get none until a commencement date is entered in P.foster-advocacy-commencement.',
    citation: `${REG2022} reg 11 (S3); route map "Where children live" (S9)`,
    confidence: 'infer',
  },
  {
    id: 'Q.statutory-recipients',
    question:
      'Which recipients does the 2026 scheme name (reg 8 of 2022; 2026 guidance §3.4-§3.5)? Is the Principal Reporter, the health board, the education authority, the service provider or the advocacy provider among them?',
    rules: ['C1.notice-given', 'C1.copy-follow-up'],
    meanwhile:
      'Only the chief social work officer, the Care Inspectorate and the Scottish Ministers decide whether a notice was given; the others receive copies.',
    citation: `${REG2022} reg 8 (text unread); ${G2026} §3.4-§3.5 (unread)`,
    confidence: 'infer',
  },
  {
    id: 'Q.commissioner-recipient',
    question:
      'SSI 2022/225 reg 2 defines the Commissioner for Children and Young People in Scotland: is the Commissioner a person to be given the notice (reg 8) or told of anything else?',
    rules: ['C1.notice-given'],
    meanwhile: 'The Commissioner is not sent the notice; no rule depends on the Commissioner.',
    citation: `${REG2022} reg 2 (S5); reg 8 (unread)`,
    confidence: 'infer',
  },
  {
    id: 'Q.end-notice',
    question: 'Within what period must the recipients be told that the placement ended, including after a Scottish CSO or a Part 15 transfer?',
    rules: ['END.end-notice', 'P.end-notice-after'],
    meanwhile: 'Within 3 working days, counting the day it ends, after any end (placement ended, age 18, CSO, transfer).',
    citation: `${REG2022} reg 10, as described in ${G2022} §6.2`,
    confidence: 'infer',
  },
  {
    id: 'Q.review-cycle',
    question:
      "For a child already looked after before the placement, does the home nation's review cycle continue from when the child became looked after, and which review is next?",
    rules: ['C8.first-review', 'C8.second-review', 'C8.later-review', 'P.review-cycle-from'],
    meanwhile:
      'Where the placing authority gives lookedAfterSince, the cycle is walked from that day, each review counted from the latest day the one before could have been held; otherwise from arrival.',
    citation: 'Home-nation law (e.g. Care Planning, Placement and Case Review (England) Regulations 2010, reg 33)',
    confidence: 'infer',
  },
  {
    id: 'Q.conditions-check',
    question: "How often must the placing authority investigate whether the order's conditions are complied with (modified s.145 of the 2011 Act)?",
    rules: ['DUTY.conditions-check'],
    meanwhile: 'A recorded check within 3 months of arrival and then within 3 months of each check.',
    citation: `${G2022} §9; ${ACT2011} s.145 (as modified)`,
    confidence: 'infer',
  },
  {
    id: 'Q.urgent-transfer',
    question:
      'After an urgent transfer by the host authority, what is "as soon as reasonably practicable", and does the new place need an updated notice (the move conditions, C4)?',
    rules: ['DUTY.urgent-transfer-report', 'C4.move-renotify'],
    meanwhile: 'The host authority must tell the placing authority within 1 working day; the move conditions are not applied to an urgent transfer.',
    citation: `${REG2022} reg 13 (modified s.143(3)) (S6)`,
    confidence: 'infer',
  },
  {
    id: 'Q.reporter-notice',
    question: 'Within what period must the host authority give notice to the Principal Reporter after it becomes aware of a Part 15 order (s.131(2)(f))?',
    rules: ['C10.reporter-notice'],
    meanwhile: 'Within 5 working days of the transfer taking effect.',
    citation: 'SSI 2026/31 reg 47(2)(b) (S1)',
    confidence: 'infer',
  },
  {
    id: 'Q.host-consent',
    question:
      "SSI 2013/99 reg 6 requires the receiving authority's written consent for Northern Ireland supervision and education supervision orders only: do regs 43-46 of SSI 2026/31 require consent for every Part 15 transfer?",
    rules: ['C10.host-consent'],
    meanwhile: "Every transfer needs the host authority's written consent before it can take effect.",
    citation: 'SSI 2013/99 reg 6 (S7); SSI 2026/31 regs 43-46 (unread)',
    confidence: 'infer',
  },
  {
    id: 'Q.enforcement',
    question: 'Does SSI 2026/31 keep the 2022 enforcement scheme: notice of intent, 21 days, then an application to a sheriff?',
    rules: ['C9.enforcement-cure'],
    meanwhile: 'The 2022 scheme is applied.',
    citation: `${G2022} §9`,
    confidence: 'infer',
  },
  {
    id: 'Q.transitional',
    question:
      'Under the transitional provisions of SSI 2026/31, does a placement recognised under the 2022 scheme (or a 2013 transfer) keep its effect from 9 February 2026; must a notice under the 2026 scheme be given, and within what period; and is missing it a breach of duty or the end of recognition?',
    rules: ['T.transitional-notice'],
    meanwhile:
      'The placement keeps the recognition the earlier scheme gave; a 2026 notice is owed within 20 working days of 9 February 2026; missing it is flagged as a breach, not a lapse. The history before 9 February 2026 is judged under the rulebook of the scheme it began under.',
    citation: `SSI 2026/31 transitional provisions (unread); ${REG2022} reg 4, as described in ${G2022} fn 2`,
    confidence: 'infer',
  },
  {
    id: 'Q.service-evidence',
    question:
      'Must a care service hold evidence of the order before admitting a child placed from elsewhere in the UK (Care Inspectorate standards, Children (Care and Justice) (Scotland) Act 2024 s.28), and may its record here replace its notification to the Care Inspectorate of a child moving in or out?',
    rules: ['SP.evidence-before-admission', 'SP.admission-while-not-recognised', 'SP.care-inspectorate-told'],
    meanwhile:
      'The service confirms the evidence it holds (recorded, never a gate); an admission while the placement is not recognised is raised at once to the host authority and the Care Inspectorate; each arrival, move and departure the service records is sent to the Care Inspectorate.',
    citation: 'Children (Care and Justice) (Scotland) Act 2024 s.28 (S8, not yet in force); regulations.md §1',
    confidence: 'infer',
  },
];

export const ssi2026v2: Rulebook = {
  id: 'ssi-2026-31@2',
  version: 2,
  previous: 'ssi-2026-31@1',
  title: 'Cross-border Placement of Children (Requirements, Effect and Enforcement) (Scotland) Regulations 2026',
  instrument: 'SSI 2026/31',
  inForceFrom: '2026-02-09',
  timeZone: 'Europe/London',

  sources: [
    { ref: 'S1', title: 'SSI 2026/31 reg 47 (Part 15 orders)', where: 'legislation.gov.uk/ssi/2026/31/regulation/47/made' },
    {
      ref: 'S2',
      title: '2026 practice guidance §5 "Changes to placement"',
      where: 'gov.scot, cross-border placement ... regulations 2026 practice guidance, page 5',
    },
    { ref: 'S3', title: 'SSI 2022/225 reg 11 (advocacy)', where: 'legislation.gov.uk/ssi/2022/225/regulation/11' },
    { ref: 'S4', title: '2022 practice guidance §5-§9 and footnotes', where: 'gov.scot, cross-border placements ... practice guidance, pages 5-9, 11' },
    { ref: 'S5', title: 'SSI 2022/225 reg 2 (definitions)', where: 'legislation.gov.uk/ssi/2022/225/regulation/2' },
    { ref: 'S6', title: 'SSI 2022/225 reg 13 (modified s.143(3))', where: 'legislation.gov.uk/ssi/2022/225/regulation/13' },
    { ref: 'S7', title: 'SSI 2013/99 reg 6', where: 'legislation.gov.uk/ssi/2013/99/regulation/6/made' },
    { ref: 'S8', title: 'Children (Care and Justice) (Scotland) Act 2024 s.28 (not yet in force)', where: 'legislation.gov.uk/asp/2024/5/section/28' },
    { ref: 'S9', title: 'Route map "Where children live"', where: 'plan2430.scot' },
  ],

  clocks: {
    'C1.notice-before-arrival': {
      id: 'C1.notice-before-arrival',
      condition: 'C1',
      title: 'Notice and Undertaking given before the child arrives',
      statement:
        'The signed Notice and Undertaking must be given in writing to every statutory recipient before the child is moved to Scotland. The due time shown is the planned start; the arrival decides.',
      clock: { kind: 'before-event', event: 'CHILD_ARRIVED' },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} regs 7-8 (unread), as described in ${G2022} §5 ("must be completed ahead of the child being moved to Scotland")`,
      confidence: '2022',
      examples: [
        {
          title: 'Notice given two days before the child arrives',
          steps: placed,
          expect: { status: 'recognised', deadlines: [{ rule: 'C1.notice-before-arrival', status: 'met' }] },
        },
        {
          title: 'The child arrives with no notice given',
          steps: [arrived],
          expect: { status: 'unrecognised', reasons: ['C1.notice-before-arrival'], deadlines: [{ rule: 'C1.notice-before-arrival', status: 'missed' }] },
        },
      ],
    },
    'C1.updated-notice-before-arrival': {
      id: 'C1.updated-notice-before-arrival',
      condition: 'C1',
      title: 'Updated notice before arrival after the order changed',
      statement:
        'Where the order changes before the child arrives, a notice describing the new order must be given to every statutory recipient before the child arrives. The 3-working-day window (C3) is for a child already in Scotland.',
      clock: { kind: 'before-event', event: 'CHILD_ARRIVED' },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${G2022} §5; ${G2026} §5 (a child already "in Scotland")`,
      confidence: 'infer',
      note: 'Guidance §5 of 2026 speaks of a child already in Scotland; that a change before arrival needs the notice before arrival (C1) is our reading. A legal officer must confirm (Q.order-change-before-arrival).',
      examples: [
        {
          title: 'The order changes the day before arrival and the child arrives on the old notice',
          point: 3,
          steps: [noticeGiven, { at: '2026-03-04T10:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-04', '2026-03-04T10:00:00Z') }, arrived],
          expect: {
            status: 'unrecognised',
            reasons: ['C1.updated-notice-before-arrival'],
            deadlines: [
              { rule: 'C1.updated-notice-before-arrival', status: 'missed' },
              { rule: 'C3.order-change-renotify', absent: true },
            ],
          },
        },
        {
          title: 'The order changes before arrival and the updated notice is given first',
          point: 3,
          steps: [
            noticeGiven,
            { at: '2026-03-04T10:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-04', '2026-03-04T10:00:00Z') },
            { at: '2026-03-04T15:00:00Z', event: 'NOTICE_GIVEN' },
            arrived,
          ],
          expect: {
            status: 'recognised',
            deadlines: [
              { rule: 'C1.updated-notice-before-arrival', status: 'met' },
              { rule: 'C3.order-change-renotify', absent: true },
            ],
          },
        },
      ],
    },
    'C1.copy-follow-up': {
      id: 'C1.copy-follow-up',
      condition: 'C1',
      title: 'A copy that could not be delivered is followed up',
      statement:
        'When a copy of the notice to a recipient that does not decide "given" cannot be delivered, the placing authority must reach that recipient within 2 working days. The child\'s legal status does not depend on it.',
      clock: { kind: 'span', span: scottishWorkingDays(2, false) },
      metBy: 'copy-delivered',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      citation: 'regulations.md §4 (recipients); sources.md point 5',
      confidence: 'infer',
      note: 'No text sets a follow-up; 2 working days is our target. A legal officer must confirm which recipients are statutory (Q.statutory-recipients).',
      examples: [
        {
          title: "The health board's copy bounces; the statutory recipients accept; the child arrives",
          point: 5,
          steps: [
            { at: '2026-03-03T09:00:00Z', event: 'NOTICE_SIGNED' },
            { at: '2026-03-03T09:01:00Z', event: 'DELIVERY_FAILED', with: { recipient: 'health-board', reason: '550 mailbox unavailable' } },
            { at: '2026-03-03T09:05:00Z', event: 'DELIVERED', with: { except: ['health-board'] } },
            arrived,
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'C1.copy-follow-up', status: 'open', dueAt: '2026-03-05T23:59:59.999Z' }] },
        },
        {
          title: 'The health board accepts the copy the next day',
          steps: [
            { at: '2026-03-03T09:00:00Z', event: 'NOTICE_SIGNED' },
            { at: '2026-03-03T09:01:00Z', event: 'DELIVERY_FAILED', with: { recipient: 'health-board', reason: '451 try later' } },
            { at: '2026-03-03T09:05:00Z', event: 'DELIVERED', with: { except: ['health-board'] } },
            { at: '2026-03-04T10:00:00Z', event: 'DELIVERED' },
          ],
          expect: { status: 'pending', deadlines: [{ rule: 'C1.copy-follow-up', status: 'met' }] },
        },
      ],
    },
    'C3.order-change-renotify': {
      id: 'C3.order-change-renotify',
      condition: 'C3',
      title: 'Updated notice within 3 working days of an order change',
      statement:
        'For a child in Scotland, a new order has effect for up to 3 working days, beginning on the day it is made; to continue, the placing authority must update the notice and give it to every statutory recipient within that window, or recognition lapses.',
      clock: { kind: 'span', span: scottishWorkingDays(3, true) },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      beforeArrival: 'C1.updated-notice-before-arrival',
      citation: `${G2026} §5 ("for up to three working days (beginning on the day that the new order is made)")`,
      confidence: '2026',
      examples: [
        {
          title: 'Order made on Monday 9 March: at risk until the updated notice is given',
          steps: [...placed, { at: '2026-03-09T15:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-09', '2026-03-09T15:00:00Z') }],
          expect: {
            status: 'at-risk',
            reasons: ['C3.order-change-renotify'],
            deadlines: [{ rule: 'C3.order-change-renotify', status: 'open', dueAt: '2026-03-11T23:59:59.999Z' }],
          },
        },
        {
          title: 'Updated notice given late on Wednesday 11 March, within the window',
          steps: [
            ...placed,
            { at: '2026-03-09T15:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-09', '2026-03-09T15:00:00Z') },
            { at: '2026-03-11T23:00:00Z', event: 'NOTICE_GIVEN' },
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'C3.order-change-renotify', status: 'met' }] },
        },
        {
          title: 'No updated notice: recognition lapses when the window closes',
          steps: [...placed, { at: '2026-03-09T15:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-09', '2026-03-09T15:00:00Z') }],
          expect: {
            asOf: '2026-03-12T09:00:00Z',
            status: 'unrecognised',
            reasons: ['C3.order-change-renotify'],
            deadlines: [{ rule: 'C3.order-change-renotify', status: 'missed' }],
          },
        },
      ],
    },
    'C4.move-renotify': {
      id: 'C4.move-renotify',
      condition: 'C4',
      title: 'Updated notice for the new location before a move within Scotland',
      statement:
        'Before the child moves to another placement in Scotland, an updated notice naming the new location must be given to the statutory recipients for the new location.',
      clock: { kind: 'before-event', event: 'MOVED' },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${G2026} §5 (conditions apply when the placement location changes)`,
      confidence: 'infer',
      note: 'The guidance applies the conditions when the location changes; that the notice must precede the move is our reading. A legal officer must confirm.',
      examples: [
        {
          title: 'Move proposed, notice for the new home given, then the move',
          steps: [
            ...placed,
            { at: '2026-04-01T09:00:00Z', event: 'MOVE_PROPOSED', with: firthView },
            { at: '2026-04-02T09:00:00Z', event: 'NOTICE_GIVEN' },
            { at: '2026-04-10T11:00:00Z', event: 'MOVED' },
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'C4.move-renotify', status: 'met' }] },
        },
        {
          title: 'The child moves before the notice for the new home is given',
          steps: [...placed, { at: '2026-04-01T09:00:00Z', event: 'MOVE_PROPOSED', with: firthView }, { at: '2026-04-03T11:00:00Z', event: 'MOVED' }],
          expect: { status: 'unrecognised', reasons: ['C4.move-renotify'] },
        },
      ],
    },
    'C5.dol-expiry': {
      id: 'C5.dol-expiry',
      condition: 'C5',
      title: 'Deprivation of liberty order: recognition period ends',
      statement:
        'A DoL order is recognised for the relevant period of 3 months beginning with the day it was made or last reviewed and continued, and never beyond an earlier expiry the order states. Unless the court reviews and continues it and the recipients are told, recognition lapses at the end of that period.',
      clock: { kind: 'at-instant', instant: 'current-dol-expiry' },
      metBy: 'time',
      atRiskWhileOpen: false,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} reg 5(4)-(5), as described in ${G2022} §8 ("three months beginning with the day on which the order was made", or last "reviewed and continued in effect")`,
      confidence: '2022',
      note: 'How the period ends (the day before the corresponding day 3 months later) and that a later stated expiry does not extend it are our readings (Q.dol-relevant-period).',
      examples: [
        {
          title: 'DoL order made 2 March with a stated expiry of 1 September: recognised to the end of 1 June',
          point: 1,
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: placed,
          expect: { status: 'recognised', deadlines: [{ rule: 'C5.dol-expiry', status: 'open', dueAt: '2026-06-01T22:59:59.999Z' }] },
        },
        {
          title: 'DoL order made 2 March with no stated expiry: the same relevant period',
          point: 1,
          given: { legalBasis: dol('2026-03-02', null) },
          steps: placed,
          expect: { deadlines: [{ rule: 'C5.dol-expiry', status: 'open', dueAt: '2026-06-01T22:59:59.999Z' }] },
        },
        {
          title: 'Reviewed and continued on 28 May to 1 December: the period runs again from 28 May',
          point: 1,
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: [...placed, { at: '2026-05-28T10:00:00Z', event: 'DOL_EXTENDED', with: { expiresAt: '2026-12-01T12:00:00Z', reviewedOn: '2026-05-28' } }],
          expect: {
            status: 'at-risk',
            deadlines: [
              { rule: 'C5.dol-expiry', status: 'open', dueAt: '2026-08-27T22:59:59.999Z' },
              { rule: 'C5.dol-extension-notice', status: 'open', dueAt: '2026-06-01T22:59:59.999Z' },
            ],
          },
        },
        {
          title: 'Not reviewed: recognition lapses after 1 June',
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: placed,
          expect: { asOf: '2026-06-02T09:00:00Z', status: 'unrecognised', reasons: ['C5.dol-expiry'] },
        },
      ],
    },
    'C5.dol-extension-notice': {
      id: 'C5.dol-extension-notice',
      condition: 'C5',
      title: 'Recipients told of a DoL extension before the current period ends',
      statement:
        'When the court reviews and continues a DoL order, an updated notice must reach every statutory recipient before the period they were told of ends.',
      clock: { kind: 'at-instant', instant: 'dol-expiry' },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${REG2022} reg 5, as described in ${G2022} §8 (inform "where an extension of a DOL order is sought")`,
      confidence: '2022',
      note: 'The guidance speaks of an extension "sought"; the engine owes the notice once the extension is recorded (Q.dol-extension-sought).',
      examples: [
        {
          title: 'Extension recorded on 28 May and notified the same morning',
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: [
            ...placed,
            { at: '2026-05-28T10:00:00Z', event: 'DOL_EXTENDED', with: { expiresAt: '2026-12-01T12:00:00Z' } },
            { at: '2026-05-28T11:00:00Z', event: 'NOTICE_GIVEN' },
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'C5.dol-extension-notice', status: 'met' }] },
        },
      ],
    },
    'C5.dol-termination-notice': {
      id: 'C5.dol-termination-notice',
      condition: 'C5',
      title: 'Recipients told that a DoL order has ended',
      statement:
        'When a DoL order is terminated, an updated notice must be given to every statutory recipient within 3 working days, counting the day it ends.',
      clock: { kind: 'span', span: scottishWorkingDays(3, true) },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      citation: `${G2022} §8 (inform where "a DOL order is terminated")`,
      confidence: 'infer',
      note: 'The duty to inform is in the 2022 guidance; no period is stated, so we apply the 3-working-day window of an order change (C3).',
      examples: [
        {
          title: 'DoL order terminated on Wednesday 1 April: recipients told by the end of Friday 3 April',
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: [...placed, { at: '2026-04-01T10:00:00Z', event: 'DOL_TERMINATED' }],
          expect: {
            deadlines: [
              { rule: 'C5.dol-termination-notice', status: 'open', dueAt: '2026-04-03T22:59:59.999Z' },
              { rule: 'C5.dol-expiry', status: 'cancelled' },
            ],
          },
        },
      ],
    },
    'C7.advocacy-offer': {
      id: 'C7.advocacy-offer',
      condition: 'C7',
      title: 'Child in residential care told of, and offered, independent advocacy',
      statement:
        "Once the order has effect, the Scottish Ministers must, as soon as reasonably practicable, tell the child that children's advocacy services are available, and offer and fund them, unless that is not appropriate given the child's age and maturity (reasons recorded). Target: 5 working days from arrival. Applies to the settings in P.advocacy-settings.",
      clock: { kind: 'span', span: scottishWorkingDays(5, false) },
      metBy: 'advocacy-decision',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'ministers',
      citation: `${REG2022} reg 11(1)-(2) (S3); route map "Where children live" (S9) on the 2026 duty to offer and fund`,
      confidence: 'infer',
      note: 'The duty to inform is reg 11 of 2022 (tag 2022); that 2026 adds offer and fund for residential care is read in the route map, not in SSI 2026/31; 5 working days is our target for "as soon as reasonably practicable". The clock opens at arrival, also for a child who arrived without notice (Q.advocacy).',
      examples: [
        {
          title: 'Residential placement: the Ministers have until 12 March',
          steps: placed,
          expect: { deadlines: [{ rule: 'C7.advocacy-offer', status: 'open', dueAt: '2026-03-12T23:59:59.999Z' }] },
        },
        {
          title: 'Foster placement: no duty under SSI 2026/31',
          point: 4,
          given: { setting: 'foster' },
          steps: placed,
          expect: {
            status: 'recognised',
            deadlines: [
              { rule: 'C7.advocacy-offer', absent: true },
              { rule: 'C7.foster-advocacy', absent: true },
            ],
          },
        },
        {
          title: 'Offered on 9 March: met',
          steps: [...placed, { at: '2026-03-09T10:00:00Z', event: 'ADVOCACY_OFFERED' }],
          expect: { deadlines: [{ rule: 'C7.advocacy-offer', status: 'met' }] },
        },
        {
          title: 'Not appropriate for a very young child, with the reason recorded: met',
          steps: [...placed, { at: '2026-03-06T10:00:00Z', event: 'ADVOCACY_NOT_APPROPRIATE', with: { reason: 'The child is two years old.' } }],
          expect: { deadlines: [{ rule: 'C7.advocacy-offer', status: 'met' }] },
        },
      ],
    },
    'C7.foster-advocacy': {
      id: 'C7.foster-advocacy',
      condition: 'C7',
      title: 'Child in foster care told of, and offered, advocacy (from commencement)',
      statement:
        'For a child placed in foster care, advocacy comes from the Children (Care, Care Experience and Services Planning) (Scotland) Act 2026, not SSI 2026/31: from the date in P.foster-advocacy-commencement, a child arriving in foster care is told of and offered advocacy as soon as reasonably practicable. Target: 5 working days from arrival.',
      clock: { kind: 'span', span: scottishWorkingDays(5, false) },
      metBy: 'advocacy-decision',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'ministers',
      applies: { settings: ['foster'], commencementParameter: 'P.foster-advocacy-commencement' },
      citation: 'Children (Care, Care Experience and Services Planning) (Scotland) Act 2026 (asp 16), provisions unread; route map "Where children live" (S9)',
      confidence: 'infer',
      note: "The Act's provisions, duty-holder and commencement are unread; the clock stays closed until a legal officer enters the commencement date (Q.advocacy).",
      examples: [
        {
          title: 'If the Act had commenced on 1 March 2026: a foster child arriving on 5 March',
          point: 4,
          given: { setting: 'foster', parameters: { 'P.foster-advocacy-commencement': '2026-03-01' } },
          steps: placed,
          expect: {
            deadlines: [
              { rule: 'C7.foster-advocacy', status: 'open', dueAt: '2026-03-12T23:59:59.999Z' },
              { rule: 'C7.advocacy-offer', absent: true },
            ],
          },
        },
        {
          title: 'If the Act commences on 1 April 2026: a foster child arriving on 5 March gets no clock',
          given: { setting: 'foster', parameters: { 'P.foster-advocacy-commencement': '2026-04-01' } },
          steps: placed,
          expect: { deadlines: [{ rule: 'C7.foster-advocacy', absent: true }] },
        },
      ],
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
      citation: `${G2022} §9 (an application where the authority "does not fulfil that duty within 21 days of the notice being issued")`,
      confidence: '2022',
      note: 'Whether SSI 2026/31 keeps this scheme is unread (Q.enforcement).',
      examples: [
        {
          title: 'Notice of intent on 1 May: the duty is due by the end of 22 May',
          steps: [...placed, { at: '2026-05-01T10:00:00Z', event: 'ENFORCEMENT_NOTICE_ISSUED', with: { duty: 'C8.visit' } }],
          expect: { status: 'recognised', deadlines: [{ rule: 'C9.enforcement-cure', status: 'open', dueAt: '2026-05-22T22:59:59.999Z' }] },
        },
      ],
    },
    'C10.reporter-notice': {
      id: 'C10.reporter-notice',
      condition: 'C10',
      title: 'Host authority gives notice to the Principal Reporter of a Part 15 order',
      statement:
        'When the host (implementation) authority becomes aware that the child is subject to a CSO by virtue of Part 15, it must give notice to the Principal Reporter (s.131(1) and (2)(f) of the 2011 Act). Target: 5 working days from the transfer taking effect.',
      clock: { kind: 'span', span: scottishWorkingDays(5, false) },
      metBy: 'reporter-notified',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'host',
      opensOn: 'TRANSFER_EFFECTIVE',
      citation: 'SSI 2026/31 reg 47(2)(b) (S1), inserting s.131(2)(f) of the 2011 Act',
      confidence: 'infer',
      note: 'The duty is in reg 47(2)(b) (tag 2026); no period is stated, so 5 working days is our target (Q.reporter-notice).',
      examples: [
        {
          title: 'Transfer effective Monday 15 June: notice to the Reporter due by Monday 22 June',
          point: 11,
          steps: [...placed, ...transfer('2026-06-15T10:00:00Z')],
          expect: { status: 'transferred', deadlines: [{ rule: 'C10.reporter-notice', status: 'open', dueAt: '2026-06-22T22:59:59.999Z' }] },
        },
      ],
    },
    'C10.transfer-hearing': {
      id: 'C10.transfer-hearing',
      condition: 'C10',
      title: "Children's hearing within 20 working days of notice to the Principal Reporter",
      statement:
        "After the host authority gives notice to the Principal Reporter under s.131(1), the children's hearing must be arranged to take place no later than 20 working days after that notice is given.",
      clock: { kind: 'span', span: scottishWorkingDays(20, false) },
      metBy: 'hearing',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'scra',
      opensOn: 'REPORTER_NOTIFIED',
      citation: 'SSI 2026/31 reg 47(2)(c) (S1), inserting s.137(3A) of the 2011 Act',
      confidence: '2026',
      examples: [
        {
          title: 'Reporter told on Monday 22 June: the hearing is due by Monday 20 July',
          point: 6,
          steps: [...placed, ...transfer('2026-06-15T10:00:00Z'), { at: '2026-06-22T10:00:00Z', event: 'REPORTER_NOTIFIED' }],
          expect: {
            deadlines: [
              { rule: 'C10.transfer-hearing', status: 'open', dueAt: '2026-07-20T22:59:59.999Z' },
              { rule: 'C10.reporter-notice', status: 'met' },
            ],
          },
        },
      ],
    },
    'C11.age-18': {
      id: 'C11.age-18',
      condition: 'C11',
      title: 'The child turns 18',
      statement: 'The cross-border regime ends when the child reaches 18: a "child" is a person under 18.',
      clock: { kind: 'at-instant', instant: 'eighteenth-birthday' },
      metBy: 'time',
      atRiskWhileOpen: false,
      missedEffect: 'ends-regime',
      duty: 'none',
      citation: `${REG2022} reg 2 ("child") (S5); for Part 15 orders, SSI 2026/31 reg 47(2)(d) (s.199 of the 2011 Act) (S1)`,
      confidence: '2022',
      examples: [
        {
          title: 'Born 10 April 2008: the regime ends on 10 April 2026 and the recipients must be told',
          point: 9,
          given: { dateOfBirth: '2008-04-10' },
          steps: placed,
          expect: {
            asOf: '2026-04-10T00:05:00Z',
            status: 'ended',
            reasons: ['C11.age-18'],
            deadlines: [
              { rule: 'C11.age-18', status: 'met', citationIncludes: 'SSI 2022/225 reg 2' },
              { rule: 'END.end-notice', status: 'open', dueAt: '2026-04-14T22:59:59.999Z' },
            ],
          },
        },
      ],
    },
    'C12.late-notice': {
      id: 'C12.late-notice',
      condition: 'C12',
      title: 'Notice after arrival (only where late notice is allowed)',
      statement:
        'Only where the rulebook allows late notice: the notice must be given within 1 working day after arrival; otherwise arrival without notice makes the placement unrecognised at once.',
      clock: { kind: 'span', span: scottishWorkingDays(1, false) },
      metBy: 'notice',
      atRiskWhileOpen: true,
      missedEffect: 'unrecognised',
      duty: 'placing',
      citation: `${G2022} fn 2-3 (no late notice except a transitional case)`,
      confidence: '2022',
      note: 'Used only when P.late-notice-allowed is true; it is false: the 2022 footnotes allow notice after arrival only in a transitional case, and there is no urgent-placement exception.',
      examples: [
        {
          title: 'What if late notice were allowed: arrival at 23:00, notice due by the end of the next working day',
          given: { parameters: { 'P.late-notice-allowed': true } },
          steps: [{ at: '2026-03-05T23:00:00Z', event: 'CHILD_ARRIVED' }],
          expect: {
            status: 'at-risk',
            reasons: ['C12.late-notice'],
            deadlines: [{ rule: 'C12.late-notice', status: 'open', dueAt: '2026-03-06T23:59:59.999Z' }],
          },
        },
      ],
    },
    'END.end-notice': {
      id: 'END.end-notice',
      condition: 'Undertaking',
      title: 'Recipients told of the end of the placement',
      statement:
        'When the placement ends however it ends (the placement ended, the child turned 18, a Scottish CSO was made, a Part 15 transfer took effect: P.end-notice-after), an updated notice must be given to every statutory recipient within 3 working days, counting the day it ends.',
      clock: { kind: 'span', span: scottishWorkingDays(3, true) },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      citation: `${REG2022} reg 10 (undertaking), as described in ${G2022} §6.2`,
      confidence: 'infer',
      note: 'The undertaking promises the recipients are told; the 3-working-day window is our choice (Q.end-notice).',
      examples: [
        {
          title: 'Placement ended on Wednesday 1 July: recipients told by the end of Friday 3 July',
          steps: [...placed, { at: '2026-07-01T10:00:00Z', event: 'PLACEMENT_ENDED', with: { reason: 'The child returned home.' } }],
          expect: { status: 'ended', lifecycle: 'ending', deadlines: [{ rule: 'END.end-notice', status: 'open', dueAt: '2026-07-03T22:59:59.999Z' }] },
        },
        {
          title: 'A Part 15 transfer takes effect on Monday 15 June: the recipients are still told',
          point: 7,
          steps: [...placed, ...transfer('2026-06-15T10:00:00Z')],
          expect: { status: 'transferred', deadlines: [{ rule: 'END.end-notice', status: 'open', dueAt: '2026-06-17T22:59:59.999Z' }] },
        },
      ],
    },
    'DUTY.conditions-check': {
      id: 'DUTY.conditions-check',
      condition: 'Duties',
      title: "Placing authority checks that the order's conditions are complied with",
      statement:
        "While the child is placed, the placing authority must investigate whether the order's conditions are complied with, and take reasonable steps if they are not. A check is recorded within 3 months of arrival and then within 3 months of each check.",
      clock: { kind: 'span', span: { unit: 'months', amount: 3 } },
      metBy: 'conditions-check',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      opensOn: 'CHILD_ARRIVED',
      recurs: true,
      citation: `${G2022} §9 (duties under ss.144-145 of the 2011 Act as modified: "investigate whether its conditions are complied with")`,
      confidence: 'infer',
      note: 'The duty is in the 2022 guidance (tag 2022); no frequency is stated, so every 3 months is our target (Q.conditions-check).',
      examples: [
        {
          title: 'Placed on 5 March: first check due by 5 June',
          point: 11,
          steps: placed,
          expect: { deadlines: [{ rule: 'DUTY.conditions-check', status: 'open', dueAt: '2026-06-05T22:59:59.999Z' }] },
        },
        {
          title: 'Checked on 1 May: the next check is due by 1 August',
          steps: [...placed, { at: '2026-05-01T10:00:00Z', event: 'CONDITIONS_CHECKED', with: { conditionsMet: true } }],
          expect: { deadlines: [{ rule: 'DUTY.conditions-check', status: 'open', dueAt: '2026-08-01T22:59:59.999Z' }] },
        },
      ],
    },
    'DUTY.urgent-transfer-report': {
      id: 'DUTY.urgent-transfer-report',
      condition: 'Duties',
      title: 'Host authority tells the placing authority of an urgent transfer',
      statement:
        "After the host authority's chief social work officer moves the child urgently to another place, the officer must inform the placing (implementation) authority as soon as reasonably practicable. Target: 1 working day.",
      clock: { kind: 'span', span: scottishWorkingDays(1, false) },
      metBy: 'urgent-transfer-report',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'host',
      opensOn: 'URGENT_TRANSFER_MADE',
      citation: `${REG2022} reg 13 (S6), modifying s.143(3) of the 2011 Act`,
      confidence: 'infer',
      note: 'The duty is reg 13 of 2022 (tag 2022); 1 working day is our target for "as soon as reasonably practicable" (Q.urgent-transfer).',
      examples: [
        {
          title: 'Urgent transfer on Friday 10 April at 22:00: the placing authority told by Monday 13 April',
          point: 11,
          steps: [
            ...placed,
            { at: '2026-04-10T21:00:00Z', event: 'URGENT_TRANSFER_MADE', with: { reason: 'Fire at Harbour House; moved to Firth View overnight.' } },
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'DUTY.urgent-transfer-report', status: 'open', dueAt: '2026-04-13T22:59:59.999Z' }] },
        },
        {
          title: 'Reported on Saturday morning: met',
          steps: [
            ...placed,
            { at: '2026-04-10T21:00:00Z', event: 'URGENT_TRANSFER_MADE', with: { reason: 'Fire at Harbour House; moved to Firth View overnight.' } },
            { at: '2026-04-11T09:00:00Z', event: 'URGENT_TRANSFER_REPORTED' },
          ],
          expect: { deadlines: [{ rule: 'DUTY.urgent-transfer-report', status: 'met' }] },
        },
      ],
    },
    'T.transitional-notice': {
      id: 'T.transitional-notice',
      condition: 'Transitional',
      title: 'Notice under SSI 2026/31 for a placement begun before it came into force',
      statement:
        'A child placed in Scotland before SSI 2026/31 came into force, under the 2022 deprivation of liberty scheme or a 2013 transfer, keeps the recognition the earlier scheme gave. The placing authority must give a Notice and Undertaking under SSI 2026/31 to every statutory recipient within 20 working days of its coming into force. Missing it is a breach of duty; it does not by itself end recognition.',
      clock: { kind: 'span', span: scottishWorkingDays(20, false) },
      metBy: 'notice',
      atRiskWhileOpen: false,
      missedEffect: 'non-compliant',
      duty: 'placing',
      opensOn: 'CARRIED_OVER',
      citation: `SSI 2026/31 transitional provisions (unread); ${G2022} fn 2-3 (the 2022 scheme's own transitional case, reg 4 of ${REG2022})`,
      confidence: 'infer',
      note: 'The transitional provisions of SSI 2026/31 are unread. By analogy with reg 4 of the 2022 scheme, a placement already recognised keeps its effect; that a 2026 notice is owed, within 20 working days, and that missing it is a breach rather than a lapse, are our readings. A legal officer must confirm (Q.transitional).',
      examples: [
        {
          title: 'A 2022 DoL placement carried over on 9 February 2026: the 2026 notice is due by Monday 9 March',
          given: {
            scheme: 'ssi-2022-225@1',
            createdAt: '2026-01-05T09:00:00Z',
            plannedStart: '2026-01-07T10:00:00Z',
            legalBasis: { type: 'dol-order', madeOn: '2026-01-02', effectiveFrom: '2026-01-02T10:00:00Z', expiresAt: null },
          },
          steps: [
            { at: '2026-01-05T10:00:00Z', event: 'NOTICE_GIVEN' },
            { at: '2026-01-07T11:00:00Z', event: 'CHILD_ARRIVED' },
            { at: '2026-02-09T00:00:00Z', event: 'CARRIED_OVER' },
          ],
          expect: {
            status: 'recognised',
            deadlines: [
              { rule: 'T.transitional-notice', status: 'open', dueAt: '2026-03-09T23:59:59.999Z' },
              { rule: 'C5.dol-expiry', status: 'open', dueAt: '2026-04-01T22:59:59.999Z' },
              { rule: 'C1.notice-before-arrival', status: 'met', citationIncludes: 'SSI 2022/225' },
            ],
          },
        },
        {
          title: 'The 2026 notice given on 2 March meets it',
          given: {
            scheme: 'ssi-2022-225@1',
            createdAt: '2026-01-05T09:00:00Z',
            plannedStart: '2026-01-07T10:00:00Z',
            legalBasis: { type: 'dol-order', madeOn: '2026-01-02', effectiveFrom: '2026-01-02T10:00:00Z', expiresAt: null },
          },
          steps: [
            { at: '2026-01-05T10:00:00Z', event: 'NOTICE_GIVEN' },
            { at: '2026-01-07T11:00:00Z', event: 'CHILD_ARRIVED' },
            { at: '2026-02-09T00:00:00Z', event: 'CARRIED_OVER' },
            { at: '2026-03-02T15:00:00Z', event: 'NOTICE_GIVEN' },
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'T.transitional-notice', status: 'met' }] },
        },
        {
          title: 'Not given by 9 March: missed, a breach of duty, but the order keeps its effect',
          given: {
            scheme: 'ssi-2022-225@1',
            createdAt: '2026-01-05T09:00:00Z',
            plannedStart: '2026-01-07T10:00:00Z',
            legalBasis: { type: 'dol-order', madeOn: '2026-01-02', effectiveFrom: '2026-01-02T10:00:00Z', expiresAt: null },
          },
          steps: [
            { at: '2026-01-05T10:00:00Z', event: 'NOTICE_GIVEN' },
            { at: '2026-01-07T11:00:00Z', event: 'CHILD_ARRIVED' },
            { at: '2026-02-09T00:00:00Z', event: 'CARRIED_OVER' },
          ],
          expect: { asOf: '2026-03-10T09:00:00Z', status: 'recognised', deadlines: [{ rule: 'T.transitional-notice', status: 'missed' }] },
        },
      ],
    },
  },

  visits: {
    'C8.first-visit': homeNationClock(
      'C8.first-visit',
      'visit',
      { title: 'First visit by the placing authority', statement: 'The child is visited within 1 week of the placement starting.' },
      { england: { unit: 'weeks', amount: 1 }, wales: { unit: 'weeks', amount: 1 }, 'northern-ireland': { unit: 'weeks', amount: 1 } },
      {},
      [
        {
          title: 'Arrived on 5 March: first visit by 12 March',
          steps: placed,
          expect: { deadlines: [{ rule: 'C8.first-visit', status: 'open', dueAt: '2026-03-12T23:59:59.999Z' }] },
        },
      ],
    ),
    'C8.visit': homeNationClock(
      'C8.visit',
      'visit',
      {
        title: 'Regular visits',
        statement:
          'After the first visit, the child is visited at intervals of not more than 6 weeks (the shorter interval is kept after the first year, as a long-term plan is not known).',
      },
      { england: { unit: 'weeks', amount: 6 }, wales: { unit: 'weeks', amount: 6 }, 'northern-ireland': { unit: 'weeks', amount: 6 } },
      { england: 'After year one the interval may be 3 months for a long-term placement; we keep 6 weeks.' },
      [
        {
          title: 'Visited on 10 March: next visit by 21 April',
          steps: [...placed, { at: '2026-03-10T10:00:00Z', event: 'VISIT_RECORDED' }],
          expect: {
            deadlines: [
              { rule: 'C8.first-visit', status: 'met' },
              { rule: 'C8.visit', status: 'open', dueAt: '2026-04-21T22:59:59.999Z' },
            ],
          },
        },
      ],
    ),
    'C8.first-review': homeNationClock(
      'C8.first-review',
      'review',
      {
        title: 'First review of the care plan',
        statement:
          'The first review is held within 20 working days of the child becoming looked after (2 weeks in Northern Ireland). For a child already looked after before the placement (lookedAfterSince), the cycle continues from then (P.review-cycle-from).',
      },
      {
        england: { unit: 'working-days', amount: 20, calendar: 'england-and-wales', countStartDay: false },
        wales: { unit: 'working-days', amount: 20, calendar: 'england-and-wales', countStartDay: false },
        'northern-ireland': { unit: 'weeks', amount: 2 },
      },
      {},
      [
        {
          title: 'Arrived on 5 March, newly looked after: first review by 2 April',
          steps: placed,
          expect: { deadlines: [{ rule: 'C8.first-review', status: 'open', dueAt: '2026-04-02T22:59:59.999Z' }] },
        },
        {
          title: 'Looked after since 5 January 2026: the first review fell due on 2 February, so the second is next, by 2 May',
          point: 8,
          given: { lookedAfterSince: '2026-01-05' },
          steps: placed,
          expect: {
            deadlines: [
              { rule: 'C8.first-review', absent: true },
              { rule: 'C8.second-review', status: 'open', dueAt: '2026-05-02T22:59:59.999Z' },
            ],
          },
        },
      ],
    ),
    'C8.second-review': homeNationClock(
      'C8.second-review',
      'review',
      { title: 'Second review', statement: 'The second review is held within 3 months of the first.' },
      { england: { unit: 'months', amount: 3 }, wales: { unit: 'months', amount: 3 }, 'northern-ireland': { unit: 'months', amount: 3 } },
      {},
      [
        {
          title: 'First review on 30 March: second by 30 June',
          steps: [...placed, { at: '2026-03-30T10:00:00Z', event: 'REVIEW_RECORDED' }],
          expect: {
            deadlines: [
              { rule: 'C8.first-review', status: 'met' },
              { rule: 'C8.second-review', status: 'open', dueAt: '2026-06-30T22:59:59.999Z' },
            ],
          },
        },
      ],
    ),
    'C8.later-review': homeNationClock(
      'C8.later-review',
      'review',
      { title: 'Later reviews', statement: 'Later reviews are held at intervals of not more than 6 months.' },
      { england: { unit: 'months', amount: 6 }, wales: { unit: 'months', amount: 6 }, 'northern-ireland': { unit: 'months', amount: 6 } },
      {},
      [
        {
          title: 'Second review on 15 June: the next by 15 December',
          steps: [...placed, { at: '2026-03-30T10:00:00Z', event: 'REVIEW_RECORDED' }, { at: '2026-06-15T10:00:00Z', event: 'REVIEW_RECORDED' }],
          expect: { deadlines: [{ rule: 'C8.later-review', status: 'open', dueAt: '2026-12-15T23:59:59.999Z' }] },
        },
      ],
    ),
  },

  conditions: {
    'C1.notice-given': {
      id: 'C1.notice-given',
      condition: 'C1',
      title: 'When a notice counts as given',
      statement:
        "A notice version counts as given when the mail server of every statutory recipient (the host authority's chief social work officer, the Care Inspectorate, the Scottish Ministers) has accepted it. Copies to the other recipients do not decide it.",
      citation: `${REG2022} regs 7-8 (notice in writing; text unread); ${G2022} §5-§6`,
      confidence: 'infer',
      note: 'Acceptance by the recipient server is the earliest evidence of receipt we can record. Which recipients are statutory, and whether the Commissioner is one, a legal officer must confirm (Q.statutory-recipients, Q.commissioner-recipient).',
      examples: [
        {
          title: 'Only the statutory recipients have accepted when the child arrives',
          point: 5,
          steps: [
            { at: '2026-03-03T09:00:00Z', event: 'NOTICE_SIGNED' },
            {
              at: '2026-03-03T09:05:00Z',
              event: 'DELIVERED',
              with: { except: ['principal-reporter', 'health-board', 'education-authority', 'service-provider', 'advocacy-provider'] },
            },
            arrived,
          ],
          expect: { status: 'recognised' },
        },
        {
          title: 'The Commissioner question is recorded for a legal officer',
          point: 11,
          steps: [],
          expect: { status: 'pending', rules: [{ id: 'Q.commissioner-recipient', present: true }] },
        },
      ],
    },
    'C2.notice-signed': {
      id: 'C2.notice-signed',
      condition: 'C2',
      title: 'Notice signed by an authorised representative',
      statement: 'Each version of the notice is completed and signed by an authorised representative of the placing authority, named with their role.',
      citation: `${G2022} §6.1 ("completed and signed by the authorised representative")`,
      confidence: '2022',
      examples: [
        {
          title: 'A notice with no signatory name is refused',
          steps: [{ at: '2026-03-03T09:00:00Z', event: 'NOTICE_SIGNED', with: { signatory: { name: ' ', role: 'Director' } }, refused: true }],
          expect: { status: 'pending' },
        },
      ],
    },
    'C5.no-order-in-force': {
      id: 'C5.no-order-in-force',
      condition: 'C5',
      title: 'No order in force after a DoL order is terminated',
      statement:
        'When a DoL order is terminated and no other order is recorded, there is no order to recognise: the placement has no effect in Scotland until the order now in force is recorded and notified (C3).',
      citation: `${REG2022} reg 5 (a DoL order has effect while in force), as described in ${G2022} §8`,
      confidence: 'infer',
      note: 'That nothing else gives the placement effect is our protective reading (Q.no-order-in-force).',
      examples: [
        {
          title: 'DoL order terminated on 1 April with no other order',
          point: 2,
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: [...placed, { at: '2026-04-01T10:00:00Z', event: 'DOL_TERMINATED' }],
          expect: { status: 'unrecognised', reasons: ['C5.no-order-in-force'] },
        },
        {
          title: 'A care order is recorded the next day: the 3-working-day window runs (Easter Monday is a working day)',
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: [
            ...placed,
            { at: '2026-04-01T10:00:00Z', event: 'DOL_TERMINATED' },
            { at: '2026-04-02T10:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-04-02', '2026-04-02T10:00:00Z') },
          ],
          expect: {
            status: 'at-risk',
            reasons: ['C3.order-change-renotify'],
            deadlines: [{ rule: 'C3.order-change-renotify', dueAt: '2026-04-06T22:59:59.999Z' }],
          },
        },
      ],
    },
    'DOL.residential-only': {
      id: 'DOL.residential-only',
      condition: 'Legal basis',
      title: 'A DoL order is recognised only for residential care',
      statement: 'A deprivation of liberty order can be the legal basis of a residential placement only, never of foster care.',
      citation: `${REG2022} (DoL orders, residential placements); regulations.md §2`,
      confidence: 'infer',
      note: 'No text read says so in terms; the 2022 scheme concerned residential placements. A legal officer must confirm.',
      examples: [
        {
          title: 'A DoL placement cannot move to foster care',
          given: { legalBasis: dol('2026-03-02', '2026-09-01T12:00:00Z') },
          steps: [...placed, { at: '2026-04-01T09:00:00Z', event: 'MOVE_PROPOSED', with: { setting: 'foster', ...firthView }, refused: true }],
          expect: { status: 'recognised' },
        },
      ],
    },
    'C6.scottish-cso': {
      id: 'C6.scottish-cso',
      condition: 'C6',
      title: 'A Scottish compulsory supervision order supersedes the order',
      statement:
        "When a children's hearing makes a compulsory supervision order or interim CSO, the effect of the non-Scottish order is extinguished. The recipients must still be told that the placement under this regime has ended (END.end-notice).",
      citation: `${G2026} §5 (the effect "is extinguished (see Part 14)")`,
      confidence: '2026',
      examples: [
        {
          title: 'Interim CSO on Tuesday 10 March: superseded, the end notice owed by Thursday 12 March',
          point: 7,
          steps: [...placed, { at: '2026-03-10T10:00:00Z', event: 'SCOTTISH_CSO_MADE', with: { interim: true } }],
          expect: {
            status: 'superseded',
            reasons: ['C6.scottish-cso'],
            lifecycle: 'ending',
            deadlines: [{ rule: 'END.end-notice', status: 'open', dueAt: '2026-03-12T23:59:59.999Z' }],
          },
        },
        {
          title: 'The end notice is given: the placement is final',
          steps: [
            ...placed,
            { at: '2026-03-10T10:00:00Z', event: 'SCOTTISH_CSO_MADE', with: { interim: true } },
            { at: '2026-03-11T10:00:00Z', event: 'NOTICE_GIVEN' },
          ],
          expect: { status: 'superseded', lifecycle: 'superseded', deadlines: [{ rule: 'END.end-notice', status: 'met' }] },
        },
      ],
    },
    'C10.host-consent': {
      id: 'C10.host-consent',
      condition: 'C10',
      title: "Host authority's written consent to a permanent transfer",
      statement: 'A Part 15 transfer can take effect only with the written consent of the host authority.',
      citation: 'SSI 2013/99 reg 6 (S7: Northern Ireland supervision and education supervision orders); SSI 2026/31 regs 43-46 (unread)',
      confidence: 'infer',
      note: '2013 reg 6 requires written consent for NI supervision and education supervision orders only; requiring it for every transfer is our reading (Q.host-consent).',
      examples: [
        {
          title: 'A transfer cannot take effect before the host authority consents',
          steps: [
            ...placed,
            { at: '2026-06-01T10:00:00Z', event: 'TRANSFER_PROPOSED' },
            { at: '2026-06-02T10:00:00Z', event: 'TRANSFER_EFFECTIVE', refused: true },
          ],
          expect: { status: 'recognised' },
        },
      ],
    },
    'C12.unrecognised-arrival': {
      id: 'C12.unrecognised-arrival',
      condition: 'C12',
      title: 'Arrival without a valid notice',
      statement:
        'A child who arrives before the notice is given is in an unrecognised placement: there is no urgent-placement exception. This is raised at once to the Scottish Ministers and the Care Inspectorate.',
      citation: `${G2022} §5 and fn 2-3 (notice may follow arrival only in a transitional case)`,
      confidence: '2022',
      examples: [
        {
          title: 'Citations corrected against the texts read (sources.md point 9)',
          point: 9,
          steps: [],
          expect: {
            rules: [
              { id: 'C12.unrecognised-arrival', confidence: '2022', citationIncludes: 'fn 2-3' },
              { id: 'P.late-notice-allowed', citationIncludes: 'fn 2-3' },
              { id: 'placingAuthority.name', citationIncludes: 'reg 9' },
              { id: 'P.age-limit', citationIncludes: 'SSI 2022/225 reg 2' },
              { id: 'U4.visits', confidence: 'infer' },
              { id: 'care-order', confidence: 'infer' },
            ],
          },
        },
        {
          title: 'Arrival with no notice is unrecognised at once',
          steps: [arrived],
          expect: { status: 'unrecognised', reasons: ['C1.notice-before-arrival'] },
        },
      ],
    },
    'SP.evidence-before-admission': {
      id: 'SP.evidence-before-admission',
      condition: 'Care service',
      title: 'The care service holds evidence of the legal basis before admitting the child',
      statement:
        'Before it admits the child, the care home or fostering service confirms that it holds evidence of the order the child is placed under (a copy of the order and of the notice describing it). The confirmation is recorded and shown to the placing and host authorities and the Care Inspectorate. An admission without it is recorded, not refused: the child is already there.',
      citation:
        'regulations.md §1 (the service provider "should hold evidence of the legal basis before admitting"); Children (Care and Justice) (Scotland) Act 2024 s.28 (S8: cross-border standards for care homes, not yet in force)',
      confidence: 'infer',
      note: 'No text read puts this duty on the service in terms, and the 2024 Act s.28 standards are not yet in force. A legal officer must confirm whether the Care Inspectorate standards make it a requirement (Q.service-evidence).',
      examples: [
        {
          title: 'The service confirms the evidence it holds, then admits the child on a notice given: recognised',
          steps: [
            noticeGiven,
            {
              at: '2026-03-04T16:00:00Z',
              event: 'SERVICE_EVIDENCE_CONFIRMED',
              with: { evidence: 'Copy of the care order of 1 March 2026 and notice version 1' },
            },
            arrived,
          ],
          expect: { status: 'recognised' },
        },
      ],
    },
    'SP.admission-while-not-recognised': {
      id: 'SP.admission-while-not-recognised',
      condition: 'Care service',
      title: 'An admission while the order is not recognised is raised at once',
      statement:
        "When a care service records the child's arrival while the legal status is not recognised (no notice given, a recognition window open or lapsed), the arrival is recorded and the host authority and the Care Inspectorate are told at once, as well as the Scottish Ministers where the placement is unrecognised.",
      citation: `${G2022} §5 and fn 2-3 (no placement before notice); regulations.md C12 (an unrecognised placement is raised at once)`,
      confidence: 'infer',
      note: 'Telling the host authority and the Care Inspectorate of an admission that is not (yet) recognised is our protective reading: the service cannot refuse a child already at its door. A legal officer must confirm (Q.service-evidence).',
      examples: [
        {
          title: 'The child arrives at the service before the notice is given: unrecognised, raised at once',
          steps: [{ at: '2026-03-03T09:00:00Z', event: 'NOTICE_SIGNED' }, arrived],
          expect: { status: 'unrecognised', reasons: ['C1.notice-before-arrival'] },
        },
      ],
    },
    'SP.care-inspectorate-told': {
      id: 'SP.care-inspectorate-told',
      condition: 'Care service',
      title: 'The Care Inspectorate is told when the child moves in or out of a care service',
      statement:
        "When the care service records the child's arrival, a move, or the child leaving, the Care Inspectorate is told through this service (in place of the notification form services send today). A departure does not end the placement: the placing authority records the move or the end.",
      citation:
        'regulations.md §1 (registered services tell the Care Inspectorate when a child from elsewhere in the UK moves in or out); Public Services Reform (Scotland) Act 2010 Part 5 (notifications by registered care services; not read for this rule)',
      confidence: 'infer',
      note: "The notification duty is the Care Inspectorate's registration requirement, not SSI 2026/31; a legal officer must confirm that the record here may stand in for the form (Q.service-evidence).",
      examples: [
        {
          title: 'The child leaves the service: the placement goes on until the placing authority records the end',
          steps: [...placed, { at: '2026-04-01T10:00:00Z', event: 'CHILD_DEPARTED', with: { reason: 'Returned home' } }],
          expect: { status: 'recognised', lifecycle: 'placed' },
        },
      ],
    },
    'REL.child-views': {
      id: 'REL.child-views',
      condition: 'REL',
      title: "The child's views are heard and recorded",
      statement:
        "The child's views about the placement are sought and recorded at notification and at each visit and review (P.views-recorded-at): what the child said, in the child's own words where the child agrees, who recorded it and how (directly, through an advocate, or not possible, with the reason). A review with no recorded views is flagged to the placing authority. The views never go on the multi-recipient notice; only what the child's advocacy needs are (wants an advocate, what helps the child give views) may.",
      citation:
        "Children Act 1989 s.22(4)-(5) (England); Social Services and Well-being (Wales) Act 2014 s.6(2); Children (Northern Ireland) Order 1995 art.26(2)-(3); Children (Scotland) Act 1995 s.17(3)-(4); SSI 2022/225 reg 11(4) (advocacy conveys the child's views, S3)",
      confidence: 'infer',
      note: "The placing authority's own law governs its visits and reviews (C8), and each nation's law requires the child's wishes and feelings to be ascertained before decisions; that they are recorded at each visit and review, and flagged when missing, is our reading of what protects a child placed far from home. None of these texts is among those read for SSI 2026/31 (sources.md); a legal officer must confirm the citations.",
      examples: [
        {
          title: 'Views that were not possible to hear must say why',
          steps: [
            ...placed,
            {
              at: '2026-03-06T10:00:00Z',
              event: 'CHILD_VIEWS_RECORDED',
              with: { occasion: 'visit', childViews: { method: 'not-possible', recordedBy: { name: 'Sam Patel', role: 'Social worker' } } },
              refused: true,
            },
          ],
          expect: { status: 'recognised' },
        },
        {
          title: "A review with the child's views leaves the legal status as it was",
          steps: [
            ...placed,
            {
              at: '2026-03-20T10:00:00Z',
              event: 'REVIEW_RECORDED',
              with: { childViews: { method: 'direct', said: 'I like the staff.', recordedBy: { name: 'Sam Patel', role: 'Social worker' } } },
            },
          ],
          expect: { status: 'recognised', deadlines: [{ rule: 'C8.first-review', status: 'met' }] },
        },
      ],
    },
    'REL.siblings': {
      id: 'REL.siblings',
      condition: 'REL',
      title: 'Brothers and sisters: together where appropriate, connected where not',
      statement:
        'Each brother or sister is recorded with where they live (the same placement, elsewhere in Scotland, in the home nation, elsewhere). A sibling not placed with the child is recorded with the reason and the plan for them to stay connected; a move that parts the child from siblings placed together is recorded with its reason and that plan.',
      citation:
        'Children (Scotland) Act 1995 s.17(1), as amended by the Children (Scotland) Act 2020 s.13 (promote personal relations and direct contact with siblings); Looked After Children (Scotland) Regulations 2009 reg 5A, inserted by SSI 2021/103 reg 3(5) (place siblings together, or near each other, where appropriate); Children Act 1989 s.22C(8)(c) (England)',
      confidence: 'infer',
      note: "The Scottish duties bind a Scottish council looking after the child, not the placing authority; a child placed into Scotland deserves no less, so the service asks for the reason and the plan whenever siblings are apart. A legal officer must confirm the citations and which of the placing nation's own duties apply.",
      examples: [
        {
          title: 'A sibling recorded as living apart needs the reason and the plan to stay connected',
          steps: [
            ...placed,
            { at: '2026-03-06T10:00:00Z', event: 'SIBLING_RECORDED', with: { sibling: { relationship: 'full', livesWhere: 'home-nation' } }, refused: true },
          ],
          expect: { status: 'recognised' },
        },
        {
          title: 'A move that leaves a sibling placed together behind needs its reason',
          steps: [
            ...placed,
            { at: '2026-03-06T10:00:00Z', event: 'SIBLING_RECORDED', with: { sibling: { relationship: 'full', livesWhere: 'same-placement' } } },
            { at: '2026-04-01T10:00:00Z', event: 'MOVE_PROPOSED', with: firthView },
            { at: '2026-04-10T10:00:00Z', event: 'MOVED', refused: true },
          ],
          expect: { lifecycle: 'placed', deadlines: [{ rule: 'C4.move-renotify', status: 'open' }] },
        },
      ],
    },
  },

  parameters: {
    'P.late-notice-allowed': {
      id: 'P.late-notice-allowed',
      statement: 'Whether a notice given after an urgent arrival (within C12.late-notice) keeps the placement recognised.',
      value: false,
      citation: `${G2022} fn 2-3 (no late notice except a transitional case)`,
      confidence: '2022',
    },
    'P.lapse-cured-by-late-notice': {
      id: 'P.lapse-cured-by-late-notice',
      statement: 'Whether a notice given after a recognition window lapsed restores recognition.',
      value: false,
      citation: `${G2026} §5`,
      confidence: 'infer',
      note: 'The guidance says the order has effect "for up to" 3 working days; it does not say a later notice revives it. A lapse stays flagged; a legal officer must confirm.',
    },
    'P.non-working-start-day': {
      id: 'P.non-working-start-day',
      statement:
        'When a window begins on the day an order is made and that day is not a working day, that day still counts as day 1 (the shorter window). The other reading, that the next working day is day 1, is shown beside each such deadline.',
      value: 'counts-as-day-1',
      alternativeValue: 'next-working-day-is-day-1',
      citation: `${G2026} §5 ("beginning on the day that the new order is made")`,
      confidence: 'infer',
      note: 'The guidance counts the day made; whether a Saturday is "working day 1" is open (Q.non-working-start-day). The shorter reading protects the child: a lapse is flagged no later than either reading allows.',
      examples: [
        {
          title: 'Order made on Saturday 7 March: due Tuesday 10 March, or Wednesday 11 March on the other reading',
          point: 10,
          steps: [...placed, { at: '2026-03-07T12:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-07', '2026-03-07T12:00:00Z') }],
          expect: { deadlines: [{ rule: 'C3.order-change-renotify', dueAt: '2026-03-10T23:59:59.999Z', alternativeDueAt: '2026-03-11T23:59:59.999Z' }] },
        },
        {
          title: 'Order made on a working day: one date only',
          steps: [...placed, { at: '2026-03-09T15:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-09', '2026-03-09T15:00:00Z') }],
          expect: { deadlines: [{ rule: 'C3.order-change-renotify', dueAt: '2026-03-11T23:59:59.999Z', alternativeDueAt: null }] },
        },
      ],
    },
    'P.dol-review-period-months': {
      id: 'P.dol-review-period-months',
      statement: 'The relevant period of a DoL order, in months.',
      value: 3,
      citation: `${REG2022} reg 5(4)-(5), as described in ${G2022} §8`,
      confidence: '2022',
    },
    'P.dol-period-from': {
      id: 'P.dol-period-from',
      statement:
        'The relevant period of a DoL order begins with the day it was made, or the day it was last reviewed and continued; it ends on the day before the corresponding day, months later.',
      value: 'made-or-last-reviewed',
      citation: `${REG2022} reg 5(4)-(5), as described in ${G2022} §8`,
      confidence: '2022',
      note: "Where no corresponding day exists (30 November + 3 months), the period ends the day before the month's last day: never later than the corresponding-date rule (Q.dol-relevant-period).",
    },
    'P.dol-stated-expiry': {
      id: 'P.dol-stated-expiry',
      statement: 'A DoL order is recognised to the earlier of its stated expiry and the end of its relevant period.',
      value: 'earlier-of-expiry-and-period',
      citation: `${REG2022} reg 5(4)-(5), as described in ${G2022} §8`,
      confidence: 'infer',
      note: 'That a later stated expiry does not extend recognition beyond the relevant period is our reading (Q.dol-relevant-period).',
    },
    'P.terminated-order-has-effect': {
      id: 'P.terminated-order-has-effect',
      statement: 'Whether a terminated order, with no other order recorded, still has effect in Scotland.',
      value: false,
      citation: `${REG2022} reg 5, as described in ${G2022} §8`,
      confidence: 'infer',
      note: 'With no order in force there is nothing to recognise (Q.no-order-in-force).',
    },
    'P.advocacy-settings': {
      id: 'P.advocacy-settings',
      statement:
        'The settings in which the Scottish Ministers must tell the child of, offer and fund independent advocacy under SSI 2026/31 (C7.advocacy-offer).',
      value: ['residential'],
      citation: `${REG2022} reg 11 (S3: DoL placements, residential); route map "Where children live" (S9)`,
      confidence: 'infer',
      note: 'The route map says the 2026 duty covers children in residential care and that foster advocacy comes separately (C7.foster-advocacy); the 2026 text is unread (Q.advocacy).',
    },
    'P.foster-advocacy-commencement': {
      id: 'P.foster-advocacy-commencement',
      statement:
        'The date from which children arriving in foster care are told of and offered advocacy under the Children (Care, Care Experience and Services Planning) (Scotland) Act 2026 (C7.foster-advocacy). Empty: not yet known, so no clock opens.',
      value: '',
      citation: 'Children (Care, Care Experience and Services Planning) (Scotland) Act 2026 (asp 16), commencement unread',
      confidence: 'infer',
      note: 'A legal officer must enter the commencement date of the advocacy provisions (Q.advocacy).',
    },
    'P.end-notice-after': {
      id: 'P.end-notice-after',
      statement: 'The ends after which the recipients must be told that the placement ended (END.end-notice).',
      value: ['ended', 'superseded', 'transferred'],
      citation: `${REG2022} reg 10 (undertaking), as described in ${G2022} §6.2`,
      confidence: 'infer',
      note: 'The undertaking promises the recipients are told of the end of the placement, however it ends (Q.end-notice).',
    },
    'P.review-cycle-from': {
      id: 'P.review-cycle-from',
      statement:
        "For a child already looked after before the placement (lookedAfterSince given), the home nation's review cycle continues from when the child became looked after; otherwise it starts at arrival.",
      value: 'looked-after-since',
      citation:
        'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33 (first review within 20 working days of becoming looked after); Wales and Northern Ireland equivalents',
      confidence: 'infer',
      note: 'We walk the cycle from that day, each review counted from the latest day the one before could have been held, so the next review shown is never later than the real one (Q.review-cycle).',
    },
    'P.notice-prints-child-name': {
      id: 'P.notice-prints-child-name',
      statement: "The notice prints the child's gender and age, not name or date of birth.",
      value: false,
      citation: `${REG2022} reg 9, as described in ${G2022} §6.1 ((b) gender, (c) age)`,
      confidence: '2022',
    },
    'P.age-limit': {
      id: 'P.age-limit',
      statement: 'The age at which the cross-border regime ends.',
      value: 18,
      citation: `${REG2022} reg 2 ("child" = under 18) (S5); SSI 2026/31 reg 47(2)(d) for Part 15 orders (S1)`,
      confidence: '2022',
    },
    'P.retention-years-after-end': {
      id: 'P.retention-years-after-end',
      statement:
        "A child's identifying details (name, date of birth) and the free text recorded about the child are kept for this many years after the placement ends (or, if later, until the age in P.retention-until-age), then erased; the events, dates and hashes stay so the record still proves what happened.",
      value: 6,
      citation: 'UK GDPR art. 5(1)(e) (storage limitation); Limitation Act 1980 s.2 (6 years); Prescription and Limitation (Scotland) Act 1973 s.6 (5 years)',
      confidence: 'infer',
      note: "No retention period for this record is set by SSI 2026/31. We keep it for the longest ordinary limitation period, so a child or council can still evidence what happened; a data protection officer must confirm it, and whether the placing authority's case record (kept far longer) makes this copy unnecessary sooner.",
    },
    'P.views-recorded-at': {
      id: 'P.views-recorded-at',
      statement:
        "The occasions at which the child's views are sought and recorded (REL.child-views); a review among them held without recorded views is flagged in the placing authority's work queue.",
      value: ['notification', 'visit', 'review'],
      citation: 'Children Act 1989 s.22(4)-(5); Children (Scotland) Act 1995 s.17(3)-(4); SSI 2022/225 reg 11(4) (S3)',
      confidence: 'infer',
      note: 'That views are recorded at each of these occasions is practice we adopt to protect the child, not a rule read in SSI 2026/31; a legal officer must confirm it.',
    },
    'P.small-cell-threshold': {
      id: 'P.small-cell-threshold',
      statement:
        'Counts about children in reports and evaluation data that are above zero and below this number are suppressed, with a second cell suppressed where the first could be worked out from a total.',
      value: 5,
      citation:
        'Code of Practice for Statistics (UK Statistics Authority), T6 (data governance: confidentiality); Government Statistical Service guidance on statistical disclosure control for tables produced from administrative sources',
      confidence: 'infer',
      note: 'Official statistics practice, not law: publishers of statistics on looked after children commonly suppress counts under 5 or round them. A data protection officer must confirm the threshold.',
    },
    'P.retention-until-age': {
      id: 'P.retention-until-age',
      statement: "Whatever the end date, the child's details are not erased before the child reaches this age.",
      value: 25,
      citation: 'Limitation Act 1980 s.28 (time runs from 18 for a child); Prescription and Limitation (Scotland) Act 1973 s.17',
      confidence: 'infer',
      note: 'A claim by a child may be brought for years after the child turns 18; 25 covers the 6-year period from 18. A data protection officer must confirm it.',
    },
  },

  recipients: {
    residential: [
      ...commonRecipients,
      copy(
        'advocacy-provider',
        'Independent advocacy provider arranged by the Scottish Ministers',
        'Advocacy must be offered to every child in residential care, so the provider is told.',
      ),
    ],
    foster: commonRecipients,
  },

  noticeFields: [
    {
      key: 'placingAuthority.name',
      label: 'Placing authority',
      section: 'placing-authority',
      mandatory: true,
      citation: `${REG2022} reg 9(a), per ${G2022} §6.1`,
      confidence: '2022',
    },
    { key: 'child.gender', label: "Child's gender", section: 'child', mandatory: true, citation: `${REG2022} reg 9(b), per ${G2022} §6.1`, confidence: '2022' },
    { key: 'child.age', label: "Child's age", section: 'child', mandatory: true, citation: `${REG2022} reg 9(c), per ${G2022} §6.1`, confidence: '2022' },
    {
      key: 'placement.serviceName',
      label: 'Care home or fostering service',
      section: 'placement',
      mandatory: true,
      citation: `${REG2022} reg 9(d), per ${G2022} §6.1`,
      confidence: '2022',
    },
    {
      key: 'legalBasis.effectiveFrom',
      label: 'Order takes effect',
      section: 'order',
      mandatory: true,
      citation: `${REG2022} reg 9(e), per ${G2022} §6.1`,
      confidence: '2022',
    },
    {
      key: 'legalBasis.expiresAt',
      label: 'Order expires',
      section: 'order',
      mandatory: true,
      citation: `${REG2022} reg 9(e), per ${G2022} §6.1`,
      confidence: '2022',
      note: 'Printed as "no fixed expiry" when the order has none.',
    },
    ...(
      [
        ['legalBasis.type', 'Legal basis', 'order'],
        ['legalBasis.court', 'Court', 'order'],
        ['legalBasis.madeOn', 'Order made on', 'order'],
        ['placement.serviceAddress', 'Placement address', 'placement'],
        ['placement.careInspectorateNumber', 'Care Inspectorate service number', 'placement'],
        ['placement.hostAuthority', 'Host local authority', 'placement'],
        ['placement.healthBoard', 'Health board', 'placement'],
        ['placement.setting', 'Setting', 'placement'],
        ['placement.plannedStart', 'Planned start', 'placement'],
        ['placement.permanence', 'Expected duration', 'placement'],
        ['placement.bestInterests', "Why a Scottish placement is in the child's best interests", 'placement'],
        ['needs.health', 'Health needs', 'needs'],
        ['needs.education', 'Education needs', 'needs'],
        ['needs.advocacy', 'Advocacy needs', 'needs'],
        ['contacts.socialWorker', 'Social worker', 'contacts'],
        ['contacts.teamManager', 'Team manager', 'contacts'],
        ['contacts.reviewingOfficer', 'Independent reviewing officer', 'contacts'],
        ['contacts.outOfHours', 'Out-of-hours contact', 'contacts'],
      ] as const
    ).map(([key, label, section]) => ({
      key,
      label,
      section,
      mandatory: false,
      citation: '2026 notice template (unread); regulations.md §4',
      confidence: 'infer' as const,
      note: "Expected in the 2026 template so Scottish services know the child's needs; the template is unread.",
    })),
    { key: 'signatory.name', label: 'Signed by', section: 'signature', mandatory: true, citation: `${G2022} §6.1`, confidence: '2022' },
    { key: 'signatory.role', label: 'Role', section: 'signature', mandatory: true, citation: `${G2022} §6.1`, confidence: '2022' },
    { key: 'signatory.signedAt', label: 'Date signed', section: 'signature', mandatory: true, citation: `${G2022} §6.1`, confidence: '2022' },
    {
      key: 'signatory.method',
      label: 'How signed',
      section: 'signature',
      mandatory: false,
      citation: `${G2022} §6.1`,
      confidence: 'infer',
      note: 'The guidance asks for a signature, not how it is made; recording the method (e.g. electronic) is ours.',
    },
  ],

  undertaking: [
    {
      id: 'U1.responsibility',
      text: 'The placing authority accepts responsibility for the child and for the placement for its whole duration.',
      citation: `${REG2022} reg 10, as described in ${G2022} §6.2`,
      confidence: '2022',
    },
    {
      id: 'U2.services',
      text: 'The placing authority will provide or secure every service the child needs.',
      citation: `${REG2022} reg 10; ${G2022} §7.1`,
      confidence: '2022',
    },
    {
      id: 'U3.costs',
      text: 'The placing authority will meet every cost of the placement except independent advocacy, which the Scottish Ministers fund.',
      citation: `${REG2022} reg 10; ${G2022} §7.1 (all costs "except Scottish advocacy")`,
      confidence: '2022',
    },
    {
      id: 'U4.visits',
      text: 'The placing authority will visit, assess and review the child as the law of its own nation requires.',
      citation: 'Home-nation law (C8); not in the 2022 undertaking (reg 10, per 2022 guidance §6.2)',
      confidence: 'infer',
      note: 'Not a clause of the 2022 undertaking; kept because the placing authority stays responsible for visits and reviews. A legal officer must confirm it belongs in the undertaking rather than a covering letter.',
    },
    {
      id: 'U5.updates',
      text: 'The placing authority will update this notice and send it again to every recipient whenever anything in it changes.',
      citation: `${G2026} §5 ("must update the notice it has previously given"); ${REG2022} reg 10`,
      confidence: 'infer',
      note: 'The 2026 guidance requires an updated notice when the order or the location changes (tag 2026); "whenever anything in it changes" is our wider promise.',
    },
    {
      id: 'U6.dol-and-end',
      text: 'The placing authority will tell every recipient of any extension or termination of a deprivation of liberty order, and of the end of the placement however it ends, including a Scottish compulsory supervision order or a permanent transfer.',
      citation: `${G2022} §8 (extension and termination); ${REG2022} reg 10`,
      confidence: 'infer',
      note: 'Telling the recipients of a DoL extension or termination is in the 2022 guidance §8 (tag 2022); that the end notice is owed after a CSO or a transfer is our reading (Q.end-notice).',
    },
  ],

  legalBases: [
    {
      type: 'dol-order',
      label: 'Order authorising deprivation of liberty (High Court, inherent jurisdiction)',
      nations: ['england', 'wales'],
      settings: ['residential'],
      isOrder: true,
      deprivationOfLiberty: true,
      citation: `${REG2022} (DoL orders of the High Court), per ${G2022} §8`,
      confidence: '2022',
    },
    basis({
      type: 'care-order',
      label: 'Care order (s.31 Children Act 1989)',
      nations: ['england', 'wales'],
      settings: ['residential', 'foster'],
      isOrder: true,
      deprivationOfLiberty: false,
    }),
    basis({
      type: 'interim-care-order',
      label: 'Interim care order (s.38 Children Act 1989)',
      nations: ['england', 'wales'],
      settings: ['residential', 'foster'],
      isOrder: true,
      deprivationOfLiberty: false,
    }),
    basis({
      type: 'supervision-order',
      label: 'Supervision order (s.31 Children Act 1989)',
      nations: ['england', 'wales'],
      settings: ['residential', 'foster'],
      isOrder: true,
      deprivationOfLiberty: false,
    }),
    basis({
      type: 'education-supervision-order',
      label: 'Education supervision order (s.36 Children Act 1989)',
      nations: ['england', 'wales'],
      settings: ['residential', 'foster'],
      isOrder: true,
      deprivationOfLiberty: false,
    }),
    basis(
      {
        type: 's20-accommodation',
        label: 'Accommodation by agreement (s.20 Children Act 1989; in Wales s.76 Social Services and Well-being (Wales) Act 2014)',
        nations: ['england', 'wales'],
        settings: ['residential', 'foster'],
        isOrder: false,
        deprivationOfLiberty: false,
      },
      `${basisNote} Wales accommodates under s.76 of the 2014 Act; we treat it as this type.`,
    ),
    {
      type: 'ni-dol-order',
      label: 'Order authorising deprivation of liberty (High Court of Justice in Northern Ireland)',
      nations: ['northern-ireland'],
      settings: ['residential'],
      isOrder: true,
      deprivationOfLiberty: true,
      citation: `${REG2022} (DoL orders of the High Court of Justice in Northern Ireland), per ${G2022} §8`,
      confidence: '2022',
    },
    basis({
      type: 'ni-care-order',
      label: 'Care order (art. 50 Children (Northern Ireland) Order 1995)',
      nations: ['northern-ireland'],
      settings: ['residential', 'foster'],
      isOrder: true,
      deprivationOfLiberty: false,
    }),
    basis({
      type: 'ni-interim-care-order',
      label: 'Interim care order (art. 57 Children (Northern Ireland) Order 1995)',
      nations: ['northern-ireland'],
      settings: ['residential', 'foster'],
      isOrder: true,
      deprivationOfLiberty: false,
    }),
    basis(
      {
        type: 'ni-supervision-order',
        label: 'Supervision order (art. 50 Children (Northern Ireland) Order 1995)',
        nations: ['northern-ireland'],
        settings: ['residential', 'foster'],
        isOrder: true,
        deprivationOfLiberty: false,
      },
      `${basisNote} SSI 2013/99 reg 6 (S7) names NI supervision orders for Part 15 transfers.`,
    ),
    basis(
      {
        type: 'ni-education-supervision-order',
        label: 'Education supervision order (art. 55 Children (Northern Ireland) Order 1995)',
        nations: ['northern-ireland'],
        settings: ['residential', 'foster'],
        isOrder: true,
        deprivationOfLiberty: false,
      },
      `${basisNote} SSI 2013/99 reg 6 (S7) names NI education supervision orders for Part 15 transfers.`,
    ),
    basis({
      type: 'ni-accommodation',
      label: 'Accommodation by agreement (art. 21 Children (Northern Ireland) Order 1995)',
      nations: ['northern-ireland'],
      settings: ['residential', 'foster'],
      isOrder: false,
      deprivationOfLiberty: false,
    }),
  ],

  openQuestions,
};
