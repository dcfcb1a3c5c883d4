import type { OrganisationKind, Role } from '../vocabulary';

/** Who is calling: set on `req.user` by `authenticate`, handed to route handlers and the engine. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** The token used for this request (for audit of revocations). */
  tokenId: string;
}
