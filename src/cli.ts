import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config';
import { ensureUsers, migrateAndSeed, type Log } from './bootstrap';
import { isOneOf } from '../machines/guards';
import { findRulebook, rulebooks } from '../machines/rulebook';
import { writeRulebookPack } from './documents/rulebook-pack';
import { AppError } from './errors';
import { createLogger, defaultLogLevel, isLogLevel, lineLogger, logger, LOG_LEVELS, setLogger } from './logger';
import { describeSweep } from './scheduler/sweeper';
import { serve } from './server';
import { createServices, type Services } from './services';
import { SYSTEM_ACTOR } from './services/actor';
import { verifyBundle, type AuditBundle } from './store/audit-bundle';
import { migrate, openOrm, type Orm } from './store/orm';
import { ROLES } from './vocabulary';

export { serve };

const USAGE = `Usage: npm run cli -- <command> [options]

  serve                                   migrate, seed, ensure the admin (and demo users), listen on PORT,
                                          send queued notices, sweep deadlines every SWEEP_INTERVAL_MS
  migrate                                 apply pending database migrations
  migrations create --name NAME           write src/store/migrations/Migration<time>_NAME.ts from the
                                          difference between the entities and the migrated schema
  seed                                    migrate, then seed organisations, the admin and (dev) demo users
  users create --email E --name N --role R --org ORG_ID [--show-token]
                                          create a user; its token is emailed to it (printed
                                          instead in development or with --show-token)
  tokens create --user ID_OR_EMAIL [--show-token]
                                          issue another token for a user (emailed, as above)
  tokens revoke --user ID_OR_EMAIL        revoke every token of a user
  audit verify                            recompute the audit hash chain; exit 1 naming the first
                                          broken entry when it does not hold
  audit verify FILE [--key KEY.pem]       check a signed audit bundle offline (no database): its
                                          signature, every entry's hash and, for a whole-chain
                                          bundle, every link; --key is the public key you trust
  sweep                                   run the deadline sweep once now and print what fired
  retention erase [--confirm]             list (or, with --confirm, erase) the personal data of ended
                                          placements past their retention time (rulebook
                                          P.retention-*); events and hashes stay, the chain verifies
  outbox list                             mail waiting or refused, with the last error
  outbox retry [--id ID ...]              make waiting and refused mail due now (after an SMTP outage)
  rulebook migrate --from ID --to ID [--placement ID ...] [--placing-authority ORG] [--host-authority ORG]
                   [--confirm] [--confirm-unrecognised ID ...]
                                          move running placements to another rulebook version: a dry
                                          run unless --confirm; one that would become unrecognised
                                          also needs --confirm-unrecognised with its id
  rulebook pack --version ID [--out DIR]  write the review pack of a rulebook version (PDF and HTML)
                                          for legal officers to DIR (default: the current directory)

Roles: ${ROLES.join(', ')}. Configuration comes from the environment (see README).`;

class UsageError extends Error {}

/** Runs one CLI command; returns the exit code. `serve` resolves once listening and keeps the process alive. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, log: Log = console.log): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
        user: { type: 'string' },
        key: { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        placement: { type: 'string', multiple: true },
        'placing-authority': { type: 'string' },
        'host-authority': { type: 'string' },
        confirm: { type: 'boolean' },
        'confirm-unrecognised': { type: 'string', multiple: true },
        id: { type: 'string', multiple: true },
        'show-token': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const command = positionals.join(' ');
    if (values.help || command === '' || command === 'help') {
      log(USAGE);
      return command === '' && !values.help ? 2 : 0;
    }
    if (positionals[0] === 'audit' && positionals[1] === 'verify' && positionals.length === 3)
      return verifyBundleFile(positionals[2], typeof values.key === 'string' ? values.key : undefined, log);
    const config = loadConfig(env);
    const required = (name: keyof typeof values): string => {
      const value = values[name];
      if (typeof value !== 'string' || value === '') throw new UsageError(`${command} needs --${name}`);
      return value;
    };
    switch (command) {
      case 'serve':
        if (env.LOG_LEVEL !== undefined && !isLogLevel(env.LOG_LEVEL)) throw new UsageError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
        await startServing(config, defaultLogLevel(env), log);
        return 0;
      case 'migrate':
        return await withOrm(config, { migrateFirst: false }, async (orm) => {
          const applied = await migrate(orm);
          log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
        });
      case 'migrations create': {
        const name = required('name');
        const { fileName } = await createMigrationFile(name);
        log(
          fileName
            ? `Wrote src/store/migrations/${fileName}; review it and add it to src/store/migrations/index.ts.`
            : 'The entities match the migrations; nothing to write.',
        );
        return 0;
      }
      case 'seed':
        return await withServices(config, async (services, orm) => {
          await migrateAndSeed(orm, config, log);
          await ensureUsers(services, log, `http://localhost:${config.port}`);
        });
      case 'users create': {
        const role = required('role');
        if (!isOneOf(ROLES, role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const input = { email: required('email'), name: required('name'), role, organisationId: required('org') };
        return await withServices(config, async ({ users }) => {
          const { user, token, expiresAt } = await users.create(SYSTEM_ACTOR, input, { delivery: cliDelivery(config, values['show-token']) });
          log(`Created user ${user.id} (${user.email}, ${user.role} at ${user.organisationId}). ${tokenLine(token, user.email, expiresAt)}`);
        });
      }
      case 'tokens create':
        return await withServices(config, async ({ users }) => {
          const { user, token, expiresAt } = await users.issueToken(SYSTEM_ACTOR, required('user'), { delivery: cliDelivery(config, values['show-token']) });
          log(`New token for ${user.email}. ${tokenLine(token, user.email, expiresAt)}`);
        });
      case 'tokens revoke':
        return await withServices(config, async ({ users }) => {
          const { user, revoked } = await users.revokeTokens(SYSTEM_ACTOR, required('user'));
          log(`Revoked ${revoked} token(s) of ${user.email}.`);
        });
      case 'audit verify':
        return await withServices(config, async ({ audit }) => {
          const verdict = await audit.verify();
          if (verdict.ok) {
            log(`Audit chain ok: ${verdict.checked} entries checked${verdict.headHash ? `, head ${verdict.headHash}` : ''}.`);
            return 0;
          }
          log(
            `Audit chain BROKEN at seq ${verdict.firstBrokenSeq} (${verdict.checked} entries checked): that entry's hash or link does not hold, or it is missing.`,
          );
          return 1;
        });
      case 'sweep':
        return await withServices(config, async ({ deadlines }) => {
          const results = await deadlines.sweep();
          const fired = results.filter((r) => r.fired).length;
          log(
            results.length === 0
              ? 'Nothing due.'
              : [`Fired ${fired} deadline(s); ${results.length - fired} seen with nothing to do.`, ...describeSweep(results)].join('\n'),
          );
        });
      case 'rulebook pack': {
        const id = required('version');
        if (!findRulebook(id)) throw new UsageError(`--version must be one of ${Object.keys(rulebooks).join(', ')}`);
        const written = await writeRulebookPack(id, typeof values.out === 'string' ? values.out : '.', new Date());
        log(`Wrote ${written.pdf} (sha256 ${written.sha256}) and ${written.html}: ${written.rules} rules.`);
        return 0;
      }
      case 'outbox retry':
        return await withServices(config, async ({ outbox }) => {
          const ids = values.id;
          const { retried } = await outbox.retryNow(SYSTEM_ACTOR, ids);
          log(`Made ${retried} message(s) due now; the running server's dispatcher sends them on its next pass (at most MAIL_DISPATCH_INTERVAL_MS).`);
        });
      case 'outbox list':
        return await withServices(config, async ({ outbox }) => {
          const waiting = await outbox.pending();
          log(
            waiting.length
              ? waiting
                  .map((m) => `${m.status.padEnd(7)} ${m.kind.padEnd(10)} ${m.address} attempts ${m.attempts}${m.lastError ? `: ${m.lastError}` : ''}`)
                  .join('\n')
              : 'Nothing waiting.',
          );
        });
      case 'retention erase':
        return await withServices(config, async ({ records }) => {
          const outcomes = await records.erase(SYSTEM_ACTOR, { dryRun: !values.confirm });
          for (const o of outcomes) log(`${o.result.padEnd(17)} ${o.reference} (${o.placementId}): retention time passed ${o.dueAt}`);
          log(
            values.confirm
              ? `Erased the personal data of ${outcomes.filter((o) => o.result === 'erased').length} placement(s); the audit chain keeps their events and hashes.`
              : `${outcomes.length} placement(s) past their retention time; nothing erased. Run again with --confirm to erase.`,
          );
        });
      case 'rulebook migrate':
        return await withServices(config, async ({ rulebooks: books, users }) => {
          const admin = await users.find(config.adminEmail);
          const report = await books.migrate(
            { userId: admin.id, role: 'admin', organisationId: admin.organisationId },
            {
              from: required('from'),
              to: required('to'),
              placementIds: values.placement,
              placingAuthorityId: values['placing-authority'],
              hostAuthorityId: values['host-authority'],
            },
            { dryRun: !values.confirm, confirmUnrecognised: values['confirm-unrecognised'] },
          );
          for (const p of report.placements) log([`[${p.result}]`, ...p.summary].join('\n'));
          const done = report.placements.filter((p) => p.result === 'migrated').length;
          log(
            report.dryRun
              ? `Dry run: ${report.placements.length} placement(s) under ${report.from} planned; nothing written. Run again with --confirm to apply` +
                  (report.wouldBecomeUnrecognised.length
                    ? `; ${report.wouldBecomeUnrecognised.length} would become unrecognised and each needs --confirm-unrecognised ID.`
                    : '.')
              : `Migrated ${done} of ${report.placements.length} placement(s) to ${report.to}.`,
          );
        });
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof AppError) {
      console.error([err.message, ...err.errors.map((e) => `  ${e.path}: ${e.message}`)].join('\n'));
      return 1;
    }
    throw err;
  }
}

/**
 * Opens the database, applies migrations if asked (a command needing the schema), runs `work`, always
 * closes. The exit code is what `work` returns, or 0.
 */
async function withOrm(config: Config, options: { migrateFirst: boolean }, work: (orm: Orm) => Promise<number | void>): Promise<number> {
  const orm = await openOrm(config.database);
  try {
    if (options.migrateFirst) await migrate(orm);
    return (await work(orm)) ?? 0;
  } finally {
    await orm.close();
  }
}

/**
 * Outside development a token goes to its user's mailbox, whoever runs the command, unless the operator
 * asks to see it (--show-token, for an integration's service account); the audit entry says which.
 */
const cliDelivery = (config: Config, show: boolean | undefined) => (config.env === 'development' || show ? ('caller' as const) : ('email' as const));

const tokenLine = (token: string | null, email: string, expiresAt: string) =>
  token ? `Token (works until ${expiresAt}), shown once:\n${token}` : `Its token was emailed to ${email} (works until ${expiresAt}).`;

/** Opens the database, applies migrations, builds the services, runs `work`, always closes. */
async function withServices(config: Config, work: (services: Services, orm: Orm) => Promise<number | void>): Promise<number> {
  const orm = await openOrm(config.database);
  const services = createServices({ orm, config });
  try {
    await migrate(orm);
    return (await work(services, orm)) ?? 0;
  } finally {
    await services.close();
  }
}

/**
 * Diffs the entities against a scratch SQLite database migrated to the latest migration (never the real
 * database, whose state may differ), and writes the difference as a new migration class.
 */
async function createMigrationFile(name: string): Promise<{ fileName: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-migration-'));
  const orm = await openOrm({ kind: 'sqlite', path: path.join(dir, 'scratch.sqlite') });
  try {
    await migrate(orm);
    return await orm.getMigrator().createMigration(undefined, false, false, name);
  } finally {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `serve` as the process's main job: JSON log lines on stdout (the start-up lines for the operator, with the
 * admin token shown once, stay plain text), and SIGTERM/SIGINT handled here. The process must be the server
 * itself, not a child of a runner that forwards signals and then kills it (tsx did, after 30 ms, dropping
 * answers to committed writes): `npm start` runs `node --import tsx`. A signal repeated during the shutdown (a
 * process-group signal arrives once from the terminal and once more forwarded by npm) changes nothing; the
 * shutdown's own grace period bounds it.
 */
async function startServing(config: Config, level: ReturnType<typeof defaultLogLevel>, announce: Log): Promise<void> {
  setLogger(createLogger({ level }));
  const log = lineLogger('server');
  // Filled in once listening; a signal may come before (during migration) and is then acted on after.
  const state: { stopping: boolean; running?: Awaited<ReturnType<typeof serve>> } = { stopping: false };
  const finish = (server: Awaited<ReturnType<typeof serve>>) =>
    server.close().then(
      () => {
        logger().info('stopped');
        process.exit(0);
      },
      (err) => {
        logger().fatal({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  const shutdown = (signal: NodeJS.Signals) => {
    if (state.stopping) return void logger().info({ signal }, 'already shutting down');
    state.stopping = true;
    logger().info({ signal }, 'shutting down: refusing new connections, finishing requests, writes and mail in flight');
    if (state.running) void finish(state.running);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  state.running = await serve(config, log, { announce });
  if (state.stopping) void finish(state.running);
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/** `audit verify FILE`: a reviewer's offline check of a bundle exported from GET …/audit/bundle. */
function verifyBundleFile(file: string, keyFile: string | undefined, log: Log): number {
  let bundle: AuditBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    log(`Cannot read ${file} as a JSON audit bundle: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const verdict = verifyBundle(bundle, keyFile ? readFileSync(keyFile, 'utf8') : undefined);
  const scope = bundle.scope?.kind === 'placement' ? `placement ${bundle.scope.placementId}` : 'the whole chain';
  if (verdict.ok) {
    log(
      `Bundle ok: ${verdict.checked} entries of ${scope}, signed by key ${bundle.keyId}${verdict.keyTrusted ? ' (the trusted key)' : ''}; chain head ${bundle.chainHead?.hash ?? 'none'}.`,
    );
    return 0;
  }
  log(`Bundle NOT valid (${scope}): ${verdict.problems.join('; ')}.`);
  return 1;
}
