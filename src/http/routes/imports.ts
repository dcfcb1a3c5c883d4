// Placements that began before SSI 2026/31 (the 2022 DoL scheme, 2013 transfers), imported with their history:
// the CSV template and its columns, and the import itself (CSV or JSON), a dry run first if wanted.
import { z } from 'zod';
import { EARLIER_SCHEMES } from '../../../machines/rulebook';
import { COLUMNS, templateCsv } from '../../imports/csv';
import { ImportOptionsSchema, ImportRequestSchema, ImportedPlacementSchema, IMPORT_MODES } from '../../imports/schema';
import { forbidden } from '../../errors';
import { validate } from '../problem';
import type { RouteModule } from '../routing';

const IMPORTERS = ['placing', 'admin'] as const;

const ErrorSchema = z.object({ field: z.string().describe('The CSV column (or the path in the JSON item).'), message: z.string() });

const RowErrorSchema = z.object({
  path: z.string().describe('The row and the field: `row 7: child_date_of_birth` (CSV), `placements[3].draft.child.dateOfBirth` (JSON).'),
  row: z.number().int().describe('The row of the CSV file as a spreadsheet numbers it (the header is row 1), or the index of the JSON item.'),
  field: z.string().describe('The CSV column, or the path in the JSON item; empty for the row as a whole.'),
  message: z.string(),
});

const ReportSchema = z.object({
  importId: z.uuid(),
  format: z.enum(['csv', 'json']),
  mode: z.enum(IMPORT_MODES),
  dryRun: z.boolean(),
  placingAuthorityId: z.string(),
  sha256: z.string().describe('SHA-256 of the file or request as received.'),
  rows: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(RowErrorSchema).describe('Every error of every row, as a 422 problem lists them.'),
  results: z.array(
    z.object({
      row: z.number().int().describe('The row of the CSV file as a spreadsheet numbers it (the header is row 1), or the index of the JSON item.'),
      localReference: z.string().nullable(),
      status: z.enum(['imported', 'valid', 'rejected']),
      placementId: z.uuid().nullable(),
      reference: z.string().nullable(),
      scheme: z.string().nullable(),
      carriedOver: z.boolean().nullable(),
      legalStatus: z.object({ code: z.string(), reasons: z.array(z.object({ rule: z.string(), citation: z.string(), text: z.string() })) }).nullable(),
      outstanding: z.array(
        z.object({
          rule: z.string(),
          title: z.string(),
          citation: z.string(),
          dueAt: z.string(),
          state: z.enum(['due', 'overdue']),
          duty: z.string(),
        }),
      ),
      errors: z.array(ErrorSchema),
    }),
  ),
});

const TemplateSchema = z.object({
  columns: z.array(z.object({ name: z.string(), description: z.string(), required: z.boolean().optional(), format: z.string(), example: z.string() })),
  schemes: z.array(z.object({ scheme: z.string(), rulebook: z.string(), instrument: z.string(), title: z.string(), legalBases: z.array(z.string()) })),
  item: z.unknown().describe('The JSON Schema of one placement in a JSON import.'),
});

export const registerImportRoutes: RouteModule = (routes, { imports }) => {
  routes.add({
    method: 'get',
    path: '/api/imports/template.csv',
    operationId: 'getImportTemplateCsv',
    summary: 'The CSV template for placements begun before SSI 2026/31',
    description: 'The header row and one fictional example row. `GET /api/imports/template` describes each column.',
    tags: ['imports'],
    access: IMPORTERS,
    responses: { 200: { description: 'The template.', contentType: 'text/csv' } },
    handler: ({ res }) => {
      res
        .status(200)
        .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="transitional-placements.csv"' })
        .send(templateCsv());
    },
  });

  routes.add({
    method: 'get',
    path: '/api/imports/template',
    operationId: 'getImportTemplate',
    summary: 'Each column of the CSV template, the schemes and their legal bases, and the JSON item',
    tags: ['imports'],
    access: IMPORTERS,
    responses: { 200: { description: 'The columns.', schema: TemplateSchema } },
    handler: () => ({
      body: {
        columns: COLUMNS.map((c) => ({ ...c })),
        schemes: Object.entries(EARLIER_SCHEMES).map(([scheme, book]) => ({
          scheme,
          rulebook: book.id,
          instrument: book.instrument,
          title: book.title,
          legalBases: book.legalBases.map((b) => b.type),
        })),
        item: z.toJSONSchema(ImportedPlacementSchema, { io: 'input', unrepresentable: 'any' }),
      },
    }),
  });

  routes.add({
    method: 'post',
    path: '/api/imports/placements',
    operationId: 'importPlacements',
    summary: 'Import placements begun before SSI 2026/31, with their history',
    description:
      'A placing authority imports its own placements; an admin imports for a named placing authority (`placingAuthorityId`) and is shown ' +
      "references only, never a child's details. The body is the CSV template (`text/csv`, one row per placement) or JSON (`placements`: one item each). " +
      'Every row is checked and its history replayed under the rulebook of the scheme it began under, then carried onto the active rulebook on ' +
      '9 February 2026. `mode=each-row` (the default): each good row is imported whole, in a transaction of its own, and each bad row not at all ' +
      '(200 with the report while at least one row was imported; 422 when none could be); `mode=all-or-nothing`: the file in one transaction, and ' +
      'one bad row means nothing is imported (422). A 422 lists every error as `{ path: "row 7: child_date_of_birth", row, field, message }` ' +
      '(JSON: `placements[3].draft.child.dateOfBirth`). A file that is not the template is refused whole (422, row 1). `dryRun=true` checks and ' +
      'reports without writing. A row whose reference is already held is refused (imported twice); a reference taken by a concurrent import ' +
      'while this one ran is refused with it (all-or-nothing: 409). ' +
      'Historical notices are recorded as given on their dates; no mail is sent for them. The report gives, per row, the legal status now and what ' +
      'must still be done under the 2026 rules.',
    tags: ['imports'],
    access: IMPORTERS,
    query: ImportOptionsSchema,
    body: ImportRequestSchema,
    bodyAlsoAs: ['text/csv'],
    responses: { 200: { description: 'The import report: one result per row.', schema: ReportSchema } },
    errors: [409],
    handler: async ({ req, query, body, user }) => {
      if (user.role !== 'placing' && user.role !== 'admin') throw forbidden('Only a placing authority, or an admin for one, can import placements.');
      const options = { dryRun: query.dryRun === 'true', mode: query.mode, placingAuthorityId: query.placingAuthorityId };
      if (req.is('text/csv')) return { body: await imports.importCsv(user, typeof req.body === 'string' ? req.body : '', options) };
      const request = body ?? validate(ImportRequestSchema, req.body);
      return {
        body: await imports.importJson(
          user,
          request.placements,
          { ...options, placingAuthorityId: options.placingAuthorityId ?? request.placingAuthorityId },
          JSON.stringify(req.body),
        ),
      };
    },
  });
};
