// Rulebook ssi-2022-225@1: the Cross-border Placements (Effect of Deprivation of Liberty Orders) (Scotland)
// Regulations 2022, for the history of a child placed under a DoL order before SSI 2026/31 came into force on
// 9 February 2026. Most of ssi-2026-31@2 was read in this scheme's texts (tag 2022) and stands as it is; the
// rest is applied to the history by analogy (tag infer), for a legal officer to confirm.
import { earlierScheme, schemeRecipient } from './earlier-scheme';
import { ssi2026v2 } from './ssi-2026-31.v2';
import type { RuleExample } from './types';

const REG = 'SSI 2022/225';
const GUIDE = '2022 practice guidance (S4)';

const dol = { type: 'dol-order', madeOn: '2025-03-03', effectiveFrom: '2025-03-03T10:00:00Z', expiresAt: null };
const given = { legalBasis: dol, createdAt: '2025-03-03T11:00:00Z', plannedStart: '2025-03-06T10:00:00Z' };

const c1: RuleExample[] = [
  {
    title: 'A DoL placement in 2025: the notice and undertaking given before the child moved',
    given,
    steps: [
      { at: '2025-03-04T09:00:00Z', event: 'NOTICE_GIVEN' },
      { at: '2025-03-06T11:00:00Z', event: 'CHILD_ARRIVED' },
    ],
    expect: { status: 'recognised', deadlines: [{ rule: 'C1.notice-before-arrival', status: 'met', citationIncludes: REG }] },
  },
  {
    title: 'The child moved before the notice was given: not recognised (no late notice outside reg 4)',
    given,
    steps: [
      { at: '2025-03-06T11:00:00Z', event: 'CHILD_ARRIVED' },
      { at: '2025-03-07T09:00:00Z', event: 'NOTICE_GIVEN' },
    ],
    expect: { status: 'unrecognised', reasons: ['C1.notice-before-arrival'] },
  },
];

const c5: RuleExample[] = [
  {
    title: 'Made on 3 March 2025 and not reviewed: recognition ends after 2 June 2025',
    given,
    steps: [
      { at: '2025-03-04T09:00:00Z', event: 'NOTICE_GIVEN' },
      { at: '2025-03-06T11:00:00Z', event: 'CHILD_ARRIVED' },
    ],
    expect: {
      asOf: '2025-06-03T09:00:00Z',
      status: 'unrecognised',
      reasons: ['C5.dol-expiry'],
      deadlines: [{ rule: 'C5.dol-expiry', status: 'missed', dueAt: '2025-06-02T22:59:59.999Z' }],
    },
  },
  {
    title: 'Reviewed and continued on 29 May 2025 and the recipients told: recognised to the end of 28 August',
    given,
    steps: [
      { at: '2025-03-04T09:00:00Z', event: 'NOTICE_GIVEN' },
      { at: '2025-03-06T11:00:00Z', event: 'CHILD_ARRIVED' },
      { at: '2025-05-29T10:00:00Z', event: 'DOL_EXTENDED', with: { expiresAt: '2025-09-30T10:00:00Z', reviewedOn: '2025-05-29' } },
      { at: '2025-05-29T15:00:00Z', event: 'NOTICE_GIVEN' },
    ],
    expect: { status: 'recognised', deadlines: [{ rule: 'C5.dol-expiry', status: 'open', dueAt: '2025-08-28T22:59:59.999Z' }] },
  },
];

export const ssi2022v1 = earlierScheme(ssi2026v2, {
  id: 'ssi-2022-225@1',
  title: 'Cross-border Placements (Effect of Deprivation of Liberty Orders) (Scotland) Regulations 2022',
  instrument: REG,
  // Made 23 June 2022, in force the day after (reg 1).
  inForceFrom: '2022-06-24',
  ownTags: ['2022', 'infer'],
  analogy: `A rule read in SSI 2026/31 or its guidance, not in ${REG}: applied to the history of a placement under ${REG} as the 2026 scheme reads it (Q.history-rules).`,
  legalBases: [
    {
      type: 'dol-order',
      label: 'Order authorising deprivation of liberty (High Court, inherent jurisdiction)',
      nations: ['england', 'wales'],
      settings: ['residential'],
      isOrder: true,
      deprivationOfLiberty: true,
      citation: `${REG} reg 2 ("deprivation of liberty order", "the court" (a)), per ${GUIDE} §8`,
      confidence: '2022',
    },
    {
      type: 'ni-dol-order',
      label: 'Order authorising deprivation of liberty (High Court of Justice in Northern Ireland)',
      nations: ['northern-ireland'],
      settings: ['residential'],
      isOrder: true,
      deprivationOfLiberty: true,
      citation: `${REG} reg 2 ("deprivation of liberty order", "the court" (b)), per ${GUIDE} §8`,
      confidence: '2022',
    },
  ],
  // Reg 8's own list is unread; these three are the ones the 2022 guidance names, and the only ones that decided "given".
  recipients: {
    residential: [
      schemeRecipient(
        'host-authority',
        'Chief social work officer of the receiving local authority',
        `${REG} reg 8 and reg 2 ("chief social work officer"), per ${GUIDE} §5-§6`,
        '2022',
      ),
      schemeRecipient('care-inspectorate', 'Care Inspectorate (Social Care and Social Work Improvement Scotland)', `${REG} reg 8, per ${GUIDE} §5-§6`, '2022'),
      schemeRecipient('scottish-ministers', 'Scottish Ministers', `${REG} reg 8, per ${GUIDE} §5-§6`, '2022'),
    ],
    foster: [],
  },
  replace: {
    'P.advocacy-settings': {
      value: ['residential'],
      citation: `${REG} reg 11(1) (S3: where a DoL order has effect as a CSO, the Ministers inform the child of advocacy)`,
      confidence: '2022',
      note: 'Under the 2022 scheme every placement was a DoL placement in residential care.',
    },
  },
  openQuestions: [
    {
      id: 'Q.history-rules',
      question: `Which rules of ${REG} applied to a placement's history before 9 February 2026? Its regs 5, 7-10 are unread in their own words; the rules read only in SSI 2026/31 (the 3-working-day window after an order change, a move, the end notice) are applied by analogy.`,
      rules: ['C1.notice-before-arrival', 'C3.order-change-renotify', 'C4.move-renotify', 'C5.dol-expiry', 'END.end-notice'],
      meanwhile: `The history is judged by the rules read in ${REG} and its guidance where they exist, and by the 2026 reading otherwise, each tagged.`,
      citation: `${REG} regs 4-11 (partly read); ${GUIDE}`,
      confidence: 'infer',
    },
  ],
  examples: { 'C1.notice-before-arrival': c1, 'C5.dol-expiry': c5 },
});
