// Field shapes shared by every schema that takes input (placements, events, users, organisations):
// the one place that decides what a text, an id, a date or an instant may be. Text refuses what can
// break a store, a PDF or a mail header, or make a name read differently from what was typed: control
// characters, bidirectional overrides and isolates, lone surrogates, and line breaks in one-line fields.
import { z } from 'zod';
import { COUNTABLE_DATES, isCountable } from '../calendar';

// C0 controls except tab, LF and CR; DEL; C1 controls; line and paragraph separators.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
// Embeddings, overrides and isolates can make "Ann" display as another name (Trojan Source).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\r\n]/;

/** Why `value` is not acceptable text, or null. `multiline` allows line breaks and tabs. */
export function textProblem(value: string, multiline: boolean): string | null {
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (BIDI_CONTROL.test(value)) return 'must not contain bidirectional control characters';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  if (!multiline && LINE_BREAK.test(value)) return 'must be a single line';
  if (!multiline && value.includes('\t')) return 'must not contain tabs';
  return null;
}

const checked = (schema: z.ZodString, multiline: boolean) =>
  schema.check((ctx) => {
    const problem = textProblem(ctx.value, multiline);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/** A required one-line text (a name, a role, a court). */
export const line = (max = 200) => checked(z.string().trim().min(1).max(max), false);
/** An optional one-line text: absent, null or a string. */
export const optionalLine = (max = 200) => checked(z.string().trim().max(max), false).nullable().optional();
/** A required free text that may run over several lines (a query, a reason). */
export const text = (max = 4000) => checked(z.string().trim().min(1).max(max), true);
/** An optional free text. */
export const optionalText = (max = 4000) => checked(z.string().trim().max(max), true).nullable().optional();

/** An organisation id: a GSS code (S12000036) or a slug (scot-care-inspectorate). */
export const organisationId = () =>
  z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be an organisation id (letters, digits, ".", "_" or "-")');

export const email = () => z.email().max(254);
export const instant = () => z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset');
export const date = () => z.iso.date().describe('YYYY-MM-DD');

// Legal clocks count working days on calendars that answer for COUNTABLE_DATES only; a date outside them is
// refused as input (422 naming the field) rather than left to fail when a clock is computed. The range is wide
// on purpose: placements begun under the 2013 and 2022 schemes carry back-dated orders and events.
const OUTSIDE_CALENDARS = `must be from ${COUNTABLE_DATES.first} to ${COUNTABLE_DATES.last} (the dates the working-day calendars count)`;
const countable = { message: OUTSIDE_CALENDARS, when: (p: { issues: readonly unknown[] }) => p.issues.length === 0 };

/** A date a legal clock may count from (an order's date). */
export const countableDate = () => z.iso.date().refine(isCountable, countable).describe(`YYYY-MM-DD, from ${COUNTABLE_DATES.first} to ${COUNTABLE_DATES.last}`);
/** An instant a legal clock may count from (an event, an order taking effect or expiring, a planned start), read as its London date. */
export const countableInstant = () =>
  z.iso
    .datetime({ offset: true })
    .refine(isCountable, countable)
    .describe(`ISO 8601 date-time with offset, from ${COUNTABLE_DATES.first} to ${COUNTABLE_DATES.last} (London dates)`);
