import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/** The project root (one level above src/), so defaults do not depend on the working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  database: DatabaseConfig;
  /** Token for the admin created on first start; unset means a random one is printed once. */
  adminToken: string | undefined;
  adminEmail: string;
  adminOrganisationId: string;
  /** CSV or JSON file of `organisation id -> notice mailbox` overrides (see README). */
  mailboxesFile: string | undefined;
  /** Create one demo user per role at start (default on in development only). */
  demoUsers: boolean;
  sweepIntervalMs: number;
  /** How long a sweep's claim on a batch of deadline rows lasts; after it another instance sweeps them. */
  sweepLeaseMs: number;
  /** Bearer token for GET /metrics; unset serves it openly outside production and not at all in production. */
  metricsToken: string | undefined;
  mail: {
    /** smtp:// or smtps:// URL; unset writes .eml files to `dir` instead of sending. */
    smtpUrl: string | undefined;
    from: string;
    dir: string;
    /** How often the outbox dispatcher looks for mail due (it is also woken after each commit). */
    dispatchIntervalMs: number;
    /** How long an instance's claim on a message it is sending lasts; after it another instance may send it. */
    sendLeaseMs: number;
  };
  http: {
    bodyLimit: string;
    /** Express `trust proxy` setting; needed behind a load balancer so rate limits key on the client IP. */
    trustProxy: boolean | number | string;
    authFailureLimit: number;
    authFailureWindowMs: number;
    /** How long an API token works after it is issued. */
    tokenTtlDays: number;
  };
  web: {
    /** The address users reach the service at; sign-in links are built on it. */
    publicUrl: string;
    /** Key for the sign-in code HMAC; the same on every instance. */
    sessionSecret: string;
    /** Cookies marked Secure (sent over HTTPS only): whenever the public address is https. */
    secureCookies: boolean;
    idleTimeoutMs: number;
    absoluteTimeoutMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: integer(0, 65535).default(3000),
  DATABASE_URL: z.string().trim().min(1).optional(),
  CBP_ADMIN_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_\-.~+/=]{20,200}$/, 'must be 20-200 characters with no spaces')
    .optional(),
  CBP_ADMIN_EMAIL: z.email().default('admin@cbp.invalid'),
  CBP_ADMIN_ORGANISATION: z.string().min(1).default('scot-scottish-ministers'),
  CBP_MAILBOXES_FILE: z.string().trim().min(1).optional(),
  CBP_DEMO_USERS: flag.optional(),
  SWEEP_INTERVAL_MS: integer(1000).default(60_000),
  SWEEP_LEASE_MS: integer(1000).default(300_000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//i, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default('Cross-border placements <notices@cbp.invalid>'),
  MAIL_DIR: z.string().trim().min(1).optional(),
  MAIL_DISPATCH_INTERVAL_MS: integer(100).default(5_000),
  MAIL_SEND_LEASE_MS: integer(1000).default(120_000),
  CBP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb')
    .default('100kb'),
  TRUST_PROXY: z.string().optional(),
  CBP_AUTH_FAILURE_LIMIT: integer(1).default(20),
  CBP_AUTH_FAILURE_WINDOW_MS: integer(1000).default(15 * 60_000),
  CBP_PUBLIC_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+$/i, 'must be an origin such as https://placements.example.gov.uk (no path)')
    .optional(),
  CBP_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters of randomness').optional(),
  CBP_SESSION_IDLE_MINUTES: integer(1, 24 * 60).default(30),
  CBP_TOKEN_TTL_DAYS: integer(1, 36500).default(90),
  CBP_SESSION_MAX_HOURS: integer(1, 24).default(10),
});

/** `DATABASE_URL` is a postgresql:// URL, or a SQLite file path (optionally prefixed `sqlite:`). */
export function parseDatabaseUrl(url: string | undefined, cwd = process.cwd()): DatabaseConfig {
  if (!url) return { kind: 'sqlite', path: path.join(PROJECT_ROOT, 'data', 'cbp.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgresql', url };
  const file = url.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw new ConfigError([`DATABASE_URL: unsupported scheme in "${url}" (use a file path or postgresql://)`]);
  }
  return { kind: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Reads the environment once at start-up and fails fast, listing every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    if (!e.CBP_SESSION_SECRET) problems.push('CBP_SESSION_SECRET: required in production (the same on every instance)');
    if (!e.CBP_PUBLIC_URL?.toLowerCase().startsWith('https://')) problems.push('CBP_PUBLIC_URL: required in production, an https:// origin');
  }
  if (problems.length) throw new ConfigError(problems);
  const publicUrl = (e.CBP_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    database: parseDatabaseUrl(e.DATABASE_URL),
    adminToken: e.CBP_ADMIN_TOKEN,
    adminEmail: e.CBP_ADMIN_EMAIL,
    adminOrganisationId: e.CBP_ADMIN_ORGANISATION,
    mailboxesFile: e.CBP_MAILBOXES_FILE ? path.resolve(e.CBP_MAILBOXES_FILE) : undefined,
    demoUsers: e.CBP_DEMO_USERS ?? e.NODE_ENV === 'development',
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    sweepLeaseMs: e.SWEEP_LEASE_MS,
    metricsToken: e.METRICS_TOKEN,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      dir: path.resolve(e.MAIL_DIR ?? path.join(PROJECT_ROOT, 'data', 'mail')),
      dispatchIntervalMs: e.MAIL_DISPATCH_INTERVAL_MS,
      sendLeaseMs: e.MAIL_SEND_LEASE_MS,
    },
    http: {
      bodyLimit: e.CBP_BODY_LIMIT,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      authFailureLimit: e.CBP_AUTH_FAILURE_LIMIT,
      authFailureWindowMs: e.CBP_AUTH_FAILURE_WINDOW_MS,
      tokenTtlDays: e.CBP_TOKEN_TTL_DAYS,
    },
    web: {
      publicUrl,
      // Outside production a per-process secret will do: codes issued before a restart just stop working.
      sessionSecret: e.CBP_SESSION_SECRET ?? randomBytes(32).toString('hex'),
      secureCookies: publicUrl.toLowerCase().startsWith('https://'),
      idleTimeoutMs: e.CBP_SESSION_IDLE_MINUTES * 60_000,
      absoluteTimeoutMs: e.CBP_SESSION_MAX_HOURS * 3_600_000,
    },
  };
}
