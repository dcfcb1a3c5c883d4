// Reference data: every placing body, Scottish council, health board and national body (seeded), plus
// the advocacy providers and care services an admin adds.
import { conflict, invalid, notFound } from '../errors';
import { Organisation } from '../store/entities';
import type { Orm } from '../store/orm';
import { valuesList } from '../store/sql';
import type { Writer } from '../store/writer';
import type { Actor, Clock } from './actor';
import { audit } from './users';
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
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
  ) {}

  async list(filter: { kind?: OrganisationKind; nation?: Nation }): Promise<OrganisationView[]> {
    const where = { ...(filter.kind && { kind: filter.kind }), ...(filter.nation && { nation: filter.nation }) };
    return (await this.orm.em.fork().find(Organisation, where, { orderBy: { id: 'asc' } })).map(organisationView);
  }

  async get(id: string): Promise<OrganisationView> {
    const row = await this.orm.em.fork().findOne(Organisation, { id });
    if (!row) throw notFound(`No organisation ${id}.`);
    return organisationView(row);
  }

  /** Where statutory notices for the organisation go from now on (notices already queued keep their address); audited. */
  async setNoticeEmail(actor: Actor, id: string, noticeEmail: string): Promise<OrganisationView> {
    const before = await this.get(id);
    const now = this.clock();
    await this.writer.run(async (tx) => {
      await tx.sql.run(`update organisation set notice_email = ?, notice_email_source = 'admin' where id = ?`, [noticeEmail, id]);
      audit(tx, actor, now, 'ORGANISATION_MAILBOX_SET', { organisationId: id, from: before.noticeEmail, to: noticeEmail });
    });
    return { ...before, noticeEmail };
  }

  /** Adds an advocacy provider or care service; audited. */
  async create(actor: Actor, input: NewOrganisation): Promise<OrganisationView> {
    const id = input.id ?? slug(input.name);
    if (id.length < 3) throw invalid('Give an id.', [{ path: 'id', message: 'The name does not make a usable id.' }]);
    const taken = () => conflict(`Organisation ${id} already exists.`, [{ path: 'id', message: 'Already in use.' }]);
    if (await this.orm.em.fork().count(Organisation, { id })) throw taken();
    const row: OrganisationView = { id, name: input.name, kind: input.kind, nation: input.nation, noticeEmail: input.noticeEmail, dfeLaCode: null };
    const now = this.clock();
    try {
      await this.writer.run(async (tx) => {
        await tx.sql.run(`insert into organisation (id, name, kind, nation, dfe_la_code, notice_email, notice_email_source) values ${valuesList(1, 7)}`, [
          row.id,
          row.name,
          row.kind,
          row.nation,
          null,
          row.noticeEmail,
          'admin',
        ]);
        audit(tx, actor, now, 'ORGANISATION_CREATED', { ...row });
      });
    } catch (err) {
      if (/UNIQUE|unique|duplicate/.test(err instanceof Error ? err.message : String(err))) throw taken();
      throw err;
    }
    return row;
  }
}
