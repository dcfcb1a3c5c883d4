// Who each notice recipient role is, for one notice version: the organisation and the mailbox the
// rulebook's recipient list resolves to.
import type { NoticeVersion, PlacementContext } from '../../machines/placement';
import type { RecipientRole } from '../../machines/rulebook';
import { invalid, type FieldError } from '../errors';
import { Organisation } from '../store/entities';
import type { Em } from '../store/orm';
import { HEALTH_BOARD_OF_COUNCIL } from '../store/reference-data/council-health-boards';

export const NATIONAL_BODIES = {
  'care-inspectorate': 'scot-care-inspectorate',
  'scottish-ministers': 'scot-scottish-ministers',
  'principal-reporter': 'scot-principal-reporter',
} as const;

export interface ResolvedRecipient {
  role: RecipientRole;
  organisationId: string | null;
  name: string;
  address: string;
  /** Why this mailbox, where it is a fallback a reader should know about. */
  note?: string;
}

/**
 * Resolves every recipient of a version, or refuses with the field to fix (a notice that cannot reach a
 * required recipient can never be given, so it must not be signed).
 */
export async function resolveRecipients(em: Em, ctx: PlacementContext, version: NoticeVersion): Promise<ResolvedRecipient[]> {
  const place = version.placement;
  const org = async (id: string | null | undefined) => (id ? em.findOne(Organisation, { id }) : null);
  const out: ResolvedRecipient[] = [];
  const errors: FieldError[] = [];
  const fromOrg = (role: RecipientRole, o: Organisation | null, path: string, note?: string) => {
    if (!o) errors.push({ path, message: `no organisation to send the notice to (${role})` });
    else out.push({ role, organisationId: o.id, name: o.name, address: o.noticeEmail, ...(note ? { note } : {}) });
  };
  for (const r of version.recipients) {
    switch (r.role) {
      case 'host-authority':
        fromOrg(r.role, await org(place.hostAuthorityId), 'placement.hostAuthorityId');
        break;
      case 'education-authority':
        // In Scotland the council is the education authority; its notice mailbox receives this copy too.
        fromOrg(r.role, await org(place.hostAuthorityId), 'placement.hostAuthorityId', 'the host council as education authority');
        break;
      case 'health-board':
        fromOrg(r.role, await org(place.healthBoardId ?? HEALTH_BOARD_OF_COUNCIL[place.hostAuthorityId]), 'placement.healthBoardId');
        break;
      case 'care-inspectorate':
      case 'scottish-ministers':
      case 'principal-reporter':
        fromOrg(r.role, await org(NATIONAL_BODIES[r.role]), r.role);
        break;
      case 'advocacy-provider': {
        const provider = await org(ctx.advocacy.providerId);
        if (provider) fromOrg(r.role, provider, 'providerId');
        // Before the Ministers name a provider, they receive its copy: they arrange advocacy.
        else
          fromOrg(
            r.role,
            await org(NATIONAL_BODIES['scottish-ministers']),
            'providerId',
            'no advocacy provider named yet: sent to the Scottish Ministers, who arrange advocacy',
          );
        break;
      }
      case 'service-provider': {
        const provider = await org(place.serviceProviderId);
        if (provider) fromOrg(r.role, provider, 'placement.serviceProviderId');
        else if (place.serviceEmail) out.push({ role: r.role, organisationId: null, name: place.serviceName, address: place.serviceEmail });
        else
          errors.push({
            path: 'placement.serviceEmail',
            message: 'the care service needs an email address (or serviceProviderId) before the notice can be sent to it',
          });
        break;
      }
    }
  }
  if (errors.length) throw invalid('The notice cannot reach every required recipient; see errors.', errors);
  return out;
}
