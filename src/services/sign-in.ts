// Sign-in to the pages: who may sign in (users an admin created), the one-time challenges (hashes only,
// single use under a race), and the mail that carries the code and link through the outbox.
import { activeRulebook } from '../../machines/rulebook';
import { formatInstant } from '../outbox/format';
import { queueMail } from '../outbox/messages';
import { renderTextAndHtml } from '../outbox/templates';
import { Organisation, SignInChallengeRow, User } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Role } from '../vocabulary';
import type { Clock } from './actor';

/** A person who may sign in to the pages (the shape of src/web's WebUser). */
export interface SignInUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
}

export interface Challenge {
  id: string;
  userId: string;
  codeHash: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  failures: number;
  usedAt: Date | null;
}

const challenge = (r: SignInChallengeRow): Challenge => ({
  id: r.id,
  userId: r.userId,
  codeHash: r.codeHash,
  tokenHash: r.tokenHash,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  failures: r.failures,
  usedAt: r.usedAt ?? null,
});

export class SignInService {
  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
    /** Wakes the dispatcher once the sign-in mail is queued. */
    private readonly afterCommit: () => void,
  ) {}

  // ---- the directory of users who may sign in ----

  async findByEmail(email: string): Promise<SignInUser | null> {
    return this.user({ email: email.trim().toLowerCase() });
  }

  async findById(id: string): Promise<SignInUser | null> {
    return this.user({ id });
  }

  /** The demo users (development only): listed on the sign-in page to sign in as without mail. */
  async demoUsers(): Promise<SignInUser[]> {
    const em = this.orm.em.fork();
    const users = await em.find(User, { email: { $like: 'demo-%@cbp.invalid' } }, { orderBy: { role: 'asc' } });
    const orgs = new Map((await em.find(Organisation, { id: { $in: users.map((u) => u.organisationId) } })).map((o) => [o.id, o.name]));
    return users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      organisationId: u.organisationId,
      organisationName: orgs.get(u.organisationId) ?? u.organisationId,
    }));
  }

  private async user(where: { email: string } | { id: string }): Promise<SignInUser | null> {
    const em = this.orm.em.fork();
    const u = await em.findOne(User, where);
    if (!u) return null;
    const org = await em.findOne(Organisation, { id: u.organisationId });
    return { id: u.id, name: u.name, email: u.email, role: u.role, organisationId: u.organisationId, organisationName: org?.name ?? u.organisationId };
  }

  // ---- challenges ----

  async issue(c: Challenge): Promise<void> {
    const em = this.orm.em.fork();
    await em.transactional(async (tem) => {
      // A new code makes any earlier unused one of the same user stop working.
      await tem.nativeUpdate(SignInChallengeRow, { userId: c.userId, usedAt: null }, { usedAt: c.createdAt });
      tem.create(SignInChallengeRow, { ...c });
    });
  }

  async get(id: string): Promise<Challenge | null> {
    const r = await this.orm.em.fork().findOne(SignInChallengeRow, { id });
    return r ? challenge(r) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<Challenge | null> {
    const r = await this.orm.em.fork().findOne(SignInChallengeRow, { tokenHash });
    return r ? challenge(r) : null;
  }

  async recordFailure(id: string): Promise<number> {
    const em = this.orm.em.fork();
    const r = await em.findOne(SignInChallengeRow, { id });
    if (!r) return Infinity;
    await em.nativeUpdate(SignInChallengeRow, { id }, { failures: r.failures + 1 });
    return r.failures + 1;
  }

  /** True only for the first caller: the update is conditional on the challenge being unused. */
  async consume(id: string, at: Date): Promise<boolean> {
    return (await this.orm.em.fork().nativeUpdate(SignInChallengeRow, { id, usedAt: null }, { usedAt: at })) === 1;
  }

  // ---- the mail ----

  async send(email: string, message: { name: string; code: string; link: string; expiresAt: Date }): Promise<void> {
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { email: email.trim().toLowerCase() });
    const body = renderTextAndHtml('email/sign-in', {
      name: message.name,
      code: message.code,
      link: message.link,
      expires: formatInstant(message.expiresAt.toISOString(), activeRulebook.timeZone),
    });
    await queueMail(
      em,
      {
        kind: 'sign-in',
        placementId: null,
        recipientOrganisationId: user?.organisationId ?? null,
        address: email,
        subject: 'Your sign-in code for cross-border placements',
        payload: body,
      },
      this.clock(),
    );
    await em.flush();
    this.afterCommit();
  }
}
