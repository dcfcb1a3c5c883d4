// Why a notice version exists, in words: the dated version line printed on the notice and the short
// summary used in an email subject.
import type { NoticeReason, NoticeVersion, PlacementContext } from '../../machines/placement/types';
import { formatDate } from '../outbox/format';

interface Phrase {
  verb: string;
  detail: string;
}

export interface ReasonPhrase {
  reason: NoticeReason;
  /** With its date, e.g. "updated after change of order on 9 March 2026". */
  text: string;
  /** Without dates, e.g. "updated after change of order". */
  summary: string;
}

type Args = { context: PlacementContext; version: NoticeVersion; timeZone: string };

function phrases({ context, version, timeZone }: Args, reason: NoticeReason): { line: Phrase; short: Phrase } {
  const date = (value: string | null | undefined) => formatDate(value ?? version.signedAt, timeZone);
  const updated = (detail: string, short: string) => ({ line: { verb: 'updated', detail }, short: { verb: 'updated', detail: short } });
  switch (reason) {
    case 'initial':
      return version.version === 1
        ? { line: { verb: 'first issued', detail: `on ${date(version.signedAt)}` }, short: { verb: 'initial notice', detail: '' } }
        : {
            line: { verb: 'issued again', detail: `before the child's arrival on ${date(version.signedAt)}` },
            short: { verb: 'issued again', detail: "before the child's arrival" },
          };
    case 'order-change':
      return updated(`after change of order on ${date(version.legalBasis.madeOn)}`, 'after change of order');
    case 'move':
      return updated(`for a move to ${version.placement.serviceName} planned for ${date(version.placement.plannedStart)}`, 'for a move within Scotland');
    case 'dol-extension':
      return version.legalBasis.expiresAt
        ? updated(
            `after extension of the deprivation of liberty order to ${date(version.legalBasis.expiresAt)}`,
            'after extension of the deprivation of liberty order',
          )
        : updated(`after extension of the deprivation of liberty order on ${date(version.signedAt)}`, 'after extension of the deprivation of liberty order');
    case 'dol-termination': {
      // The version keeps the context's legal basis, which carries the termination time.
      const at = 'terminatedAt' in version.legalBasis && typeof version.legalBasis.terminatedAt === 'string' ? version.legalBasis.terminatedAt : null;
      return updated(`after termination of the deprivation of liberty order on ${date(at)}`, 'after termination of the deprivation of liberty order');
    }
    case 'end':
      return updated(`after the end of the placement on ${date(context.end?.at)}`, 'after the end of the placement');
    case 'update':
      return updated(`on ${date(version.signedAt)}`, '');
    case 'transitional':
      return {
        line: {
          verb: 'issued',
          detail: `under SSI 2026/31 for a placement begun under ${context.transitional?.scheme.toUpperCase().replace(/^SSI-(\d{4})-(\d+)$/, 'SSI $1/$2') ?? 'an earlier scheme'}, on ${date(version.signedAt)}`,
        },
        short: { verb: 'issued', detail: 'under SSI 2026/31 for a placement begun before it' },
      };
  }
}

/** "updated after X and for Y": a verb shared by neighbouring phrases is said once. */
function join(parts: Phrase[]): string {
  const out: string[] = [];
  parts.forEach((p, i) => {
    const sameVerb = i > 0 && parts[i - 1].verb === p.verb;
    out.push([sameVerb ? '' : p.verb, p.detail].filter(Boolean).join(' '));
  });
  return out.filter(Boolean).join(' and ');
}

export function describeReasons(args: Args): { reasons: ReasonPhrase[]; versionLine: string; summary: string } {
  const all: NoticeReason[] = args.version.reasons.length ? args.version.reasons : ['update'];
  const parts = all.map((r) => ({ reason: r, ...phrases(args, r) }));
  return {
    reasons: parts.map((p) => ({ reason: p.reason, text: join([p.line]), summary: join([p.short]) })),
    versionLine: `Notice version ${args.version.version}, ${join(parts.map((p) => p.line))}`,
    summary: join(parts.map((p) => p.short)),
  };
}
