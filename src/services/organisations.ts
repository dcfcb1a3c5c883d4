// Reference data: every placing body, Scottish council, health board and national body (seeded), plus
// the advocacy providers and care services an admin adds.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict, invalid, notFound } from '../errors';
import { Organisation } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Nation, OrganisationKind } from '../vocabulary';

/** An organisation as the service hands it out. */
export interface OrganisationView {
  id: string;
  name: string;
  kind: OrganisationKind;
  nation: Nation;
  noticeEmail: string;
  dfeLaCode: string | null;
}

export const organisationView = (o: Organisation): OrganisationView => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  nation: o.nation,
  noticeEmail: o.noticeEmail,
  dfeLaCode: o.dfeLaCode ?? null,
});

export interface NewOrganisation {
  id?: string;
  name: string;
  kind: 'advocacy-provider' | 'service-provider';
  nation: Nation;
  noticeEmail: string;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

export class OrganisationsService {
  constructor(private readonly orm: Orm) {}

  async list(filter: { kind?: OrganisationKind; nation?: Nation }): Promise<OrganisationView[]> {
    const where = { ...(filter.kind && { kind: filter.kind }), ...(filter.nation && { nation: filter.nation }) };
    return (await this.orm.em.fork().find(Organisation, where, { orderBy: { id: 'asc' } })).map(organisationView);
  }

  async get(id: string): Promise<OrganisationView> {
    const row = await this.orm.em.fork().findOne(Organisation, { id });
    if (!row) throw notFound(`No organisation ${id}.`);
    return organisationView(row);
  }

  /** Where statutory notices for the organisation go from now on (notices already queued keep their address). */
  async setNoticeEmail(id: string, noticeEmail: string): Promise<OrganisationView> {
    const em = this.orm.em.fork();
    const row = await em.findOne(Organisation, { id });
    if (!row) throw notFound(`No organisation ${id}.`);
    row.noticeEmail = noticeEmail;
    row.noticeEmailSource = 'admin';
    await em.flush();
    return organisationView(row);
  }

  async create(input: NewOrganisation): Promise<OrganisationView> {
    const id = input.id ?? slug(input.name);
    if (id.length < 3) throw invalid('Give an id.', [{ path: 'id', message: 'The name does not make a usable id.' }]);
    const em = this.orm.em.fork();
    if (await em.count(Organisation, { id })) throw conflict(`Organisation ${id} already exists.`, [{ path: 'id', message: 'Already in use.' }]);
    const row = em.create(Organisation, { ...input, id, dfeLaCode: null, noticeEmailSource: 'admin' });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw conflict(`Organisation ${id} already exists.`, [{ path: 'id', message: 'Already in use.' }]);
      throw err;
    }
    return organisationView(row);
  }
}
