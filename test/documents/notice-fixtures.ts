// The placements whose notices the document tests render: one per kind of notice version (first issue,
// order change, move, DoL extension, foster, end of placement, a long text that runs over pages) under
// the active rulebook, and under rulebook @1 the fixture scenario and the stored snapshot fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, type PersistedPlacement } from '../../machines/placement';
import { getRulebook, type Rulebook } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { buildNoticeModel, type NoticeModel } from '../../src/documents/notice-model';
import { fixtureScenario } from '../machine/fixture-scenario';
import { helpersFor, placed, send, signatory, start } from '../machine/helpers';

export const SOCIAL_WORKER = 'Siobhán Ní Bhriain-Łukasiewicz';
const NAMES: Record<string, string> = {
  E08000025: 'Birmingham City Council',
  S12000033: 'Aberdeen City Council',
  S12000036: 'City of Edinburgh Council',
  S08000020: 'NHS Grampian',
};
export const organisationName = (id: string) => NAMES[id];

/** Placed on 5 March; the order changes on 9 March and an updated notice (version 2) is signed. */
export function orderChanged(): PersistedPlacement {
  const p = placed({
    placement: { healthBoardId: 'S08000020' },
    needs: { health: 'Asthma, uses an inhaler', education: 'Year 8; needs a school place in Aberdeen' },
    contacts: {
      socialWorker: { name: SOCIAL_WORKER, role: 'Social worker', phone: '0121 303 1234', email: 'siobhan.nb@birmingham.example' },
      outOfHours: { name: 'Emergency duty team', phone: '0121 675 4806' },
    },
  });
  return send(
    p,
    {
      type: 'ORDER_CHANGED',
      legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-09', effectiveFrom: '2026-03-09T10:00:00Z', expiresAt: null },
      at: '2026-03-09T10:00:00Z',
    },
    { type: 'NOTICE_UPDATED', signatory: { ...signatory, method: 'Electronic signature' }, at: '2026-03-09T15:00:00Z' },
  );
}

const dol = {
  legalBasis: {
    type: 'dol-order',
    court: 'High Court (Family Division)',
    madeOn: '2026-03-02',
    effectiveFrom: '2026-03-02T10:00:00Z',
    expiresAt: '2026-09-01T12:00:00Z',
  },
};

// Paragraphs long enough that the row holding them runs over a page break.
const paragraph = (n: number) =>
  `Paragraph ${n}: the assessment found that a small residential home near her school in Edinburgh offers the stability ` +
  'and specialist therapeutic support she needs, which no placement closer to home could offer at present; contact with ' +
  'her grandmother will continue by video call each week and in person each school holiday, arranged by the social worker.';
const longText = Array.from({ length: 9 }, (_, i) => paragraph(i + 1)).join('\n\n');

const load = (name: string): PersistedPlacement => migrate(JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')));

export interface NoticeFixture {
  name: string;
  placement: () => PersistedPlacement;
}

export const NOTICE_FIXTURES: NoticeFixture[] = [
  { name: 'first notice, residential', placement: () => placed() },
  { name: 'order changed: version 2 with health board, needs, contacts and how signed', placement: orderChanged },
  {
    name: 'move within Scotland',
    placement: () =>
      send(
        placed(),
        {
          type: 'MOVE_PROPOSED',
          placement: {
            hostAuthorityId: 'S12000036',
            serviceName: 'Firth View',
            serviceAddress: '2 Shore St, Edinburgh',
            plannedStart: '2026-04-10T10:00:00Z',
            permanence: 'permanent',
          },
          at: '2026-04-01T09:00:00Z',
        },
        { type: 'NOTICE_UPDATED', signatory, at: '2026-04-02T09:00:00Z' },
      ),
  },
  {
    name: 'deprivation of liberty order extended',
    placement: () =>
      send(
        placed(dol),
        { type: 'DOL_EXTENDED', expiresAt: '2026-12-01T12:00:00Z', at: '2026-05-28T10:00:00Z' },
        { type: 'NOTICE_UPDATED', signatory, at: '2026-05-28T15:00:00Z' },
      ),
  },
  {
    name: 'foster placement, first notice',
    placement: () => send(start({ setting: 'foster' }), { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' }),
  },
  {
    name: 'placement ended: the end notice',
    placement: () =>
      send(
        placed(),
        { type: 'PLACEMENT_ENDED', reason: 'returned home', at: '2026-07-01T10:00:00Z' },
        { type: 'NOTICE_UPDATED', signatory, at: '2026-07-02T10:00:00Z' },
      ),
  },
  {
    name: 'long text running over pages',
    placement: () =>
      send(start({ placement: { bestInterests: longText }, needs: { health: longText.slice(0, 900) } }), {
        type: 'NOTICE_SIGNED',
        signatory,
        at: '2026-03-03T09:00:00Z',
      }),
  },
  { name: 'rulebook @1: first notice', placement: () => helpersFor(ssi2026v1).placed() },
  { name: 'rulebook @1: the fixture scenario (order changed, version 2)', placement: () => fixtureScenario('ssi-2026-31@1', 4) },
  { name: 'stored snapshot fixture, format 1 (rulebook @1)', placement: () => load('placement-snapshot.v1.json') },
  { name: 'stored snapshot fixture, format 2 (rulebook @2)', placement: () => load('placement-snapshot.v2.json') },
];

/** The model of the newest notice version of `p`, under its own rulebook unless another is given. */
export function modelOf(p: PersistedPlacement, rulebook: Rulebook = getRulebook(p.rulebookId), reference = 'ABC-123'): NoticeModel {
  const version = p.context.notices[p.context.notices.length - 1];
  return buildNoticeModel({ book: rulebook, context: p.context, version, organisationName, placementReference: reference });
}
