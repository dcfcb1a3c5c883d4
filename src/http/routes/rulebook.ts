import { z } from 'zod';
import { organisationId } from '../../../machines/placement';
import { actorOf } from '../../services/actor';
import type { RouteModule } from '../routing';

// Describes the rulebook's outline for the OpenAPI document; machines/rulebook/types.ts is the full shape.
// Loose objects: rules carry more fields than listed, and the rulebook may gain fields.
const provenance = {
  citation: z.string().describe('Instrument and regulation or guidance section.'),
  confidence: z.string().describe('Where the rule was read: `2026`, `2022`, `2013` or `infer`.'),
  note: z.string().optional(),
};
const rule = z.looseObject({ id: z.string(), title: z.string(), statement: z.string(), ...provenance });

const RulebookSchema = z.looseObject({
  id: z.string().describe('e.g. `ssi-2026-31@1`; a placement keeps the rulebook it started under.'),
  version: z.number().int(),
  title: z.string(),
  instrument: z.string(),
  inForceFrom: z.string(),
  timeZone: z.string(),
  clocks: z.record(z.string(), rule).describe('Deadlines, by rule id.'),
  visits: z.record(z.string(), z.looseObject({ id: z.string(), title: z.string(), byNation: z.record(z.string(), z.unknown()) })),
  conditions: z.record(z.string(), rule),
  parameters: z.record(z.string(), z.looseObject({ id: z.string(), statement: z.string(), value: z.unknown(), ...provenance })),
  recipients: z.record(z.string(), z.array(z.looseObject({}))).describe('Who a notice goes to, by setting.'),
  noticeFields: z.array(z.looseObject({})),
  undertaking: z.array(z.looseObject({})),
  legalBases: z.array(z.looseObject({})),
});

export const registerRulebookRoutes: RouteModule = (routes, { rulebooks }) => {
  routes.add({
    method: 'get',
    path: '/api/rulebook',
    operationId: 'getActiveRulebook',
    summary: 'The active rulebook',
    description: 'Every rule with its citation and confidence tag; new placements start under this version.',
    tags: ['reference'],
    access: 'authenticated',
    responses: { 200: { description: 'The rulebook.', schema: RulebookSchema } },
    handler: () => ({ body: rulebooks.active() }),
  });

  routes.add({
    method: 'get',
    path: '/api/rulebook/versions',
    operationId: 'listRulebookVersions',
    summary: 'Every rulebook version, and how many placements run under each',
    description: 'New placements start under the active version; a running placement keeps the version it started under until an admin migrates it.',
    tags: ['reference'],
    access: 'authenticated',
    responses: {
      200: {
        description: 'Versions, oldest first.',
        schema: z.array(
          z.object({
            id: z.string(),
            version: z.number().int(),
            title: z.string(),
            inForceFrom: z.string(),
            active: z.boolean(),
            placements: z.number().int(),
          }),
        ),
      },
    },
    handler: async () => ({ body: await rulebooks.versionsInUse() }),
  });

  const ruleRef = { kind: z.string(), id: z.string(), title: z.string() };
  routes.add({
    method: 'get',
    path: '/api/rulebook/diff',
    operationId: 'diffRulebooks',
    summary: 'What changed between two rulebook versions, rule by rule',
    tags: ['reference'],
    access: 'authenticated',
    query: z.strictObject({
      from: z
        .string()
        .max(60)
        .regex(/^[a-z0-9.@-]+$/),
      to: z
        .string()
        .max(60)
        .regex(/^[a-z0-9.@-]+$/),
    }),
    responses: {
      200: {
        description: 'Added, removed and changed rules, with the fields that changed.',
        schema: z.object({
          from: z.string(),
          to: z.string(),
          added: z.array(z.object(ruleRef)),
          removed: z.array(z.object(ruleRef)),
          changed: z.array(z.object({ ...ruleRef, fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })) })),
        }),
      },
    },
    errors: [404],
    handler: ({ query }) => ({ body: rulebooks.diff(query.from, query.to) }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/rulebook-migrations',
    operationId: 'migrateRulebook',
    summary: 'Move running placements to another rulebook version (dry run by default)',
    description:
      'With `dryRun: true` (the default) nothing is written: the answer lists, for each selected placement, the deadlines recomputed, the legal status ' +
      'before and after, the notices that would need re-issuing, and `wouldBecomeUnrecognised`. With `dryRun: false` each sound plan is applied and ' +
      'recorded as a RULEBOOK_MIGRATED audit entry, except a placement the move would make unrecognised, which needs its id in `confirmUnrecognised`.',
    tags: ['admin'],
    access: ['admin'],
    body: z.strictObject({
      from: z.string().max(60),
      to: z.string().max(60),
      placementIds: z.array(z.uuid()).max(1000).optional(),
      placingAuthorityId: organisationId().optional(),
      hostAuthorityId: organisationId().optional(),
      state: z
        .string()
        .max(30)
        .regex(/^[a-z]+$/)
        .optional(),
      dryRun: z.boolean().default(true),
      confirmUnrecognised: z.array(z.uuid()).max(1000).optional(),
    }),
    responses: {
      200: {
        description: 'What was planned or done, placement by placement.',
        schema: z.looseObject({ dryRun: z.boolean(), placements: z.array(z.looseObject({})) }),
      },
    },
    errors: [404],
    handler: async ({ body, user }) => {
      const { dryRun, confirmUnrecognised, ...selection } = body;
      return { body: await rulebooks.migrate(actorOf(user), selection, { dryRun, confirmUnrecognised }) };
    },
  });
};
