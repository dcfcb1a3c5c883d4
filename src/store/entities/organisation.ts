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
  },
});
export type Organisation = InferEntity<typeof Organisation>;
