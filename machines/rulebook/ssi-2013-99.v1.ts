// Rulebook ssi-2013-99@1: the 2013 Transfer Regulations (SSI 2013/99), for the history of a child whose order was
// transferred to Scotland before SSI 2026/31 came into force. Only reg 6 was read (S7: for Northern Ireland
// supervision and education supervision orders the receiving authority is notified and consents in writing);
// everything else is applied to the history as SSI 2026/31 reads it, tagged infer, for a legal officer to confirm.
import { earlierScheme, schemeRecipient } from './earlier-scheme';
import { ssi2026v2 } from './ssi-2026-31.v2';
import type { LegalBasisType, RuleExample } from './types';

const REG = 'SSI 2013/99';
const READ = `${REG} reg 6 (S7)`;

const basis = (b: Omit<LegalBasisType, 'citation' | 'confidence' | 'note'>, read: boolean): LegalBasisType => ({
  ...b,
  citation: read ? `${READ}: Northern Ireland supervision and education supervision orders` : `${REG} (regulations other than reg 6 unread)`,
  confidence: read ? '2013' : 'infer',
  ...(read ? {} : { note: `That ${REG} reached this order is our reading; a legal officer must confirm it against the regulations.` }),
});

const ni = { type: 'ni-supervision-order', madeOn: '2024-09-02', effectiveFrom: '2024-09-02T10:00:00Z', expiresAt: null };
const given = { placingNation: 'northern-ireland' as const, legalBasis: ni, createdAt: '2024-09-03T09:00:00Z', plannedStart: '2024-09-10T10:00:00Z' };
const told: RuleExample['steps'] = [
  { at: '2024-09-04T09:00:00Z', event: 'NOTICE_GIVEN' },
  { at: '2024-09-10T11:00:00Z', event: 'CHILD_ARRIVED' },
];

const c10: RuleExample[] = [
  {
    title: 'A Northern Ireland supervision order: the transfer cannot take effect before the receiving authority consents in writing',
    given,
    steps: [...told, { at: '2024-09-11T10:00:00Z', event: 'TRANSFER_PROPOSED' }, { at: '2024-09-12T10:00:00Z', event: 'TRANSFER_EFFECTIVE', refused: true }],
    expect: { status: 'recognised' },
  },
  {
    title: 'Consent given, the transfer takes effect: the host authority is responsible',
    given,
    steps: [
      ...told,
      { at: '2024-09-11T10:00:00Z', event: 'TRANSFER_PROPOSED' },
      { at: '2024-09-12T10:00:00Z', event: 'TRANSFER_CONSENTED' },
      { at: '2024-09-13T10:00:00Z', event: 'TRANSFER_EFFECTIVE' },
    ],
    expect: { status: 'transferred', reasons: ['C10.host-consent'] },
  },
];

export const ssi2013v1 = earlierScheme(ssi2026v2, {
  id: 'ssi-2013-99@1',
  title: 'The 2013 Transfer Regulations (transfer of children to Scotland: effect of orders made in England and Wales or Northern Ireland)',
  instrument: REG,
  // The main commencement of the Children's Hearings (Scotland) Act 2011, under which the regulations were made (to confirm).
  inForceFrom: '2013-06-24',
  ownTags: ['2013', 'infer'],
  analogy: `A rule read in SSI 2026/31, SSI 2022/225 or their guidance, not in ${REG}: applied to the history of a 2013 transfer as SSI 2026/31 reads it (Q.history-rules).`,
  legalBases: [
    basis(
      {
        type: 'ni-supervision-order',
        label: 'Supervision order (art. 50 Children (Northern Ireland) Order 1995)',
        nations: ['northern-ireland'],
        settings: ['residential', 'foster'],
        isOrder: true,
        deprivationOfLiberty: false,
      },
      true,
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
      true,
    ),
    basis(
      {
        type: 'ni-care-order',
        label: 'Care order (art. 50 Children (Northern Ireland) Order 1995)',
        nations: ['northern-ireland'],
        settings: ['residential', 'foster'],
        isOrder: true,
        deprivationOfLiberty: false,
      },
      false,
    ),
    basis(
      {
        type: 'care-order',
        label: 'Care order (s.31 Children Act 1989)',
        nations: ['england', 'wales'],
        settings: ['residential', 'foster'],
        isOrder: true,
        deprivationOfLiberty: false,
      },
      false,
    ),
    basis(
      {
        type: 'supervision-order',
        label: 'Supervision order (s.31 Children Act 1989)',
        nations: ['england', 'wales'],
        settings: ['residential', 'foster'],
        isOrder: true,
        deprivationOfLiberty: false,
      },
      false,
    ),
  ],
  // Reg 6: the receiving authority is notified (and consents). No other recipient is read in the 2013 scheme.
  recipients: {
    residential: [schemeRecipient('host-authority', 'The receiving local authority', `${READ}: the receiving authority "is notified"`, '2013')],
    foster: [schemeRecipient('host-authority', 'The receiving local authority', `${READ}: the receiving authority "is notified"`, '2013')],
  },
  // Duties of the 2022 scheme's modified ss.143-145 and reg 11 advocacy were never part of a 2013 transfer.
  omit: ['DUTY.conditions-check', 'DUTY.urgent-transfer-report'],
  replace: {
    'C10.host-consent': {
      citation: `${READ}: the receiving authority "has consented to the proposed transfer in writing"`,
      confidence: '2013',
      note: 'Reg 6 covers Northern Ireland supervision and education supervision orders; for the other orders the consent is our reading.',
    },
    'P.end-notice-after': {
      value: ['ended'],
      citation: `${REG} (no end notice read); after a transfer the receiving authority is responsible for the child`,
      confidence: 'infer',
      note: 'No duty to tell anyone that a transfer took effect is read in the 2013 scheme; the end of a placement that did not transfer is told as the 2026 scheme reads it.',
    },
    'P.advocacy-settings': {
      value: [],
      citation: `${REG} (no advocacy duty read); SSI 2022/225 reg 11 applied only to DoL orders`,
      confidence: 'infer',
      note: 'No duty to tell the child of advocacy is read in the 2013 scheme; from 9 February 2026 the 2026 duty applies to a child still placed (carried over).',
    },
  },
  openQuestions: [
    {
      id: 'Q.history-rules',
      question: `Which rules of ${REG} applied to a transfer's history before 9 February 2026? Only reg 6 is read; notice, visits and the hearing are applied as SSI 2026/31 reads them.`,
      rules: ['C1.notice-before-arrival', 'C10.host-consent', 'C10.transfer-hearing'],
      meanwhile: `The history is judged by ${READ} where it speaks and by the 2026 reading otherwise, each tagged.`,
      citation: `${REG} (reg 6 read)`,
      confidence: 'infer',
    },
  ],
  examples: { 'C10.host-consent': c10 },
});
