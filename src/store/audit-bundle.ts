// Signed audit bundles for reviewers: the entries, the chain's head hash at export, and an Ed25519
// signature over all of it, so a bundle can be checked offline (`npm run cli -- audit verify FILE`).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { AuditEvent, SigningKey } from './entities';
import type { Em } from './orm';
import { auditHash, canonicalJson, toAuditFields, verifyEntries } from './audit-chain';

export const BUNDLE_FORMAT = 'cbp-audit-bundle@1';

export interface BundleEntry {
  seq: number;
  placementId: string | null;
  type: string;
  at: string;
  recordedAt: string;
  actorUserId: string | null;
  actorRole: string;
  actorOrganisationId: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  /** `all` holds the whole chain from its first entry; a placement's bundle holds its entries only. */
  scope: { kind: 'all' } | { kind: 'placement'; placementId: string };
  exportedAt: string;
  chainHead: { seq: number; hash: string } | null;
  entries: BundleEntry[];
  keyId: string;
  publicKeyPem: string;
  /** Base64 Ed25519 signature over the canonical JSON of every other field. */
  signature: string;
}

const keyIdOf = (publicKeyPem: string) =>
  createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** The signing key, made on first use. */
export async function signingKey(em: Em, now: Date): Promise<SigningKey> {
  const [existing] = await em.find(SigningKey, {}, { orderBy: { createdAt: 'desc' }, limit: 1 });
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const key = em.create(SigningKey, {
    id: keyIdOf(publicKeyPem),
    publicKeyPem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAt: now,
  });
  await em.persistAndFlush(key);
  return key;
}

const toEntry = (row: AuditEvent): BundleEntry => {
  const f = toAuditFields(row);
  return { ...f, at: f.at.toISOString(), recordedAt: f.recordedAt.toISOString(), hash: row.hash };
};

export async function buildBundle(em: Em, scope: AuditBundle['scope'], now: Date): Promise<AuditBundle> {
  const key = await signingKey(em, now);
  const rows = await em.find(AuditEvent, scope.kind === 'placement' ? { placementId: scope.placementId } : {}, { orderBy: { seq: 'asc' } });
  const [head] = await em.find(AuditEvent, {}, { orderBy: { seq: 'desc' }, limit: 1, fields: ['seq', 'hash'] });
  const unsigned: Omit<AuditBundle, 'signature'> = {
    format: BUNDLE_FORMAT,
    scope,
    exportedAt: now.toISOString(),
    chainHead: head ? { seq: head.seq, hash: head.hash } : null,
    entries: rows.map(toEntry),
    keyId: key.id,
    publicKeyPem: key.publicKeyPem,
  };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), createPrivateKey(key.privateKeyPem)).toString('base64');
  return { ...unsigned, signature };
}

export interface BundleVerdict {
  ok: boolean;
  signatureValid: boolean;
  /** Whether the bundle's key is the one the reviewer trusts (when they gave one). */
  keyTrusted: boolean | null;
  checked: number;
  firstBrokenSeq: number | null;
  problems: string[];
}

/** Checks a bundle with nothing but the bundle (and, optionally, the public key the reviewer trusts). */
export function verifyBundle(bundle: AuditBundle, trustedPublicKeyPem?: string): BundleVerdict {
  const problems: string[] = [];
  if (bundle.format !== BUNDLE_FORMAT) problems.push(`unknown format ${String(bundle.format)}`);
  const { signature, ...unsigned } = bundle;
  let signatureValid: boolean;
  try {
    signatureValid = verify(null, Buffer.from(canonicalJson(unsigned)), createPublicKey(bundle.publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) problems.push('the signature does not match the bundle');
  const keyTrusted = trustedPublicKeyPem === undefined ? null : keyIdOf(trustedPublicKeyPem) === keyIdOf(bundle.publicKeyPem);
  if (keyTrusted === false) problems.push('the bundle was signed with a key other than the trusted one');

  // Times stay ISO strings: they hash exactly as the Dates they were written from.
  const fields = bundle.entries;
  let firstBrokenSeq: number | null = null;
  if (bundle.scope.kind === 'all') {
    const chain = verifyEntries(fields);
    firstBrokenSeq = chain.firstBrokenSeq;
    const last = bundle.entries[bundle.entries.length - 1];
    if (chain.ok && bundle.chainHead && (!last || last.seq !== bundle.chainHead.seq || last.hash !== bundle.chainHead.hash)) {
      problems.push('the entries do not end at the chain head');
      firstBrokenSeq = (last?.seq ?? 0) + 1;
    }
  } else {
    // A placement's entries are not contiguous in the global chain: each must still match its own hash.
    let prevSeq = 0;
    for (const e of fields) {
      if (e.seq <= prevSeq || auditHash(e) !== e.hash) {
        firstBrokenSeq = e.seq;
        break;
      }
      prevSeq = e.seq;
    }
  }
  if (firstBrokenSeq !== null) problems.push(`entry ${firstBrokenSeq} does not match its hash or link`);
  return { ok: problems.length === 0, signatureValid, keyTrusted, checked: bundle.entries.length, firstBrokenSeq, problems };
}
