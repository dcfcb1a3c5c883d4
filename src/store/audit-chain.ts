// The audit log is append-only and hash-chained: each entry's hash covers its content and the previous
// entry's hash, so altering or removing any entry breaks every hash after it.
import { createHash, randomBytes } from 'node:crypto';
import { isRecord } from '../../machines/guards';
import type { Em } from './orm';
import { valuesList, type Sql } from './sql';
import { AuditEvent, AuditPersonal } from './entities';

export interface AuditFields {
  seq: number;
  placementId: string | null;
  type: string;
  at: Date;
  recordedAt: Date;
  actorUserId: string | null;
  actorRole: string;
  actorOrganisationId: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash covers exactly these fields (never the stored hash itself), in canonical form. */
/** The fields a hash covers; times as the Dates written or as the ISO strings a bundle carries (they hash the same). */
export type HashedFields = Omit<AuditFields, 'at' | 'recordedAt'> & { at: Date | string; recordedAt: Date | string };

export function auditHash(f: HashedFields): string {
  const covered: HashedFields = {
    seq: f.seq,
    placementId: f.placementId,
    type: f.type,
    at: f.at,
    recordedAt: f.recordedAt,
    actorUserId: f.actorUserId,
    actorRole: f.actorRole,
    actorOrganisationId: f.actorOrganisationId,
    payload: f.payload,
    prevHash: f.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}

export type NewAuditEntry = Omit<AuditFields, 'seq' | 'prevHash'> & {
  /** Dotted paths in `payload` that hold personal values: stored beside the chain, erasable (see audit_personal). */
  personal?: readonly string[];
};

/** What stands in the chained payload for a personal value kept beside the chain. */
export interface ErasablePlaceholder {
  $erasable: string;
}

const getPath = (obj: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), obj);

function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const child = obj[head];
  return { ...obj, [head]: rest.length && isRecord(child) ? setPath(child, rest.join('.'), value) : value };
}

/**
 * Moves the personal values of a payload out of it: each present, non-empty value at a `personal` path is
 * replaced by a salted hash (so the chain commits to it without holding it). Pure.
 */
export function splitPersonal(
  payload: Record<string, unknown>,
  personal: readonly string[] = [],
): { chained: Record<string, unknown>; kept: { path: string; value: unknown; salt: string }[] } {
  let chained = payload;
  const kept: { path: string; value: unknown; salt: string }[] = [];
  for (const path of personal) {
    const value = getPath(payload, path);
    if (value === undefined || value === null || value === '') continue;
    const salt = randomBytes(16).toString('hex');
    const placeholder: ErasablePlaceholder = { $erasable: createHash('sha256').update(salt).update(canonicalJson(value)).digest('hex') };
    chained = setPath(chained, path, placeholder);
    kept.push({ path, value, salt });
  }
  return { chained, kept };
}

/** The payload with the personal values still held put back in place of their placeholders. */
export function joinPersonal(payload: Record<string, unknown>, kept: readonly { path: string; value: unknown }[]): Record<string, unknown> {
  return kept.reduce((p, k) => setPath(p, k.path, k.value), payload);
}

/** The last entry of the chain: the next one follows its seq and hash. */
export interface AuditHead {
  seq: number;
  hash: string | null;
}

export async function readAuditHead(sql: Sql): Promise<AuditHead> {
  const [head] = await sql.all<{ seq: number; hash: string }>('select seq, hash from audit_event order by seq desc limit 1');
  return { seq: head ? Number(head.seq) : 0, hash: head?.hash ?? null };
}

/**
 * Appends entries after the current head, in order, inside the caller's write transaction (the head is
 * read there, under the write lock, so two appends can never fork the chain). Seq is written explicitly,
 * never left to the database's counter, so the chain is the same on SQLite and PostgreSQL. A caller that
 * knows the head (the writer that appended last) passes it: if another writer has appended since, the
 * first insert meets that writer's entry at the same seq (the primary key) and fails, so the chain cannot fork.
 */
export async function appendAuditEntries(sql: Sql, entries: readonly NewAuditEntry[], knownHead?: AuditHead): Promise<(AuditFields & { hash: string })[]> {
  if (entries.length === 0) return [];
  if (sql.dialect.lockAuditChain) await sql.all(sql.dialect.lockAuditChain);
  let prev = knownHead ?? (await readAuditHead(sql));
  const personal: { seq: number; path: string; value: unknown; salt: string }[] = [];
  const rows: (AuditFields & { hash: string })[] = entries.map(({ personal: paths, ...entry }) => {
    const { chained, kept } = splitPersonal(entry.payload, paths);
    const fields: AuditFields = { ...entry, payload: chained, seq: prev.seq + 1, prevHash: prev.hash };
    const hash = auditHash(fields);
    prev = { seq: fields.seq, hash };
    for (const k of kept) personal.push({ seq: fields.seq, ...k });
    return { ...fields, hash };
  });
  const d = sql.dialect;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await sql.run(
      `insert into audit_event (seq, placement_id, type, at, recorded_at, actor_user_id, actor_role, actor_organisation_id, payload, prev_hash, hash) values ${valuesList(chunk.length, 11)}`,
      chunk.flatMap((r) => [
        r.seq,
        r.placementId,
        r.type,
        d.date(r.at),
        d.date(r.recordedAt),
        r.actorUserId,
        r.actorRole,
        r.actorOrganisationId,
        d.json(r.payload),
        r.prevHash,
        r.hash,
      ]),
    );
  }
  for (let i = 0; i < personal.length; i += 200) {
    const chunk = personal.slice(i, i + 200);
    await sql.run(
      `insert into audit_personal (seq, path, value, salt) values ${valuesList(chunk.length, 4)}`,
      chunk.flatMap((p) => [p.seq, p.path, d.json(p.value), p.salt]),
    );
  }
  return rows;
}

export const toAuditFields = (row: AuditEvent): AuditFields => ({
  seq: row.seq,
  placementId: row.placementId ?? null,
  type: row.type,
  at: row.at,
  recordedAt: row.recordedAt,
  actorUserId: row.actorUserId ?? null,
  actorRole: row.actorRole,
  actorOrganisationId: row.actorOrganisationId ?? null,
  payload: row.payload,
  prevHash: row.prevHash ?? null,
});

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not hold, or the first missing one; null when the chain is intact. */
  firstBrokenSeq: number | null;
  headHash: string | null;
}

/** Walks entries in order: each must follow the previous one's seq and hash and match its own hash. */
export function verifyEntries(entries: Iterable<HashedFields & { hash: string }>, start?: { seq: number; hash: string | null }): ChainVerdict {
  let prev: { seq: number; hash: string | null } = start ?? { seq: 0, hash: null };
  let checked = 0;
  for (const e of entries) {
    checked++;
    if (e.seq !== prev.seq + 1 || (e.prevHash ?? null) !== prev.hash || auditHash(e) !== e.hash)
      return { ok: false, checked, firstBrokenSeq: e.seq !== prev.seq + 1 ? prev.seq + 1 : e.seq, headHash: null };
    prev = { seq: e.seq, hash: e.hash };
  }
  return { ok: true, checked, firstBrokenSeq: null, headHash: prev.hash };
}

/** Verifies the whole stored chain in pages, so memory stays flat however long the log. */
export async function verifyAuditChain(em: Em, pageSize = 1000): Promise<ChainVerdict> {
  let cursor: { seq: number; hash: string | null } = { seq: 0, hash: null };
  let checked = 0;
  for (;;) {
    const page = await em.find(AuditEvent, { seq: { $gt: cursor.seq } }, { orderBy: { seq: 'asc' }, limit: pageSize });
    if (page.length === 0) return { ok: true, checked, firstBrokenSeq: null, headHash: cursor.hash };
    const verdict = verifyEntries(
      page.map((r) => ({ ...toAuditFields(r), hash: r.hash })),
      cursor,
    );
    checked += verdict.checked;
    if (!verdict.ok) return { ...verdict, checked };
    const last = page[page.length - 1];
    cursor = { seq: last.seq, hash: last.hash };
    em.clear();
  }
}

/**
 * A placement's audit entries in order, with the personal values still held put back in place (erased
 * ones stay placeholders). `entry` is the row as chained, for hashes and bundles.
 */
export async function readPlacementAudit(em: Em, placementId: string): Promise<{ entry: AuditEvent; payload: Record<string, unknown> }[]> {
  const rows = await em.find(AuditEvent, { placementId }, { orderBy: { seq: 'asc' } });
  const kept = rows.length ? await em.find(AuditPersonal, { seq: { $in: rows.map((r) => r.seq) } }) : [];
  const bySeq = new Map<number, AuditPersonal[]>();
  for (const k of kept) bySeq.set(k.seq, [...(bySeq.get(k.seq) ?? []), k]);
  return rows.map((entry) => ({ entry, payload: joinPersonal(entry.payload, bySeq.get(entry.seq) ?? []) }));
}
