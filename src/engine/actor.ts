import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../vocabulary';

/** Who caused a change: a user acting for an organisation, or the system (scheduler, mail dispatcher). */
export interface Actor {
  userId: string | null;
  role: Role | 'system';
  organisationId: string | null;
}

export const actorOf = (user: AuthUser): Actor & { role: Role } => ({ userId: user.id, role: user.role, organisationId: user.organisationId });
