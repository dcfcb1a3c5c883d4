// The organisation and user shapes the reference and user routes answer with.
import { z } from 'zod';
import { NATIONS, ORGANISATION_KINDS, ROLES } from '../../vocabulary';

export const OrganisationSchema = z.object({
  id: z.string().describe('GSS code (E06000001, W06000001, S12000036, S08000015) or a slug for other bodies.'),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  nation: z.enum(NATIONS),
  noticeEmail: z.string().describe('Where statutory notices for this organisation are sent.'),
  dfeLaCode: z.string().nullable().describe('DfE three-digit LA code (England, Wales); null elsewhere.'),
});

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string(),
  createdAt: z.iso.datetime(),
});
