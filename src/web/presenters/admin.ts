// Administrators' pages: users (create, revoke tokens) and organisations (notice mailbox).
import { isOneOf } from '../../../machines/guards';
import { ROLES } from '../../vocabulary';
import type { OrganisationJson, UserJson } from '../backend';
import { ukDateTime } from '../format';
import { orgName, ROLE_LABELS, type OrgNames } from './common';

export function presentUsers(users: UserJson[], names: OrgNames) {
  return users
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: isOneOf(ROLES, u.role) ? ROLE_LABELS[u.role] : u.role,
      organisation: orgName(names, u.organisationId),
      tokens: u.activeTokens,
      created: ukDateTime(u.createdAt),
    }));
}

export const roleOptions = (selected?: string) => ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: r === selected }));

export function presentOrganisations(orgs: OrganisationJson[], kind?: string) {
  const kinds = [...new Set(orgs.map((o) => o.kind))].sort();
  return {
    kinds: [{ value: '', text: 'All kinds' }, ...kinds.map((k) => ({ value: k, text: k.replace(/-/g, ' '), selected: k === kind }))],
    rows: orgs
      .filter((o) => !kind || o.kind === kind)
      .map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind.replace(/-/g, ' '),
        nation: o.nation.replace(/-/g, ' '),
        noticeEmail: o.noticeEmail ?? '',
        placeholder: !o.noticeEmail || o.noticeEmail.endsWith('.invalid'),
        href: `/admin/organisations/${encodeURIComponent(o.id)}`,
      })),
  };
}
