// Who may send which event, and who may see a placement. This is access policy, not law: the machine
// decides whether the event is allowed in the placement's state; this decides whether the caller's role
// may send it at all (403) and whether the caller may know the placement exists (404).
import type { PlacementContext, UserEventType } from '../../machines/placement';
import type { Actor } from './actor';
import type { AccessMode, Role } from '../vocabulary';

export const EVENT_ROLES = {
  NOTICE_SIGNED: ['placing'],
  NOTICE_UPDATED: ['placing'],
  CHILD_ARRIVED: ['placing', 'service-provider'],
  HOST_CONDITIONS_CONFIRMED: ['host'],
  HOST_QUERY_RAISED: ['host'],
  HOST_QUERY_ANSWERED: ['placing'],
  ORDER_CHANGED: ['placing'],
  MOVE_PROPOSED: ['placing'],
  MOVE_WITHDRAWN: ['placing'],
  MOVED: ['placing', 'service-provider'],
  DOL_EXTENDED: ['placing'],
  DOL_TERMINATED: ['placing'],
  // Made by a children's hearing; recorded by the host authority or the Ministers (SCRA has no account).
  SCOTTISH_CSO_MADE: ['host', 'ministers'],
  ADVOCACY_OFFERED: ['ministers', 'advocacy'],
  ADVOCACY_NOT_APPROPRIATE: ['ministers', 'advocacy'],
  ADVOCACY_ACCEPTED: ['advocacy', 'ministers'],
  ADVOCACY_DECLINED: ['advocacy', 'ministers'],
  ADVOCATE_ASSIGNED: ['advocacy', 'ministers'],
  VISIT_RECORDED: ['placing'],
  REVIEW_RECORDED: ['placing'],
  ENFORCEMENT_NOTICE_ISSUED: ['ministers'],
  DUTY_PERFORMED: ['placing', 'ministers'],
  SHERIFF_APPLICATION_MADE: ['ministers'],
  ENFORCEMENT_ORDER_MADE: ['ministers'],
  TRANSFER_PROPOSED: ['placing', 'host'],
  TRANSFER_CONSENTED: ['host'],
  TRANSFER_REFUSED: ['host'],
  TRANSFER_EFFECTIVE: ['host'],
  REPORTER_NOTIFIED: ['host'],
  HEARING_HELD: ['host', 'ministers'],
  PLACEMENT_ENDED: ['placing'],
  CONDITIONS_CHECKED: ['placing'],
  URGENT_TRANSFER_MADE: ['host'],
  URGENT_TRANSFER_REPORTED: ['host'],
  // The care service's own records: the evidence of the order it holds before admitting, and the child leaving it.
  SERVICE_EVIDENCE_CONFIRMED: ['service-provider'],
  CHILD_DEPARTED: ['service-provider'],
  // The child's voice and relationships: those who hear the child and arrange family time record them.
  CHILD_VIEWS_RECORDED: ['placing', 'host', 'service-provider'],
  SIBLING_RECORDED: ['placing', 'host'],
  FAMILY_TIME_ARRANGED: ['placing'],
  FAMILY_TIME_RECORDED: ['placing', 'host', 'service-provider'],
  ADVOCACY_MATTER_RAISED: ['advocacy'],
  ADVOCACY_MATTER_UPDATED: ['placing', 'host', 'service-provider', 'advocacy'],
} satisfies Record<UserEventType, readonly Role[]>;

const ROLES_BY_EVENT: ReadonlyMap<string, readonly Role[]> = new Map(Object.entries(EVENT_ROLES));

/** Whether the role may send the event type at all; system events and unknown types: never. */
export const mayRoleSend = (role: Role, type: string): boolean => ROLES_BY_EVENT.get(type)?.includes(role) ?? false;

/**
 * Roles that may list placements. Routes about one placement admit any signed-in user and answer 404
 * unless the placement is visible to them, so an admin (who runs the system but does not read
 * children's records) learns nothing either.
 */
export const PLACEMENT_LISTERS: readonly Role[] = ['placing', 'host', 'inspector', 'ministers', 'advocacy', 'service-provider'];

/** Roles that see every placement; the others see those their organisation has an access row for. */
export const SEES_ALL: readonly Role[] = ['inspector', 'ministers'];

/** Roles that may read the child's name and date of birth (others see the reference, age and gender). */
export const SEES_CHILD_IDENTITY: readonly Role[] = ['placing', 'host', 'ministers', 'advocacy', 'service-provider'];

/**
 * What of the child's voice and relationships a caller is shown. The child's views, siblings and family time
 * go to those who care for the child now (the placing authority, the current host authority, the current care
 * service: access mode `act`); what advocacy changed goes to them and to the advocacy provider asked to act.
 * The Scottish Ministers, former hosts and services, and everyone else: nothing. The Care Inspectorate sees
 * counts only, and the whole record of one placement while it has an open review of it (`underReview`).
 */
export type RelationshipsScope = 'all' | 'advocacy-matters' | 'none';

export function relationshipsScope(role: Role, mode: AccessMode | null, underReview = false): RelationshipsScope {
  if (role === 'inspector') return underReview ? 'all' : 'none';
  if (mode !== 'act') return 'none';
  if (role === 'placing' || role === 'host' || role === 'service-provider') return 'all';
  if (role === 'advocacy') return 'advocacy-matters';
  return 'none';
}

/** Events whose content is the child's voice and relationships: shown (in the audit log too) only within the scope above. */
export const RELATIONSHIP_EVENTS: Readonly<Record<string, RelationshipsScope>> = {
  CHILD_VIEWS_RECORDED: 'all',
  SIBLING_RECORDED: 'all',
  FAMILY_TIME_ARRANGED: 'all',
  FAMILY_TIME_RECORDED: 'all',
  VISIT_RECORDED: 'all',
  REVIEW_RECORDED: 'all',
  MOVED: 'all',
  ADVOCACY_MATTER_RAISED: 'advocacy-matters',
  ADVOCACY_MATTER_UPDATED: 'advocacy-matters',
};

/** Whether a caller with `scope` may read the relationship content of an event of `type`. */
export const mayReadRelationshipEvent = (scope: RelationshipsScope, type: string): boolean => {
  const needs = RELATIONSHIP_EVENTS[type];
  if (!needs) return true;
  return scope === 'all' || (scope === 'advocacy-matters' && needs === 'advocacy-matters');
};

/** How long an inspector's review of one placement's relationships record stays open unless closed sooner (access policy, not law). */
export const INSPECTION_REVIEW_DAYS = 28;

/** How an actor may use a placement, given its organisation's access row: act, read only, or not at all. */
export function accessModeOf(actor: Actor, row: AccessMode | null): AccessMode | null {
  if (actor.role === 'system') return 'act';
  // The admin runs the system but does not read children's records.
  if (actor.role === 'admin') return null;
  if (SEES_ALL.includes(actor.role)) return 'act';
  return actor.organisationId ? row : null;
}

/** Whose access rows a placement needs now: placing and current host act; past hosts read; providers act. */
export function accessGrants(ctx: PlacementContext): Map<string, { mode: AccessMode; reason: string }> {
  const wanted = new Map<string, { mode: AccessMode; reason: string }>();
  for (const move of ctx.moves) wanted.set(move.from.hostAuthorityId, { mode: 'read', reason: 'former host authority' });
  // The service the child is moving to sees the order before it admits the child (it confirms the evidence it holds).
  const moving = ctx.proposedMove?.placement.serviceProviderId;
  if (moving) wanted.set(moving, { mode: 'act', reason: 'service provider (proposed move)' });
  if (ctx.placement.serviceProviderId) wanted.set(ctx.placement.serviceProviderId, { mode: 'act', reason: 'service provider' });
  if (ctx.advocacy.providerId) wanted.set(ctx.advocacy.providerId, { mode: 'act', reason: 'advocacy provider' });
  wanted.set(ctx.placement.hostAuthorityId, { mode: 'act', reason: 'host authority' });
  wanted.set(ctx.placingAuthorityId, { mode: 'act', reason: 'placing authority' });
  return wanted;
}
