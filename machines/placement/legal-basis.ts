// Domain checks on what a placement and its events say, beyond their shape: the combinations the
// rulebook forbids (a DoL order in foster care, an order of another nation) and impossible dates.
import { DateTime } from 'luxon';
import { localDate, startOfLocalDay } from '../calendar';
import { ageLimitReachedAt } from './clock';
import { legalBasisType, parameter, type PlacingNation, type Rulebook, type Setting } from '../rulebook';
import { checkRelationshipEvent } from './relationships';
import type { LegalBasis, PlacementContext, PlacementEvent, PlacementInput } from './types';

export interface FieldError {
  path: string;
  message: string;
  rule?: string;
}

export function isDol(book: Rulebook, type: string): boolean {
  return !!legalBasisType(book, type)?.deprivationOfLiberty;
}

const isInstant = (s: unknown) => typeof s === 'string' && DateTime.fromISO(s, { setZone: true }).isValid && /T/.test(s);
const isDate = (s: unknown) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid;

export function checkLegalBasis(
  book: Rulebook,
  basis: LegalBasis,
  nation: PlacingNation,
  setting: Setting,
  path: string,
  /** When the basis is recorded (the draft's creation, the event's time): an order cannot be made later. */
  recordedAt?: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const known = legalBasisType(book, basis.type);
  if (!known) {
    errors.push({ path: `${path}.type`, message: `unknown legal basis; one of ${book.legalBases.map((b) => b.type).join(', ')}` });
  } else {
    if (!known.nations.includes(nation))
      errors.push({ path: `${path}.type`, message: `${basis.type} is not a legal basis of a placing authority in ${nation}` });
    if (!known.settings.includes(setting))
      errors.push({
        path: `${path}.type`,
        message: `${basis.type} cannot be the legal basis of a ${setting} placement (DOL.residential-only)`,
        rule: 'DOL.residential-only',
      });
  }
  if (!isDate(basis.madeOn)) errors.push({ path: `${path}.madeOn`, message: 'must be a date YYYY-MM-DD' });
  else if (recordedAt && isInstant(recordedAt) && basis.madeOn > localDate(recordedAt))
    errors.push({ path: `${path}.madeOn`, message: `must not be in the future (after ${localDate(recordedAt)})` });
  else if (isInstant(basis.effectiveFrom) && basis.madeOn > localDate(basis.effectiveFrom))
    errors.push({ path: `${path}.madeOn`, message: 'must be on or before the date the order takes effect (effectiveFrom)' });
  if (!isInstant(basis.effectiveFrom)) errors.push({ path: `${path}.effectiveFrom`, message: 'must be an ISO 8601 date-time with offset' });
  if (basis.expiresAt !== null && basis.expiresAt !== undefined) {
    if (!isInstant(basis.expiresAt)) errors.push({ path: `${path}.expiresAt`, message: 'must be an ISO 8601 date-time with offset, or null' });
    else if (isInstant(basis.effectiveFrom) && Date.parse(basis.expiresAt) <= Date.parse(basis.effectiveFrom))
      errors.push({ path: `${path}.expiresAt`, message: 'must be after effectiveFrom' });
  }
  return errors;
}

/** Checks a new draft notification. */
export function checkPlacementInput(book: Rulebook, input: PlacementInput): FieldError[] {
  const errors = checkLegalBasis(book, input.legalBasis, input.placingNation, input.setting, 'legalBasis', input.createdAt);
  const dob = input.child.dateOfBirth;
  // Only a date of birth that passed these is used in date arithmetic (year 9999 + 18 is no date).
  let dobUsable = false;
  if (!isDate(dob)) errors.push({ path: 'child.dateOfBirth', message: 'must be a date YYYY-MM-DD' });
  else if (dob > input.createdAt.slice(0, 10)) errors.push({ path: 'child.dateOfBirth', message: 'must not be in the future' });
  else if (ageLimitReachedAt(book, dob) <= startOfLocalDay(book.inForceFrom))
    errors.push({
      path: 'child.dateOfBirth',
      message: `a child born then was ${parameter<number>(book, 'P.age-limit')} before ${book.instrument} came into force on ${book.inForceFrom} (C11.age-18)`,
      rule: 'C11.age-18',
    });
  else dobUsable = true;
  if (input.lookedAfterSince !== undefined) {
    if (!isDate(input.lookedAfterSince)) errors.push({ path: 'lookedAfterSince', message: 'must be a date YYYY-MM-DD' });
    else if (input.lookedAfterSince > input.createdAt.slice(0, 10)) errors.push({ path: 'lookedAfterSince', message: 'must not be in the future' });
    else if (isDate(dob) && input.lookedAfterSince < dob) errors.push({ path: 'lookedAfterSince', message: "must not be before the child's date of birth" });
  }
  if (!isInstant(input.placement.plannedStart)) errors.push({ path: 'placement.plannedStart', message: 'must be an ISO 8601 date-time with offset' });
  else if (dobUsable && Date.parse(input.placement.plannedStart) >= Date.parse(ageLimitReachedAt(book, dob)))
    errors.push({ path: 'child.dateOfBirth', message: 'the child is 18 or over at the planned start (C11.age-18)', rule: 'C11.age-18' });
  return errors;
}

/** Checks an event's content against the placement; whether the event is allowed at all is the machine's answer. */
export function checkEvent(book: Rulebook, ctx: PlacementContext, event: PlacementEvent): FieldError[] {
  if (!isInstant(event.at)) return [{ path: 'at', message: 'must be an ISO 8601 date-time with offset' }];
  // Nothing in a child's placement happens before the child is born (the notice states the age on signing).
  if (localDate(event.at) < ctx.child.dateOfBirth) return [{ path: 'at', message: 'must not be before the child was born' }];
  switch (event.type) {
    case 'NOTICE_SIGNED':
    case 'NOTICE_UPDATED':
      // C2: each version is signed by a named, authorised representative.
      return (['name', 'role'] as const)
        .filter((k) => !event.signatory?.[k]?.trim())
        .map((k) => ({
          path: `signatory.${k}`,
          message: 'required: the notice is signed by a named authorised representative (C2.notice-signed)',
          rule: 'C2.notice-signed',
        }));
    case 'ORDER_CHANGED':
      return checkLegalBasis(book, event.legalBasis, ctx.placingNation, ctx.proposedMove?.setting ?? ctx.setting, 'legalBasis', event.at);
    case 'MOVE_PROPOSED': {
      const setting = event.setting ?? ctx.setting;
      const errors: FieldError[] = [];
      if (isDol(book, ctx.legalBasis.type) && setting !== 'residential')
        errors.push({
          path: 'setting',
          message: `a ${ctx.legalBasis.type} placement cannot move to ${setting} care (DOL.residential-only)`,
          rule: 'DOL.residential-only',
        });
      if (!isInstant(event.placement.plannedStart)) errors.push({ path: 'placement.plannedStart', message: 'must be an ISO 8601 date-time with offset' });
      return errors;
    }
    case 'DOL_EXTENDED':
      if (!isInstant(event.expiresAt)) return [{ path: 'expiresAt', message: 'must be an ISO 8601 date-time with offset' }];
      if (event.reviewedOn !== undefined) {
        if (!isDate(event.reviewedOn)) return [{ path: 'reviewedOn', message: 'must be a date YYYY-MM-DD' }];
        if (event.reviewedOn > localDate(event.at)) return [{ path: 'reviewedOn', message: 'must not be after the event' }];
        if (event.reviewedOn < ctx.legalBasis.madeOn) return [{ path: 'reviewedOn', message: 'must not be before the order was made' }];
      }
      if (ctx.legalBasis.expiresAt && Date.parse(event.expiresAt) <= Date.parse(ctx.legalBasis.expiresAt))
        return [{ path: 'expiresAt', message: 'must be after the current expiry' }];
      return [];
    default:
      return checkRelationshipEvent(book, ctx, event);
  }
}
