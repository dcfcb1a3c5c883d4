// Closed vocabularies shared by the store, auth, HTTP and CLI layers. The API contract (shared/api.md)
// "changes only by adding", so these lists may grow but never lose a member.

export const ROLES = ['placing', 'host', 'inspector', 'ministers', 'advocacy', 'service-provider', 'admin'] as const;
export type Role = (typeof ROLES)[number];

// api.md's kinds plus `commissioner` (the Children and Young People's Commissioner Scotland row in the seed).
export const ORGANISATION_KINDS = [
  'placing-authority',
  'host-authority',
  'care-inspectorate',
  'scottish-ministers',
  'principal-reporter',
  'health-board',
  'education-authority',
  'advocacy-provider',
  'service-provider',
  'commissioner',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const NATIONS = ['england', 'wales', 'northern-ireland', 'scotland'] as const;
export type Nation = (typeof NATIONS)[number];

/**
 * Which organisation kinds a user of each role may belong to. A role acts for its organisation
 * (visibility is decided by organisation), so a mismatch would either leak or hide placements.
 * `null` means any organisation.
 */
export const ROLE_ORGANISATION_KINDS: Record<Role, readonly OrganisationKind[] | null> = {
  placing: ['placing-authority'],
  host: ['host-authority'],
  inspector: ['care-inspectorate'],
  ministers: ['scottish-ministers'],
  advocacy: ['advocacy-provider'],
  'service-provider': ['service-provider'],
  admin: null,
};

export const DEADLINE_STATUSES = ['open', 'met', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const OUTBOX_STATUSES = ['queued', 'sent', 'failed'] as const;
/**
 * A row's status in the database: `accepted` is sent (the SMTP server accepted it) but not yet recorded on
 * its placement; the API shows it as `sent`.
 */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number] | 'accepted';
/** The status the API shows for a stored one. */
export const apiOutboxStatus = (s: OutboxStatus): (typeof OUTBOX_STATUSES)[number] => (s === 'accepted' ? 'sent' : s);

export const PLACEMENT_SETTINGS = ['residential', 'foster'] as const;
export type PlacementSetting = (typeof PLACEMENT_SETTINGS)[number];

/** How an organisation may use a placement it can see: `act` sends events, `read` is history only. */
export const ACCESS_MODES = ['act', 'read'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];
