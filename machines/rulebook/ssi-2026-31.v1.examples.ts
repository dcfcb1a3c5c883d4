// Executable examples of rulebook ssi-2026-31@1, kept beside it because a released rulebook's data never
// changes. They pin what @1 answers for the placements that still run under it (examples.ts runs them).
import type { ExampleStep, RuleExample } from './types';

const placed: ExampleStep[] = [
  { at: '2026-03-03T09:00:00Z', event: 'NOTICE_GIVEN' },
  { at: '2026-03-05T11:00:00Z', event: 'CHILD_ARRIVED' },
];
const careOrder = (madeOn: string, at: string) => ({ legalBasis: { type: 'care-order', court: 'Family Court', madeOn, effectiveFrom: at, expiresAt: null } });
const dol = { type: 'dol-order', madeOn: '2026-03-02', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: '2026-09-01T12:00:00Z' };

export const ssi2026v1Examples: Record<string, RuleExample[]> = {
  'C1.notice-before-arrival': [
    { title: 'Notice given before arrival', steps: placed, expect: { status: 'recognised' } },
    {
      title: 'Every recipient decides "given": a bounce at the health board leaves the arrival unrecognised',
      steps: [
        { at: '2026-03-03T09:00:00Z', event: 'NOTICE_SIGNED' },
        { at: '2026-03-03T09:05:00Z', event: 'DELIVERED', with: { except: ['health-board'] } },
        { at: '2026-03-05T11:00:00Z', event: 'CHILD_ARRIVED' },
      ],
      expect: { status: 'unrecognised', reasons: ['C1.notice-before-arrival'] },
    },
  ],
  'C3.order-change-renotify': [
    {
      title: 'Order made on Monday 9 March: window to the end of Wednesday 11 March',
      steps: [...placed, { at: '2026-03-09T15:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-09', '2026-03-09T15:00:00Z') }],
      expect: { status: 'at-risk', deadlines: [{ rule: 'C3.order-change-renotify', dueAt: '2026-03-11T23:59:59.999Z', alternativeDueAt: null }] },
    },
    {
      title: 'An order changed before arrival opens the same window, which the arrival does not close',
      steps: [placed[0], { at: '2026-03-04T10:00:00Z', event: 'ORDER_CHANGED', with: careOrder('2026-03-04', '2026-03-04T10:00:00Z') }, placed[1]],
      expect: { status: 'at-risk', deadlines: [{ rule: 'C3.order-change-renotify', status: 'open', dueAt: '2026-03-06T23:59:59.999Z' }] },
    },
  ],
  'C5.dol-expiry': [
    {
      title: 'A stated expiry replaces the review period',
      given: { legalBasis: dol },
      steps: placed,
      expect: { deadlines: [{ rule: 'C5.dol-expiry', dueAt: '2026-09-01T12:00:00.000Z' }] },
    },
    {
      title: 'No stated expiry: 3 months from when the order took effect',
      given: { legalBasis: { ...dol, expiresAt: null } },
      steps: placed,
      expect: { deadlines: [{ rule: 'C5.dol-expiry', dueAt: '2026-06-02T09:00:00.000Z' }] },
    },
    {
      title: 'A terminated DoL order leaves the placement recognised',
      given: { legalBasis: dol },
      steps: [...placed, { at: '2026-04-01T10:00:00Z', event: 'DOL_TERMINATED' }],
      expect: { status: 'recognised', deadlines: [{ rule: 'C5.dol-termination-notice', dueAt: '2026-04-03T22:59:59.999Z' }] },
    },
  ],
  'C7.advocacy-offer': [
    {
      title: 'Foster placements get the advocacy clock too',
      given: { setting: 'foster' },
      steps: placed,
      expect: { deadlines: [{ rule: 'C7.advocacy-offer', dueAt: '2026-03-12T23:59:59.999Z' }] },
    },
  ],
  'C10.transfer-hearing': [
    {
      title: 'The hearing clock runs from the transfer taking effect; no end notice is owed',
      steps: [
        ...placed,
        { at: '2026-06-01T10:00:00Z', event: 'TRANSFER_PROPOSED' },
        { at: '2026-06-10T10:00:00Z', event: 'TRANSFER_CONSENTED' },
        { at: '2026-06-15T10:00:00Z', event: 'TRANSFER_EFFECTIVE' },
      ],
      expect: {
        status: 'transferred',
        deadlines: [
          { rule: 'C10.transfer-hearing', dueAt: '2026-07-13T22:59:59.999Z' },
          { rule: 'END.end-notice', absent: true },
        ],
      },
    },
  ],
  'C11.age-18': [
    {
      title: 'Born 10 April 2008: ends on the birthday',
      given: { dateOfBirth: '2008-04-10' },
      steps: placed,
      expect: { asOf: '2026-04-10T00:05:00Z', status: 'ended', deadlines: [{ rule: 'C11.age-18', status: 'met', citationIncludes: 'reg 47(2)(d)' }] },
    },
  ],
  'C6.scottish-cso': [
    {
      title: 'A CSO supersedes the order at once; no clock stays open',
      steps: [...placed, { at: '2026-03-10T10:00:00Z', event: 'SCOTTISH_CSO_MADE', with: { interim: true } }],
      expect: { status: 'superseded', lifecycle: 'superseded', deadlines: [{ rule: 'END.end-notice', absent: true }] },
    },
  ],
  'C8.first-review': [
    {
      title: 'The first review counts from arrival for every child',
      given: { lookedAfterSince: '2026-01-05' },
      steps: placed,
      expect: { deadlines: [{ rule: 'C8.first-review', dueAt: '2026-04-02T22:59:59.999Z' }] },
    },
  ],
  'END.end-notice': [
    {
      title: 'Placement ended on Wednesday 1 July: recipients told by Friday 3 July',
      steps: [...placed, { at: '2026-07-01T10:00:00Z', event: 'PLACEMENT_ENDED', with: { reason: 'Returned home' } }],
      expect: { status: 'ended', deadlines: [{ rule: 'END.end-notice', dueAt: '2026-07-03T22:59:59.999Z' }] },
    },
  ],
};
