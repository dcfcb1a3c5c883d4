// Accounts and API tokens: who may sign in, for which organisation and role. A role acts for its
// organisation (visibility is decided by organisation), so the role must fit the organisation's kind.
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Config } from '../config';
import { conflict, invalid, notFound } from '../errors';
import { ApiToken, Organisation, User } from '../store/entities';
import type { Em, Orm } from '../store/orm';
import { placeholderMailbox } from '../store/reference-data/mailboxes';
import { ROLE_ORGANISATION_KINDS, ROLES, type Role } from '../vocabulary';
import type { AuthUser, Clock } from './actor';
import { organisationView, type OrganisationView } from './organisations';
import { generateToken, hashToken } from './tokens';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisationId: string;
}

/** A user as the service hands it out. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  createdAt: string;
}

const userView = (u: User): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organisationId: u.organisationId,
  createdAt: u.createdAt.toISOString(),
});

export interface AdminBootstrap {
  created: boolean;
  /** The admin's token when it was just created or attached from CBP_ADMIN_TOKEN; never readable later. */
  token?: string;
  tokenFromEnv: boolean;
  warning?: string;
}

export interface DemoUser {
  role: Role;
  email: string;
  organisationId: string;
  /** Present only when the user was created by this call. */
  token?: string;
}

/** Organisations for the roles the shipped list has none for (development only). */
const DEMO_ORGANISATIONS = [
  { id: 'demo-advocacy-provider', name: 'Demo Advocacy Service (not real)', kind: 'advocacy-provider' as const },
  { id: 'demo-service-provider', name: 'Demo Residential Care Home (not real)', kind: 'service-provider' as const },
].map((o) => ({ ...o, nation: 'scotland' as const, dfeLaCode: null, noticeEmail: placeholderMailbox(o.id) }));

/** The organisation each demo user acts for. */
const DEMO_ORGANISATION_OF: Record<Exclude<Role, 'admin'>, string> = {
  placing: 'E08000025', // Birmingham City Council
  host: 'S12000036', // City of Edinburgh Council
  inspector: 'scot-care-inspectorate',
  ministers: 'scot-scottish-ministers',
  advocacy: 'demo-advocacy-provider',
  'service-provider': 'demo-service-provider',
};

export const demoEmail = (role: Role) => `demo-${role}@cbp.invalid`;

export class UsersService {
  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
  ) {}

  /** The user behind a live (unrevoked) API token, or null. */
  async authenticate(token: string): Promise<AuthUser | null> {
    if (token.length > 512) return null; // not one of ours; do not hash arbitrary input
    const em = this.orm.em.fork();
    const row = await em.findOne(ApiToken, { tokenHash: hashToken(token), revokedAt: null });
    if (!row) return null;
    const user = await em.findOne(User, { id: row.userId });
    if (!user) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId, credential: { kind: 'token', id: row.id } };
  }

  /**
   * Creates a user and its first token in one flush (so a failure writes neither). `token` lets the
   * bootstrap admin use CBP_ADMIN_TOKEN; otherwise a random one is issued.
   */
  async create(input: NewUser, token?: string): Promise<{ user: UserView; token: string }> {
    const em = this.orm.em.fork();
    const email = input.email.trim().toLowerCase();
    await this.checkRoleOrganisation(em, input.role, input.organisationId);
    const emailTaken = () => conflict('A user with that email already exists.', [{ path: 'email', message: 'Already in use.' }]);
    if (await em.count(User, { email })) throw emailTaken();
    const user = em.create(User, {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      role: input.role,
      organisationId: input.organisationId,
      createdAt: this.clock(),
    });
    const issued = this.addToken(em, user.id, token);
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw emailTaken(); // lost a race
      throw err;
    }
    return { user: userView(user), token: issued };
  }

  async list(filter: { organisationId?: string; role?: Role }): Promise<UserView[]> {
    const where = { ...(filter.organisationId && { organisationId: filter.organisationId }), ...(filter.role && { role: filter.role }) };
    return (await this.orm.em.fork().find(User, where, { orderBy: { email: 'asc' } })).map(userView);
  }

  /** Users with how many of their tokens still work (the admin's page). */
  async listWithTokens(filter: { organisationId?: string; role?: Role } = {}): Promise<(UserView & { activeTokens: number })[]> {
    const users = await this.list(filter);
    const live = await this.orm.em.fork().find(ApiToken, { revokedAt: null, userId: { $in: users.map((u) => u.id) } }, { fields: ['userId'] });
    const count = new Map<string, number>();
    for (const t of live) count.set(t.userId, (count.get(t.userId) ?? 0) + 1);
    return users.map((u) => ({ ...u, activeTokens: count.get(u.id) ?? 0 }));
  }

  /** A user by id or email (the CLI accepts either). */
  async find(idOrEmail: string): Promise<UserView> {
    const user = await this.orm.em.fork().findOne(User, idOrEmail.includes('@') ? { email: idOrEmail.toLowerCase() } : { id: idOrEmail });
    if (!user) throw notFound(`No user "${idOrEmail}".`);
    return userView(user);
  }

  /** The caller with their organisation. */
  async me(user: AuthUser): Promise<{ user: UserView; organisation: OrganisationView }> {
    const em = this.orm.em.fork();
    const me = await em.findOne(User, { id: user.id });
    const organisation = await em.findOne(Organisation, { id: user.organisationId });
    if (!me || !organisation) throw notFound('No such user.');
    return { user: userView(me), organisation: organisationView(organisation) };
  }

  /** Issues and stores a new token for an existing user (id or email). */
  async issueToken(idOrEmail: string): Promise<{ user: UserView; token: string }> {
    const user = await this.find(idOrEmail);
    const em = this.orm.em.fork();
    const token = this.addToken(em, user.id);
    await em.flush();
    return { user, token };
  }

  /** Revokes every live token of a user (id or email); a user with none left cannot sign in until issued a new one. */
  async revokeTokens(idOrEmail: string): Promise<{ user: UserView; revoked: number }> {
    const user = await this.find(idOrEmail);
    const revoked = await this.orm.em.fork().nativeUpdate(ApiToken, { userId: user.id, revokedAt: null }, { revokedAt: this.clock() });
    return { user, revoked };
  }

  /**
   * With no admin yet, creates one (token = CBP_ADMIN_TOKEN, or random). Later, a CBP_ADMIN_TOKEN not yet
   * known is attached to the configured admin, so an operator can rotate it from the environment; a revoked
   * one is never brought back.
   */
  async ensureAdmin(config: Config): Promise<AdminBootstrap> {
    const em = this.orm.em.fork();
    const tokenFromEnv = config.adminToken !== undefined;
    if ((await em.count(User, { role: 'admin' })) === 0) {
      const { token } = await this.create(
        { email: config.adminEmail, name: 'Administrator', role: 'admin', organisationId: config.adminOrganisationId },
        config.adminToken,
      );
      return { created: true, token, tokenFromEnv };
    }
    if (!config.adminToken) return { created: false, tokenFromEnv };
    const known = await em.findOne(ApiToken, { tokenHash: hashToken(config.adminToken) });
    if (known) return { created: false, tokenFromEnv, warning: known.revokedAt ? 'CBP_ADMIN_TOKEN has been revoked; it stays revoked.' : undefined };
    const admin = await em.findOne(User, { email: config.adminEmail.toLowerCase(), role: 'admin' });
    if (!admin) return { created: false, tokenFromEnv, warning: `CBP_ADMIN_TOKEN ignored: there is no admin ${config.adminEmail}.` };
    this.addToken(em, admin.id, config.adminToken);
    await em.flush();
    return { created: false, token: config.adminToken, tokenFromEnv };
  }

  /** One user per non-admin role, for trying the service in development. Idempotent. */
  async ensureDemoUsers(): Promise<DemoUser[]> {
    const em = this.orm.em.fork();
    for (const org of DEMO_ORGANISATIONS) if (!(await em.count(Organisation, { id: org.id }))) em.create(Organisation, org);
    await em.flush();
    const result: DemoUser[] = [];
    for (const role of ROLES) {
      if (role === 'admin') continue;
      const email = demoEmail(role);
      const organisationId = DEMO_ORGANISATION_OF[role];
      if (await em.count(User, { email })) {
        result.push({ role, email, organisationId });
        continue;
      }
      const { token } = await this.create({ email, name: `Demo ${role} user`, role, organisationId });
      result.push({ role, email, organisationId, token });
    }
    return result;
  }

  private addToken(em: Em, userId: string, token: string = generateToken()): string {
    em.create(ApiToken, { id: randomUUID(), userId, tokenHash: hashToken(token), createdAt: this.clock() });
    return token;
  }

  /** The role must fit the organisation; an `invalid` error names the field. */
  private async checkRoleOrganisation(em: Em, role: Role, organisationId: string): Promise<Organisation> {
    const organisation = await em.findOne(Organisation, { id: organisationId });
    if (!organisation) throw invalid('The organisation does not exist.', [{ path: 'organisationId', message: `No organisation has id "${organisationId}".` }]);
    const allowed = ROLE_ORGANISATION_KINDS[role];
    if (allowed && !allowed.includes(organisation.kind))
      throw invalid('The role does not fit the organisation.', [
        { path: 'organisationId', message: `The ${role} role needs a ${allowed.join(' or ')} organisation; ${organisation.id} is a ${organisation.kind}.` },
      ]);
    return organisation;
  }
}
