// Placements that began before SSI 2026/31, imported with their history by the placing authority (or an admin for
// it), from the CSV template or as JSON. Every row is checked and replayed in memory first (a dry run stops
// there): the draft, the organisations it names, the council's reference, then the whole history under the
// rulebook of the scheme it began under, carried onto the active rulebook on 9 February 2026.
//
// Each good row is written whole, in one transaction of its own: the placement, an audit entry for the import
// (PLACEMENT_IMPORTED, with the source row less the child's identity), one for each event of its history at the
// time it happened, for each clock that fell due between them and for the carry-over, and its deadline and
// access rows. A bad row writes nothing. In `all-or-nothing` mode one bad row and nothing is written. Historical
// notices were given by other means: they are recorded as given, with their dates, and no mail is queued for
// them; only an imported placement that is unrecognised is raised at once (escalation), as any other would be.
import { createHash, randomUUID } from 'node:crypto';
import { clockRule, deadlineChanges, placementReference, replayTransitional, viewOf, type PersistedPlacement, type ReplayStep } from '../../machines/placement';
import { activeRulebook, EARLIER_SCHEMES, getRulebook, PLACING_NATIONS, type PlacingNation } from '../../machines/rulebook';
import { isOneOf, isRecord } from '../../machines/guards';
import { AppError, conflict, forbidden, invalid, type FieldError } from '../errors';
import { columnOf, convertRow, readImportCsv, type RowError } from '../imports/csv';
import { historyOf, ImportedPlacementSchema, issuesOf, type ImportedPlacement, type ImportMode } from '../imports/schema';
import { queueMail, type OutboxMail } from '../outbox/messages';
import { Organisation, PlacementImport } from '../store/entities';
import type { Orm } from '../store/orm';
import { writeTransition } from '../store/placement-store';
import { valuesList } from '../store/sql';
import type { Tx, Writer } from '../store/writer';
import type { OrganisationKind } from '../vocabulary';
import { accessGrants } from './access-policy';
import { actorOf, SYSTEM_ACTOR, type Actor, type AuthUser, type Clock } from './actor';
import { escalationMails } from './escalations';
import { AUDIT_PERSONAL_PATHS } from './personal-data';
import { projectToNow, summarise } from './placement-view';

export interface ImportOptions {
  /** For an admin: the placing authority the placements belong to. */
  placingAuthorityId?: string;
  dryRun: boolean;
  mode: ImportMode;
}

/** One error in the report: the field (a CSV column, or a path in the JSON item) and what is wrong. */
export interface ImportError {
  field: string;
  message: string;
}

/** An error as problem details list it (RFC 9457 `errors`), with its row and field. */
export interface ImportProblemError extends FieldError {
  row: number;
  field: string;
}

export interface OutstandingDuty {
  rule: string;
  title: string;
  citation: string;
  dueAt: string;
  /** `due`: still within time; `overdue`: past due and not done. */
  state: 'due' | 'overdue';
  duty: string;
}

export interface ImportRowResult {
  /** The row of the CSV file as a spreadsheet numbers it (the header is 1), or the index of the JSON item (from 0). */
  row: number;
  localReference: string | null;
  /** `valid`: a dry run found nothing wrong. */
  status: 'imported' | 'valid' | 'rejected';
  placementId: string | null;
  reference: string | null;
  scheme: string | null;
  /** Whether the placement was carried onto the active rulebook (false: it ended before SSI 2026/31). */
  carriedOver: boolean | null;
  legalStatus: { code: string; reasons: { rule: string; citation: string; text: string }[] } | null;
  /** What must still be done under the 2026 rules: the clocks open now, and duties past due and not done. */
  outstanding: OutstandingDuty[];
  errors: ImportError[];
}

export interface ImportReport {
  importId: string;
  format: 'csv' | 'json';
  mode: ImportMode;
  dryRun: boolean;
  placingAuthorityId: string;
  /** The SHA-256 of the file or request as received. */
  sha256: string;
  rows: number;
  imported: number;
  rejected: number;
  /** Every error of every row, as a 422 problem would list them. */
  errors: ImportProblemError[];
  results: ImportRowResult[];
}

interface Candidate {
  row: number;
  localReference: string | null;
  /** What the row said, less the child's identity and free text about the child (kept in the audit entry). */
  source: Record<string, unknown>;
  sourceSha256: string;
  item?: ImportedPlacement;
  /** The CSV column of each history event (CSV rows only). */
  sources?: string[];
  errors: ImportError[];
  plan?: Plan;
}

/** A row that passed every check and replayed: ready to write. */
type Ready = Candidate & { item: ImportedPlacement; plan: Plan };
const isReady = <C extends Candidate>(c: C): c is C & Ready => c.errors.length === 0 && c.item !== undefined && c.plan !== undefined;

/** The placing authority an import is for. */
interface Placing {
  id: string;
  nation: PlacingNation;
}

interface Plan {
  id: string;
  started: PersistedPlacement;
  placement: PersistedPlacement;
  steps: ReplayStep[];
  carriedOver: boolean;
}

/** CSV columns never copied into the audit chain: the child's identity, and free text about the child. */
const NOT_AUDITED = new Set(['child_first_name', 'child_last_name', 'child_date_of_birth', 'end_reason', 'advocacy_not_appropriate_reason']);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class ImportsService {
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
  ) {}

  /** Imports the rows of a CSV file made from the template. */
  importCsv(user: AuthUser, text: string, options: ImportOptions): Promise<ImportReport> {
    const { rows, errors } = readImportCsv(text);
    const fileErrors = errors.filter((e) => !rows.some((r) => r.row === e.row));
    if (fileErrors.length)
      throw invalid(
        'The file is not the import template; see errors.',
        fileErrors.map((e) => rowError('csv', e.row, e)),
      );
    const candidates: (Candidate & { placingAuthorityId: string | null })[] = rows.map((r) => {
      const converted = convertRow(r);
      const rowErrors: RowError[] = [...errors.filter((e) => e.row === r.row), ...converted.errors];
      const source = Object.fromEntries(Object.entries(r.cells).filter(([k, v]) => v !== '' && !NOT_AUDITED.has(k)));
      const parsed = rowErrors.length ? null : ImportedPlacementSchema.safeParse(converted.item);
      const schemaErrors =
        parsed && !parsed.success ? issuesOf(parsed.error).map((e) => ({ field: columnOf(e.path, converted.sources), message: e.message })) : [];
      return {
        row: r.row,
        localReference: r.cells.local_reference || null,
        source: { row: r.row, cells: source },
        sourceSha256: sha256(COLUMN_ORDER(r.cells)),
        placingAuthorityId: converted.placingAuthorityId,
        sources: converted.sources,
        ...(parsed?.success ? { item: parsed.data } : {}),
        errors: [...rowErrors.map((e) => ({ field: e.field, message: e.message })), ...dedupe(schemaErrors)],
      };
    });
    return this.run(user, candidates, options, { format: 'csv', sha256: sha256(text) });
  }

  /** Imports JSON items (ImportedPlacementSchema), each checked on its own. */
  importJson(user: AuthUser, items: unknown[], options: ImportOptions, raw: string): Promise<ImportReport> {
    const candidates = items.map((x, row) => {
      const parsed = ImportedPlacementSchema.safeParse(x);
      const ref = isRecord(x) && typeof x.localReference === 'string' ? x.localReference : null;
      const source = parsed.success ? { row, localReference: parsed.data.localReference, scheme: parsed.data.scheme } : { row };
      return {
        row,
        localReference: ref,
        source,
        sourceSha256: sha256(JSON.stringify(x)),
        placingAuthorityId: null,
        ...(parsed.success ? { item: parsed.data } : {}),
        errors: parsed.success ? [] : issuesOf(parsed.error).map((e) => ({ field: e.path, message: e.message })),
      };
    });
    return this.run(user, candidates, options, { format: 'json', sha256: sha256(raw) });
  }

  private async run(
    user: AuthUser,
    candidates: (Candidate & { placingAuthorityId: string | null })[],
    options: ImportOptions,
    file: { format: 'csv' | 'json'; sha256: string },
  ): Promise<ImportReport> {
    const placing = await this.placingAuthority(user, options.placingAuthorityId);
    const now = this.clock();
    const importId = randomUUID();
    const em = this.orm.em.fork();
    const taken = new Set(
      (
        await em.find(PlacementImport, {
          placingAuthorityId: placing.id,
          localReference: { $in: candidates.map((c) => c.localReference).filter((r): r is string => !!r) },
        })
      ).map((r) => r.localReference),
    );
    const seen = new Map<string, number>();
    for (const c of candidates) {
      if (c.placingAuthorityId && c.placingAuthorityId !== placing.id)
        c.errors.push({ field: 'placing_authority_id', message: `must be ${placing.id}, the placing authority of this import (or blank)` });
      if (c.localReference) {
        const first = seen.get(c.localReference);
        if (first !== undefined) c.errors.push({ field: field(file.format, 'localReference'), message: `is used again: row ${first} has the same reference` });
        else seen.set(c.localReference, c.row);
        if (taken.has(c.localReference))
          c.errors.push({ field: field(file.format, 'localReference'), message: 'was imported before: this placement is already held' });
      }
      if (c.item && c.errors.length === 0) await this.plan(c, c.item, placing, now, file.format);
    }
    const bad = candidates.filter((c) => c.errors.length > 0);
    const errorsOf = (list: Candidate[]) => list.flatMap((c) => c.errors.map((e) => rowError(file.format, c.row, e)));
    if (options.mode === 'all-or-nothing' && bad.length > 0 && !options.dryRun)
      throw invalid(`${bad.length} of ${candidates.length} rows have errors; nothing was imported (all-or-nothing).`, errorsOf(bad));
    const good = candidates.filter(isReady);
    const prepared: { c: Ready; write: Prepared }[] = [];
    if (!options.dryRun) for (const c of good) prepared.push({ c, write: await this.prepare(user, c, placing.id, importId, now) });
    const imported = new Set<Candidate>();
    if (!options.dryRun && options.mode === 'all-or-nothing') {
      // The whole file in one transaction: every reference checked before anything is written, so a refusal leaves nothing.
      await this.writer.run(async (tx) => {
        const held = await alreadyHeld(tx, placing.id, good);
        if (held.length)
          throw conflict(
            `${held.length} of ${candidates.length} rows were imported meanwhile; nothing was imported (all-or-nothing).`,
            held.map((c) => rowError(file.format, c.row, { field: field(file.format, 'localReference'), message: HELD_MEANWHILE })),
          );
        for (const { write } of prepared) await write(tx);
        this.auditFile(tx, user, fileSummary(importId, file, options.mode, placing.id, candidates.length, good, 0), now);
      });
      good.forEach((c) => imported.add(c));
    } else if (!options.dryRun) {
      // Each good row whole in a transaction of its own: one that fails leaves no trace and the others stand.
      for (const { c, write } of prepared) {
        try {
          await this.writer.run(async (tx) => {
            if ((await alreadyHeld(tx, placing.id, [c])).length) throw conflict(HELD_MEANWHILE);
            await write(tx);
          });
          imported.add(c);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          c.errors.push({ field: field(file.format, 'localReference'), message: e.message });
        }
      }
      const done = good.filter((c) => imported.has(c));
      // A file of which nothing could be imported is refused as a whole, naming each row and field.
      if (done.length === 0)
        throw invalid(`All ${candidates.length} rows have errors; nothing was imported.`, errorsOf(candidates.filter((c) => c.errors.length > 0)));
      const summary = fileSummary(importId, file, options.mode, placing.id, candidates.length, done, candidates.length - done.length);
      await this.writer.run(async (tx) => this.auditFile(tx, user, summary, now));
    }
    const results = candidates.map((c) =>
      this.result(c, c.errors.length ? 'rejected' : imported.has(c) ? 'imported' : options.dryRun ? 'valid' : 'rejected', now),
    );
    return {
      importId,
      format: file.format,
      mode: options.mode,
      dryRun: options.dryRun,
      placingAuthorityId: placing.id,
      sha256: file.sha256,
      rows: candidates.length,
      imported: imported.size,
      rejected: results.filter((r) => r.status === 'rejected').length,
      errors: errorsOf(candidates),
      results,
    };
  }

  /** The placing authority the import is for: the caller's own, or (an admin) the one named. */
  private async placingAuthority(user: AuthUser, named: string | undefined): Promise<Placing> {
    if (user.role !== 'placing' && user.role !== 'admin') throw forbidden('Only a placing authority, or an admin for one, can import placements.');
    if (user.role === 'placing' && named && named !== user.organisationId)
      throw forbidden('A placing authority imports only its own placements; leave placingAuthorityId out.');
    const id = user.role === 'placing' ? user.organisationId : named;
    if (!id) throw invalid('Name the placing authority the placements belong to.', [{ path: 'placingAuthorityId', message: 'is required for an admin' }]);
    const org = await this.orm.em.fork().findOne(Organisation, { id });
    const nation = org?.nation;
    if (!org || org.kind !== 'placing-authority' || !isOneOf(PLACING_NATIONS, nation))
      throw invalid('The placing authority is not known.', [
        { path: 'placingAuthorityId', message: 'must be the id of a placing authority in England, Wales or Northern Ireland' },
      ]);
    return { id: org.id, nation };
  }

  /** Checks the organisations a row names, then replays its history; errors land on the candidate. */
  private async plan(c: Candidate, item: ImportedPlacement, placing: Placing, now: Date, format: 'csv' | 'json'): Promise<void> {
    const name = (path: string) => (format === 'csv' ? columnOf(path, c.sources ?? []) : path);
    const refs: { path: string; id: string | null | undefined; kind: OrganisationKind }[] = [
      { path: 'draft.placement.hostAuthorityId', id: item.draft.placement.hostAuthorityId, kind: 'host-authority' },
      { path: 'draft.placement.healthBoardId', id: item.draft.placement.healthBoardId, kind: 'health-board' },
      { path: 'draft.placement.serviceProviderId', id: item.draft.placement.serviceProviderId, kind: 'service-provider' },
      ...item.history.flatMap((e, i) =>
        e.type === 'ADVOCACY_OFFERED' ? [{ path: `history[${i}].providerId`, id: e.providerId, kind: 'advocacy-provider' as const }] : [],
      ),
    ];
    const named = refs.filter((r): r is typeof r & { id: string } => !!r.id);
    const found = new Map((await this.orm.em.fork().find(Organisation, { id: { $in: named.map((r) => r.id) } })).map((o) => [o.id, o.kind]));
    for (const r of named) if (found.get(r.id) !== r.kind) c.errors.push({ field: name(r.path), message: `must be the id of a known ${r.kind} organisation` });
    if (c.errors.length) return;
    const scheme = EARLIER_SCHEMES[item.scheme];
    const id = randomUUID();
    const input = {
      ...item.draft,
      placementId: id,
      rulebookId: scheme.id,
      placingAuthorityId: placing.id,
      placingNation: placing.nation,
      // Recorded as first known: the earliest thing the history says happened.
      createdAt: item.history[0].at,
    };
    const r = replayTransitional({ input, history: historyOf(item), to: activeRulebook, now: now.toISOString() });
    if (!r.ok) {
      c.errors.push(...r.errors.map((e: FieldError) => ({ field: name(/^(history|draft)/.test(e.path) ? e.path : `draft.${e.path}`), message: e.message })));
      return;
    }
    // `started`: the placement as first recorded (before its history), what an escalation compares the result with.
    c.plan = { id, started: r.started, placement: r.placement, steps: r.steps, carriedOver: r.carriedOver };
  }

  /**
   * What writing one row takes, made ready outside the transaction (the escalation mails read the organisations): the
   * placement, its placement_import row, the audit entries of its import and history, and mail for an unrecognised one.
   */
  private async prepare(user: AuthUser, c: Ready, placingAuthorityId: string, importId: string, now: Date): Promise<Prepared> {
    const { plan, item } = c;
    const { id, placement, started } = plan;
    const view = viewOf(placement);
    const actor = actorOf(user);
    const mails: OutboxMail[] =
      view.legalStatus.code === 'unrecognised'
        ? await escalationMails(this.orm, { placementId: id, before: started, was: 'pending', after: placement, is: view.legalStatus, now })
        : [];
    const { child, ...draft } = item.draft;
    return async (tx) => {
      await writeTransition(tx, {
        id,
        expectedVersion: null,
        snapshot: placement,
        summary: summarise(placement, view),
        at: now,
        deadlines: deadlineChanges([], placement.context.deadlines),
        access: [...accessGrants(placement.context)].map(([organisationId, g]) => ({ organisationId, ...g })),
        documents: [],
      });
      await tx.sql.run(
        `insert into placement_import (placement_id, placing_authority_id, local_reference, scheme, import_id, imported_at) values ${valuesList(1, 6)}`,
        [id, placingAuthorityId, item.localReference, item.scheme, importId, tx.sql.dialect.date(now)],
      );
      const audit = (who: Actor, type: string, at: string, payload: Record<string, unknown>) =>
        tx.audit({
          placementId: id,
          type,
          at: new Date(at),
          recordedAt: now,
          actorUserId: who.userId,
          actorRole: who.role,
          actorOrganisationId: who.organisationId,
          payload,
          personal: AUDIT_PERSONAL_PATHS[type],
        });
      // What the audit log keeps of the draft is what PLACEMENT_CREATED keeps: never who the child is.
      audit(actor, 'PLACEMENT_IMPORTED', started.context.createdAt, {
        ...draft,
        child: { gender: child.gender },
        localReference: item.localReference,
        scheme: item.scheme,
        schemeRulebookId: EARLIER_SCHEMES[item.scheme].id,
        importId,
        source: { ...c.source, sha256: c.sourceSha256 },
      });
      for (const step of plan.steps) {
        if (step.kind === 'carried-over')
          audit(SYSTEM_ACTOR, 'TRANSITIONAL_CARRY_OVER', step.at, { from: step.from, to: step.to, deadlines: step.deadlines, importId });
        else if (step.kind === 'elapsed') audit(SYSTEM_ACTOR, step.event.type, step.event.at, { ...step.event, importId });
        else audit(actor, step.event.type, step.event.at, { ...step.event, importId });
      }
      for (const mail of mails) await queueMail(tx, mail, now);
    };
  }

  private result(c: Candidate, status: ImportRowResult['status'], now: Date): ImportRowResult {
    const plan = status === 'rejected' ? undefined : c.plan;
    const current = plan ? projectToNow(plan.placement, now) : null;
    const view = current ? viewOf(current) : null;
    return {
      row: c.row,
      localReference: c.localReference,
      status,
      placementId: status === 'imported' && plan ? plan.id : null,
      reference: status === 'imported' && plan ? placementReference(plan.id) : null,
      scheme: c.item?.scheme ?? null,
      carriedOver: plan ? plan.carriedOver : null,
      legalStatus: view ? view.legalStatus : null,
      outstanding: current ? outstanding(current, now) : [],
      errors: c.errors,
    };
  }

  /** The file as a whole, in the audit chain: who imported what, and how it went (no row's content). */
  private auditFile(tx: Tx, user: AuthUser, payload: Record<string, unknown>, now: Date): void {
    tx.audit({
      placementId: null,
      type: 'PLACEMENTS_IMPORTED',
      at: now,
      recordedAt: now,
      actorUserId: user.id,
      actorRole: user.role,
      actorOrganisationId: user.organisationId,
      payload,
    });
  }
}

/** Writes one prepared row inside the caller's transaction. */
type Prepared = (tx: Tx) => Promise<void>;

const HELD_MEANWHILE = 'was imported meanwhile: this placement is already held';

/** The rows whose reference another import has taken since they were checked. */
async function alreadyHeld(tx: Tx, placingAuthorityId: string, rows: Ready[]): Promise<Ready[]> {
  const held = new Set<string>();
  const refs = rows.map((c) => c.item.localReference);
  for (let i = 0; i < refs.length; i += 500) {
    const chunk = refs.slice(i, i + 500);
    const found = await tx.sql.all<{ local_reference: string }>(
      `select local_reference from placement_import where placing_authority_id = ? and local_reference in (${chunk.map(() => '?').join(', ')})`,
      [placingAuthorityId, ...chunk],
    );
    for (const r of found) held.add(r.local_reference);
  }
  return rows.filter((c) => held.has(c.item.localReference));
}

/** What PLACEMENTS_IMPORTED records of the file. */
const fileSummary = (
  importId: string,
  file: { format: 'csv' | 'json'; sha256: string },
  mode: ImportMode,
  placingAuthorityId: string,
  rows: number,
  imported: Ready[],
  rejected: number,
) => ({
  importId,
  format: file.format,
  mode,
  placingAuthorityId,
  sha256: file.sha256,
  rows,
  imported: imported.length,
  rejected,
  placements: imported.map((c) => c.plan.id),
});

/**
 * One error as a problem-details entry: `path` names the row and the field (`row 7: child_date_of_birth` in a CSV
 * file, `placements[3].draft.child.dateOfBirth` in JSON), and `row` and `field` say each on its own.
 */
export function rowError(format: 'csv' | 'json', row: number, e: ImportError): ImportProblemError {
  const path = format === 'csv' ? `row ${row}${e.field ? `: ${e.field}` : ''}` : `placements[${row}]${e.field ? `.${e.field}` : ''}`;
  return { path, row, field: e.field, message: e.message };
}

/** What must still be done now: the clocks open, and duties past due and not done (a lapse is in the legal status). */
export function outstanding(p: PersistedPlacement, now: Date): OutstandingDuty[] {
  const book = getRulebook(p.rulebookId);
  return p.context.deadlines
    .filter((d) => d.status === 'open' || (d.status === 'missed' && d.metAt === null && clockRule(book, d.rule).missedEffect === 'non-compliant'))
    .filter((d) => !(d.status === 'missed' && p.context.deadlines.some((x) => x.rule === d.rule && x.status === 'open')))
    .map((d) => {
      const rule = clockRule(book, d.rule);
      return {
        rule: d.rule,
        title: rule.title,
        citation: d.citation,
        dueAt: d.dueAt,
        state: d.status === 'open' && Date.parse(d.dueAt) > now.getTime() ? ('due' as const) : ('overdue' as const),
        duty: rule.duty,
      };
    })
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

const field = (format: 'csv' | 'json', path: 'localReference') => (format === 'csv' ? 'local_reference' : path);

const dedupe = (errors: ImportError[]) => errors.filter((e, i) => errors.findIndex((x) => x.field === e.field && x.message === e.message) === i);

/** The row's cells in template order: what its hash is taken over. */
const COLUMN_ORDER = (cells: Record<string, string>) => JSON.stringify(Object.keys(cells).map((k) => [k, cells[k]]));
