import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Nation, OrganisationKind } from '../../vocabulary';

/** Reference data: every placing body, Scottish council, health board and national body (seeded from CSV). */
export const Organisation = defineEntity({
  name: 'Organisation',
  tableName: 'organisation',
  properties: {
    /** GSS code, or a slug for bodies without one (the CSV's id). */
    id: p.string().primary(),
    name: p.string(),
    kind: p.string().$type<OrganisationKind>().index(),
    nation: p.string().$type<Nation>(),
    dfeLaCode: p.string().nullable(),
    /** Where statutory notices are sent; a `.invalid` placeholder until configured (see README). */
    noticeEmail: p.string(),
    /** Who set the mailbox: the shipped seed (a placeholder), the mailbox file, or an admin. */
    noticeEmailSource: p.string().$type<'seed' | 'file' | 'admin'>().default('seed'),
  },
});
export type Organisation = InferEntity<typeof Organisation>;
