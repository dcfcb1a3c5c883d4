// Sign-in by an emailed one-time code or link. The page never says whether an address has an account:
// every address gets the same answer, and mail goes out after the response. Only hashes are stored;
// a challenge is single-use, lasts 15 minutes and dies after 5 wrong codes. Limits per account and
// per client IP stop both guessing and mail bombing. Opening the link shows a button (a POST) so a mail
// scanner that fetches links cannot use it up.
import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { homeFor, one, type Renderer } from '../context';
import type { RateLimiter, SignInCodeStore, SignInMailer, UserDirectory, WebUser } from '../sign-in/ports';
import { ROLE_LABELS } from '../presenters/common';

export interface SignInOptions {
  users: UserDirectory;
  codes: SignInCodeStore;
  mailer: SignInMailer;
  /** Key for the code HMAC (at least 32 bytes of randomness, kept in configuration). */
  secret: string;
  /** Absolute origin for the link, e.g. https://placements.example.gov.uk */
  baseUrl: string;
  perAccount: RateLimiter;
  perIp: RateLimiter;
  clock: () => Date;
  codeTtlMs?: number;
  maxCodeFailures?: number;
  /** Development only: users listed on the sign-in page to sign in as without mail. */
  demoUsers?: () => Promise<WebUser[]>;
  onMailError?: (err: unknown) => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function codeHash(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', secret).update(`${challengeId}:${code}`).digest('hex');
}

function same(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signInRoutes(render: Renderer, o: SignInOptions): Router {
  const router = express.Router();
  const ttl = o.codeTtlMs ?? 15 * 60 * 1000;
  const maxFailures = o.maxCodeFailures ?? 5;

  const finish = async (req: Request, res: Response, user: WebUser) => {
    const returnTo =
      typeof req.session.data.returnTo === 'string' && /^\/(?!\/)/.test(req.session.data.returnTo) ? req.session.data.returnTo : homeFor(user.role);
    // A new session id at sign-in: an id planted before sign-in is worth nothing after it.
    req.session.regenerate({ userId: user.id });
    await req.session.save();
    res.redirect(303, returnTo);
  };

  const signInPage = async (req: Request, res: Response, model: Record<string, unknown> = {}, status = 200) => {
    const demo = o.demoUsers ? (await o.demoUsers()).map((u) => ({ ...u, roleLabel: ROLE_LABELS[u.role] })) : [];
    const ended = req.session.data.endedBecause;
    if (ended) {
      delete req.session.data.endedBecause;
      req.session.changed();
    }
    render.page(req, res, 'sign-in/email.njk', { pageTitle: 'Sign in', demo, ended, ...model }, status);
  };

  router.get('/sign-in', async (req, res) => {
    if (req.webUser) return res.redirect(303, homeFor(req.webUser.role));
    await signInPage(req, res);
  });

  router.post('/sign-in', async (req, res) => {
    const email = one(req.body.email).trim();
    if (!EMAIL.test(email) || email.length > 254) {
      const text = email ? 'Enter an email address in the correct format, like name@example.com' : 'Enter your email address';
      return signInPage(req, res, { email, errorSummary: [{ text, href: '#email' }], emailError: { text } }, 400);
    }
    if (!(await o.perIp.hit(`ip:${req.ip}`))) return tooMany(req, res);
    const now = o.clock();
    const challengeId = randomUUID();
    // Every address gets the same answer; only an existing user under its limit gets mail.
    const user = await o.users.findByEmail(email);
    if (user && (await o.perAccount.hit(`account:${user.id}`))) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + ttl);
      await o.codes.issue({
        id: challengeId,
        userId: user.id,
        codeHash: codeHash(o.secret, challengeId, code),
        tokenHash: sha256(token),
        createdAt: now,
        expiresAt,
        failures: 0,
        usedAt: null,
      });
      const link = `${o.baseUrl.replace(/\/$/, '')}/sign-in/link/${token}`;
      // After the response, so the time taken does not tell whether the address has an account.
      setImmediate(() => {
        o.mailer.send(user.email, { name: user.name, code, link, expiresAt }).catch((err) => o.onMailError?.(err));
      });
    }
    req.session.data.signIn = { challengeId, email };
    req.session.changed();
    res.redirect(303, '/sign-in/code');
  });

  router.get('/sign-in/code', (req, res) => {
    const pending = req.session.data.signIn;
    if (!pending) return res.redirect(303, '/sign-in');
    render.page(req, res, 'sign-in/code.njk', { pageTitle: 'Check your email', email: pending.email, minutes: Math.round(ttl / 60000) });
  });

  router.post('/sign-in/code', async (req, res) => {
    const pending = req.session.data.signIn;
    if (!pending) return res.redirect(303, '/sign-in');
    const code = one(req.body.code).replace(/\s+/g, '');
    const fail = (text: string, status = 400) =>
      render.page(
        req,
        res,
        'sign-in/code.njk',
        { pageTitle: 'Check your email', email: pending.email, minutes: Math.round(ttl / 60000), errorSummary: [{ text, href: '#code' }], codeError: { text } },
        status,
      );
    if (!/^\d{6}$/.test(code)) return fail(code ? 'The code must be 6 numbers' : 'Enter the code from the email');
    if (!(await o.perIp.hit(`ip:${req.ip}`))) return tooMany(req, res);
    const c = await o.codes.get(pending.challengeId);
    const now = o.clock();
    const wrong = 'The code is not right, or it has expired. Check the email, or ask for a new code.';
    if (!c || c.usedAt || c.expiresAt.getTime() <= now.getTime() || c.failures >= maxFailures) return fail(wrong);
    if (!same(c.codeHash, codeHash(o.secret, c.id, code))) {
      await o.codes.recordFailure(c.id);
      return fail(wrong);
    }
    if (!(await o.codes.consume(c.id, now))) return fail(wrong);
    const user = await o.users.findById(c.userId);
    if (!user) return fail(wrong);
    await finish(req, res, user);
  });

  const linkChallenge = async (token: string) => {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const c = await o.codes.findByTokenHash(sha256(token));
    if (!c || c.usedAt || c.expiresAt.getTime() <= o.clock().getTime()) return null;
    return c;
  };

  const expiredLink = (req: Request, res: Response) =>
    render.page(req, res, 'sign-in/link-expired.njk', { pageTitle: 'That sign-in link has expired', minutes: Math.round(ttl / 60000) }, 410);

  router.get('/sign-in/link/:token', async (req, res) => {
    const c = await linkChallenge(req.params.token);
    if (!c) return expiredLink(req, res);
    render.page(req, res, 'sign-in/link.njk', { pageTitle: 'Continue signing in', action: `/sign-in/link/${req.params.token}` });
  });

  router.post('/sign-in/link/:token', async (req, res) => {
    if (!(await o.perIp.hit(`ip:${req.ip}`))) return tooMany(req, res);
    const c = await linkChallenge(req.params.token);
    if (!c || !(await o.codes.consume(c.id, o.clock()))) return expiredLink(req, res);
    const user = await o.users.findById(c.userId);
    if (!user) return expiredLink(req, res);
    await finish(req, res, user);
  });

  if (o.demoUsers) {
    const demoUsers = o.demoUsers;
    router.post('/sign-in/demo', async (req, res) => {
      const id = one(req.body.userId);
      const user = (await demoUsers()).find((u) => u.id === id);
      if (!user) return res.redirect(303, '/sign-in');
      await finish(req, res, user);
    });
  }

  router.post('/sign-out', async (req, res) => {
    req.session.regenerate({ endedBecause: 'signed-out' });
    await req.session.save();
    res.redirect(303, '/sign-in');
  });

  function tooMany(req: Request, res: Response) {
    res.set('Retry-After', '900');
    render.page(req, res, 'error.njk', { pageTitle: 'Too many attempts', heading: 'Too many attempts', body: 'Wait 15 minutes, then try again.' }, 429);
  }

  return router;
}
