// The statistical return for the evaluation of SSI 2026/31 (issue 14) and its data dictionary. The return is
// for the Scottish Ministers and the Care Inspectorate only; each export is recorded in the audit chain.
import { z } from 'zod';
import { EVALUATION_ROLES, periodEndError } from '../../services/evaluation';
import { validationProblem } from '../problem';
import type { RouteModule } from '../routing';
import { EvaluationQuery } from '../schemas/evaluation';

const Cell = z.object({ value: z.number().int().nullable(), suppressed: z.boolean() }).describe('`value` null and `suppressed` true: withheld ([c]).');

const ReturnSchema = z.object({
  title: z.string(),
  generatedAt: z.string(),
  period: z.object({ from: z.string(), to: z.string(), lastDay: z.string() }),
  rulebook: z.string(),
  rulebooks: z.array(z.string()).describe('The rulebook versions the counted placements run under.'),
  suppression: z
    .object({
      rule: z.string(),
      threshold: z.number().int(),
      marker: z.null(),
      csvMarker: z.literal('[c]'),
      withheld: z.number().int(),
      primary: z.number().int(),
      secondary: z.number().int(),
    })
    .describe('Counts above 0 and below the threshold (rulebook P.small-cell-threshold) are withheld, and others with them until none can be worked out.'),
  dictionary: z.string(),
  tables: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      unit: z.string(),
      rowHeader: z.string(),
      columns: z.array(z.object({ key: z.string(), label: z.string() })),
      rows: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          kind: z.enum(['category', 'subtotal', 'total']),
          group: z.string().optional(),
          cells: z.record(z.string(), Cell),
        }),
      ),
    }),
  ),
});

const Definition = z.object({ key: z.string(), label: z.string(), definition: z.string(), sumOf: z.array(z.string()).optional() });

const DictionarySchema = z.object({
  title: z.string(),
  rulebook: z.string(),
  period: z.string(),
  counting: z.array(z.string()),
  suppression: z.object({
    rule: z.string(),
    threshold: z.number().int(),
    statement: z.string(),
    citation: z.string(),
    confidence: z.string(),
    method: z.array(z.string()),
    marker: z.string(),
  }),
  csv: z.object({ layout: z.string(), columns: z.array(z.object({ name: z.string(), definition: z.string() })) }),
  tables: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      unit: z.string(),
      population: z.string(),
      rowHeader: z.string(),
      rows: z.string(),
      categories: z.array(Definition).nullable(),
      columns: z.array(Definition),
      margins: z.string(),
      sources: z.array(z.object({ rule: z.string(), title: z.string(), citation: z.string(), confidence: z.string() })),
      notes: z.array(z.string()),
    }),
  ),
  limitations: z.array(z.string()),
});

export const registerEvaluationRoutes: RouteModule = (routes, { evaluation }) => {
  routes.add({
    method: 'get',
    path: '/api/reports/evaluation',
    operationId: 'getEvaluationReturn',
    summary: 'The statistical return for the evaluation of SSI 2026/31, for a period',
    description:
      'Anonymised counts: children placed in the period by placing nation and authority, host council, setting, legal basis, age at arrival and time in Scotland; ' +
      'advocacy; whether the order lapsed; first notices by how long before arrival; updated notices on time, late or missed; lapses; time to the first visit ' +
      'and review. A count above 0 and below the rulebook threshold (P.small-cell-threshold) is withheld, with others until none can be worked out from the ' +
      'margins or across tables. `format=csv` (or `Accept: text/csv`): one CSV file, a line per cell. Each request is an export, recorded in the audit chain. ' +
      'Definitions: GET /api/reports/evaluation/dictionary.',
    tags: ['reports'],
    access: EVALUATION_ROLES,
    query: EvaluationQuery,
    responses: { 200: { description: 'The return (JSON), or CSV.', schema: ReturnSchema, alsoAs: ['text/csv'] } },
    handler: async ({ req, res, query, user, now }) => {
      const late = periodEndError(query.to, now);
      if (late) throw validationProblem('The period has not ended yet.', [{ path: `query.${late.path}`, message: late.message }]);
      const format = query.format ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
      const { report, body } = await evaluation.export(user, { from: query.from, to: query.to }, format, 'GET /api/reports/evaluation');
      if (format === 'json') return { body: report };
      res
        .status(200)
        .set({
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="evaluation-return-${query.from}-to-${query.to}.csv"`,
          'Cache-Control': 'private, no-store',
        })
        .send(body);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/reports/evaluation/dictionary',
    operationId: 'getEvaluationDictionary',
    summary: 'The data dictionary of the evaluation return',
    description:
      'Every table with its unit and population, every row and column with its definition, the rules each rests on (citation and confidence), ' +
      'the suppression rule and method, and the CSV layout. Holds no data: any signed-in user may read it.',
    tags: ['reports'],
    access: 'authenticated',
    responses: { 200: { description: 'The dictionary.', schema: DictionarySchema } },
    handler: () => ({ body: evaluation.dictionary() }),
  });
};
