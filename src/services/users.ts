// Accounts and API tokens: who may sign in, for which organisation and role. A role acts for its
// organisation (visibility is decided by organisation), so the role must fit the organisation's kind.
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Config } from '../config';
import { conflict, invalid, notFound } from '../errors';
import { ApiToken, Organisation, User } from '../store/entities';
import type { Em, Orm } from '../store/orm';
import { placeholderMailbox } from '../store/reference-data/mailboxes';
import { valuesList } from '../store/sql';
import type { Tx, Writer } from '../store/writer';
import { activeRulebook } from '../../machines/rulebook';
import { formatInstant } from '../outbox/format';
import { queueMail } from '../outbox/messages';
import { renderTextAndHtml } from '../outbox/templates';
import { ROLE_ORGANISATION_KINDS, ROLES, type Role } from '../vocabulary';
import { SYSTEM_ACTOR, type Actor, type AuthUser, type Clock } from './actor';
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

/** How a new token reaches its owner: in the answer (development, bootstrap, tests) or by email to the user only. */
export type TokenDelivery = 'caller' | 'email';

export interface IssuedToken {
  user: UserView;
  tokenId: string;
  expiresAt: string;
  /** The token itself, only when delivered to the caller; null when it went to the user's email. */
  token: string | null;
  delivery: TokenDelivery;
}

export interface TokenView {
  id: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

const LAST_USED_EVERY_MS = 3_600_000;

export class UsersService {
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'http' | 'web'>,
    /** Wakes the dispatcher after an account mail is queued. */
    private readonly afterCommit: () => void = () => {},
  ) {}

  /** The user behind a live (unrevoked, unexpired) API token, or null. */
  async authenticate(token: string): Promise<AuthUser | null> {
    if (token.length > 512) return null; // not one of ours; do not hash arbitrary input
    const em = this.orm.em.fork();
    const now = this.clock();
    const row = await em.findOne(ApiToken, { tokenHash: hashToken(token), revokedAt: null });
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    const user = await em.findOne(User, { id: row.userId });
    if (!user) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) await em.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: now });
    return { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId, credential: { kind: 'token', id: row.id } };
  }

  /**
   * Creates a user and its first token, with the audit entries, in one transaction. Outside development
   * an admin asks with `delivery: 'email'`: the token goes to the new user's mailbox and never to the
   * admin, so an admin cannot give itself a role that reads children's records. `token` lets the
   * bootstrap admin use CBP_ADMIN_TOKEN.
   */
  async create(actor: Actor, input: NewUser, options: { delivery: TokenDelivery; token?: string }): Promise<IssuedToken> {
    const em = this.orm.em.fork();
    const email = input.email.trim().toLowerCase();
    const organisation = await this.checkRoleOrganisation(em, input.role, input.organisationId);
    const emailTaken = () => conflict('A user with that email already exists.', [{ path: 'email', message: 'Already in use.' }]);
    if (await em.count(User, { email })) throw emailTaken();
    const now = this.clock();
    const user: UserView = {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      role: input.role,
      organisationId: input.organisationId,
      createdAt: now.toISOString(),
    };
    try {
      return await this.writer.run(async (tx) => {
        await tx.sql.run(`insert into app_user (id, email, name, role, organisation_id, created_at) values ${valuesList(1, 6)}`, [
          user.id,
          user.email,
          user.name,
          user.role,
          user.organisationId,
          tx.sql.dialect.date(now),
        ]);
        audit(tx, actor, now, 'USER_CREATED', { userId: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId });
        return this.issueIn(tx, actor, user, organisation.name, now, options.delivery, options.token);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException || /UNIQUE|unique/.test(err instanceof Error ? err.message : String(err))) throw emailTaken(); // lost a race
      throw err;
    } finally {
      if (options.delivery === 'email') this.afterCommit();
    }
  }

  async list(filter: { organisationId?: string; role?: Role }): Promise<UserView[]> {
    const where = { ...(filter.organisationId && { organisationId: filter.organisationId }), ...(filter.role && { role: filter.role }) };
    return (await this.orm.em.fork().find(User, where, { orderBy: { email: 'asc' } })).map(userView);
  }

  /** Users with how many of their tokens still work (the admin's page). */
  async listWithTokens(filter: { organisationId?: string; role?: Role } = {}): Promise<(UserView & { activeTokens: number })[]> {
    const users = await this.list(filter);
    const now = this.clock();
    const live = await this.orm.em
      .fork()
      .find(
        ApiToken,
        { revokedAt: null, userId: { $in: users.map((u) => u.id) }, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] },
        { fields: ['userId'] },
      );
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

  /** A user's tokens (never the tokens themselves: only when they were issued, expire, were revoked, were last used). */
  async tokens(idOrEmail: string): Promise<{ user: UserView; tokens: TokenView[] }> {
    const user = await this.find(idOrEmail);
    const now = this.clock().getTime();
    const rows = await this.orm.em.fork().find(ApiToken, { userId: user.id }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    return {
      user,
      tokens: rows.map((t) => ({
        id: t.id,
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt?.toISOString() ?? null,
        revokedAt: t.revokedAt?.toISOString() ?? null,
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        status: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active',
      })),
    };
  }

  /** Issues another token for an existing user (id or email), delivered as `delivery` says; audited. */
  async issueToken(actor: Actor, idOrEmail: string, options: { delivery: TokenDelivery }): Promise<IssuedToken> {
    const user = await this.find(idOrEmail);
    const organisation = await this.orm.em.fork().findOneOrFail(Organisation, { id: user.organisationId });
    const now = this.clock();
    try {
      return await this.writer.run((tx) => this.issueIn(tx, actor, user, organisation.name, now, options.delivery));
    } finally {
      if (options.delivery === 'email') this.afterCommit();
    }
  }

  /** Revokes every live token of a user (id or email), or only `tokenId`; audited. A user with none left cannot use the API until issued a new one. */
  async revokeTokens(actor: Actor, idOrEmail: string, tokenId?: string): Promise<{ user: UserView; revoked: number }> {
    const user = await this.find(idOrEmail);
    const em = this.orm.em.fork();
    const live = await em.find(ApiToken, { userId: user.id, revokedAt: null, ...(tokenId ? { id: tokenId } : {}) }, { fields: ['id'] });
    if (tokenId && live.length === 0 && !(await em.count(ApiToken, { id: tokenId, userId: user.id }))) throw notFound(`No token ${tokenId} of that user.`);
    const now = this.clock();
    await this.writer.run(async (tx) => {
      for (const t of live) await tx.sql.run('update api_token set revoked_at = ? where id = ? and revoked_at is null', [tx.sql.dialect.date(now), t.id]);
      audit(tx, actor, now, 'TOKENS_REVOKED', { userId: user.id, tokenIds: live.map((t) => t.id) });
    });
    return { user, revoked: live.length };
  }

  /**
   * With no admin yet, creates one (token = CBP_ADMIN_TOKEN, or random, shown once). Later, a
   * CBP_ADMIN_TOKEN not yet known is attached to the configured admin, so an operator can rotate it from
   * the environment; a revoked one is never brought back.
   */
  async ensureAdmin(config: Config): Promise<AdminBootstrap> {
    const em = this.orm.em.fork();
    const tokenFromEnv = config.adminToken !== undefined;
    if ((await em.count(User, { role: 'admin' })) === 0) {
      const { token } = await this.create(
        SYSTEM_ACTOR,
        { email: config.adminEmail, name: 'Administrator', role: 'admin', organisationId: config.adminOrganisationId },
        { delivery: 'caller', token: config.adminToken },
      );
      return { created: true, token: token ?? undefined, tokenFromEnv };
    }
    if (!config.adminToken) return { created: false, tokenFromEnv };
    const known = await em.findOne(ApiToken, { tokenHash: hashToken(config.adminToken) });
    if (known) return { created: false, tokenFromEnv, warning: known.revokedAt ? 'CBP_ADMIN_TOKEN has been revoked; it stays revoked.' : undefined };
    const admin = await em.findOne(User, { email: config.adminEmail.toLowerCase(), role: 'admin' });
    if (!admin) return { created: false, tokenFromEnv, warning: `CBP_ADMIN_TOKEN ignored: there is no admin ${config.adminEmail}.` };
    const now = this.clock();
    await this.writer.run((tx) => this.issueIn(tx, SYSTEM_ACTOR, userView(admin), admin.organisationId, now, 'caller', config.adminToken));
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
      const { token } = await this.create(SYSTEM_ACTOR, { email, name: `Demo ${role} user`, role, organisationId }, { delivery: 'caller' });
      result.push({ role, email, organisationId, token: token ?? undefined });
    }
    return result;
  }

  /** Inside a writer transaction: stores the hash of a new token, audits it, and hands it over or mails it. */
  private async issueIn(
    tx: Tx,
    actor: Actor,
    user: UserView,
    organisationName: string,
    now: Date,
    delivery: TokenDelivery,
    given?: string,
  ): Promise<IssuedToken> {
    const token = given ?? generateToken();
    const tokenId = randomUUID();
    const expiresAt = new Date(now.getTime() + this.config.http.tokenTtlDays * 86_400_000);
    const d = tx.sql.dialect;
    await tx.sql.run(`insert into api_token (id, user_id, token_hash, created_at, expires_at) values ${valuesList(1, 5)}`, [
      tokenId,
      user.id,
      hashToken(token),
      d.date(now),
      d.date(expiresAt),
    ]);
    audit(tx, actor, now, 'TOKEN_ISSUED', { userId: user.id, tokenId, expiresAt: expiresAt.toISOString(), delivery });
    if (delivery === 'email') {
      const body = renderTextAndHtml('email/account', {
        name: user.name,
        role: user.role,
        organisation: organisationName,
        token,
        expires: formatInstant(expiresAt.toISOString(), activeRulebook.timeZone),
        signInUrl: `${this.config.web.publicUrl}/sign-in`,
        adminNote:
          actor.role === 'admin'
            ? 'An administrator has given you access to the cross-border placements service.'
            : 'You have access to the cross-border placements service.',
      });
      await queueMail(
        tx,
        {
          kind: 'account',
          placementId: null,
          recipientOrganisationId: user.organisationId,
          address: user.email,
          subject: 'Your account on the cross-border placements service',
          payload: body,
        },
        now,
      );
    }
    return { user, tokenId, expiresAt: expiresAt.toISOString(), token: delivery === 'caller' ? token : null, delivery };
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

/** An entry in the audit chain for a change to who may use the service (not about one placement). */
export function audit(tx: Tx, actor: Actor, now: Date, type: string, payload: Record<string, unknown>): void {
  tx.audit({
    placementId: null,
    type,
    at: now,
    recordedAt: now,
    actorUserId: actor.userId,
    actorRole: actor.role,
    actorOrganisationId: actor.organisationId,
    payload,
  });
}
