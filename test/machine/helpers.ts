// Builders for placement machine tests: a valid draft and a runner that applies events in order
// and fails loudly on a refused event, so a scenario reads as the regulations do. The builders are
// bound to a rulebook: the active one by default, or any released version (`helpersFor`).
import { activeRulebook, type RecipientRole, type Rulebook } from '../../machines/rulebook';
import { applyEvent, startPlacement, viewOf, type PersistedPlacement, type PlacementEvent, type PlacementInput } from '../../machines/placement';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const signatory = { name: 'Jo Bloggs', role: 'Head of Children in Care' };

export function send(p: PersistedPlacement, ...events: PlacementEvent[]): PersistedPlacement {
  let current = p;
  for (const e of events) {
    const r = applyEvent(current, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${JSON.stringify(r)}`);
    current = r.placement;
  }
  return current;
}

export const recipientsFor = (p: PersistedPlacement): RecipientRole[] => {
  const notice = p.context.notices[p.context.notices.length - 1];
  return notice.recipients.filter((r) => r.required).map((r) => r.role);
};

/** Every required recipient of the newest notice version that has not yet accepted it accepts it at `at`. */
export function deliverAll(p: PersistedPlacement, at: string): PersistedPlacement {
  const notice = p.context.notices[p.context.notices.length - 1];
  const pending = notice.recipients.filter((r) => r.required && r.status !== 'accepted').map((r) => r.role);
  return send(p, ...pending.map((recipient) => ({ type: 'DELIVERY_ACCEPTED' as const, version: notice.version, recipient, at })));
}

export const status = (p: PersistedPlacement) => viewOf(p).legalStatus.code;
export const deadline = (p: PersistedPlacement, rule: string) => [...p.context.deadlines].reverse().find((d) => d.rule === rule);

/** The scheduler's event for a deadline that has fallen due. */
export function elapse(p: PersistedPlacement, rule: string, at?: string): PersistedPlacement {
  const d = deadline(p, rule);
  if (!d) throw new Error(`no ${rule} deadline`);
  return send(p, { type: 'DEADLINE_ELAPSED', deadlineId: d.id, rule, at: at ?? d.dueAt });
}

/** Draft, start and "placed" builders for placements under `book` (an override's rulebookId wins). */
export function helpersFor(book: Rulebook) {
  function draftInput(overrides: DeepPartial<PlacementInput> = {}): PlacementInput {
    const base: PlacementInput = {
      placementId: 'p-1',
      rulebookId: book.id,
      placingAuthorityId: 'E08000025',
      placingNation: 'england',
      child: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02', gender: 'female' },
      setting: 'residential',
      legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
      placement: {
        hostAuthorityId: 'S12000033',
        serviceName: 'Harbour House',
        serviceAddress: '1 Quay Road, Aberdeen',
        careInspectorateNumber: 'CS2020000001',
        plannedStart: '2026-03-05T10:00:00Z',
        permanence: 'temporary',
      },
      createdAt: '2026-03-02T09:00:00Z',
    };
    return {
      ...base,
      ...(overrides as object),
      child: { ...base.child, ...(overrides.child ?? {}) },
      legalBasis: { ...base.legalBasis, ...(overrides.legalBasis ?? {}) },
      placement: { ...base.placement, ...(overrides.placement ?? {}) },
    } as PlacementInput;
  }

  function start(overrides: DeepPartial<PlacementInput> = {}): PersistedPlacement {
    const r = startPlacement(draftInput(overrides));
    if (!r.ok) throw new Error(`draft refused: ${JSON.stringify(r.errors)}`);
    return r.placement;
  }

  /** A residential placement, notice given the day before, child arrived. */
  function placed(overrides: DeepPartial<PlacementInput> = {}): PersistedPlacement {
    let p = start(overrides);
    p = send(p, { type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00Z' });
    p = deliverAll(p, '2026-03-03T09:05:00Z');
    return send(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' });
  }

  return { book, draftInput, start, placed };
}

export const { book, draftInput, start, placed } = helpersFor(activeRulebook);
