// The import of placements that began before SSI 2026/31, as JSON: one item per placement, its draft and its
// history. The CSV template (csv.ts) is turned into the same items, so both are checked by the same rules.
import { z } from 'zod';
import { countableInstant, DraftSchema, line, organisationId, SignatorySchema, UserEventSchema, type HistoryEvent } from '../../machines/placement';
import { EARLIER_SCHEMES } from '../../machines/rulebook';

export const SCHEMES: readonly string[] = Object.keys(EARLIER_SCHEMES);

export const NoticeGivenSchema = z
  .strictObject({ type: z.literal('NOTICE_GIVEN'), at: countableInstant(), signatory: SignatorySchema })
  .describe(
    'A Notice and Undertaking (or an update of it) given by other means, before this service held the placement: recorded as signed and accepted by every recipient that decides "given" under the rulebook then in force, at `at`. No mail is sent.',
  );

/** Every user event but signing (a historical notice is NOTICE_GIVEN), each with `at` required. */
const historyEvents = UserEventSchema.options
  .filter((o) => o.shape.type.value !== 'NOTICE_SIGNED' && o.shape.type.value !== 'NOTICE_UPDATED')
  .map((o) => o.extend({ at: countableInstant().describe('When it happened.') }));

export const HistoryEventSchema = z.discriminatedUnion('type', [NoticeGivenSchema, ...historyEvents]);

export const ImportedPlacementSchema = z.strictObject({
  localReference: line(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/, 'must be letters, digits, spaces, ".", "/", "_" or "-" (your case reference, never the child\'s name)')
    .describe("The placing authority's own case reference: unique per placing authority, so a row imported twice is refused."),
  scheme: z.enum(SCHEMES).describe('The scheme the placement began under: `ssi-2022-225` (DoL order, 2022 scheme) or `ssi-2013-99` (2013 transfer).'),
  draft: DraftSchema,
  history: z.array(HistoryEventSchema).min(1).max(500).describe('What happened, oldest first.'),
});
export type ImportedPlacement = z.output<typeof ImportedPlacementSchema>;

export const IMPORT_MODES = ['each-row', 'all-or-nothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const ImportOptionsSchema = z.strictObject({
  placingAuthorityId: organisationId()
    .optional()
    .describe('For an admin: the placing authority the placements belong to (a placing authority imports only its own).'),
  dryRun: z.enum(['true', 'false']).default('false').describe('`true`: check and replay every row, report, write nothing.'),
  mode: z
    .enum(IMPORT_MODES)
    .default('each-row')
    .describe('`each-row`: every good row is imported whole, every bad row not at all; `all-or-nothing`: one bad row and nothing is imported (422).'),
});

export const ImportRequestSchema = z.strictObject({
  placingAuthorityId: organisationId().optional(),
  placements: z.array(z.unknown()).min(1).max(2000).describe('One ImportedPlacement per placement (each checked on its own, so errors name the item).'),
});

/** Each zod issue as a dotted path (`draft.child.dateOfBirth`, `history[2].at`) and its message; each unknown key named. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  const path = (segments: readonly PropertyKey[]) =>
    segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${String(s)}` : String(s)), '');
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: path([...issue.path, key]), message: 'Unknown field.' }))
      : [{ path: path(issue.path), message: issue.message }],
  );
}

/** The history as the replay takes it: the schema admits no NOTICE_SIGNED or NOTICE_UPDATED (a notice of the past is NOTICE_GIVEN). */
export const historyOf = (item: ImportedPlacement): HistoryEvent[] =>
  item.history.flatMap((e) => (e.type === 'NOTICE_SIGNED' || e.type === 'NOTICE_UPDATED' ? [] : [e]));
