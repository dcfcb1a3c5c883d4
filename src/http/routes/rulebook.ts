import { z } from 'zod';
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
};
