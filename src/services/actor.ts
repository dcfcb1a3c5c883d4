// Who asks a service for something: a signed-in user acting for an organisation, or the system itself
// (the deadline scheduler, the mail dispatcher).
import type { Role } from '../vocabulary';

/** A signed-in user, from an API token or a web session. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  /** The API token used for this request, or (absent) a web session. */
  credential?: { kind: 'token'; id: string };
}

export interface Actor {
  userId: string | null;
  role: Role | 'system';
  organisationId: string | null;
}

export const actorOf = (user: AuthUser): Actor & { role: Role } => ({ userId: user.id, role: user.role, organisationId: user.organisationId });

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', organisationId: null };

/** The monotonic source of "now" every service reads; tests pass a fixed or stepped clock. */
export type Clock = () => Date;
