// Form fields for the pages: how each is drawn (a GOV.UK component), where its value sits in the API's
// JSON (a dotted path), and how a urlencoded form body becomes that JSON. Dates are three boxes (day,
// month, year); a date and time adds a time box read in UK style ("9:00am", "14:30", "midday").
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { isRecord } from '../../../machines/guards';
import { ZONE } from '../format';
import { fieldId, type FormErrors } from './errors';

export type FieldKind = 'text' | 'email' | 'textarea' | 'date' | 'datetime' | 'radios' | 'select' | 'boolean' | 'number' | 'list';

export interface FieldDef {
  path: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  hint?: string;
  options?: { value: string; text: string; hint?: string }[];
  /** CSS width class for text inputs. */
  width?: string;
  autocomplete?: string;
  /** Radios whose options are records of the placement (its siblings, family time arrangements, advocacy matters), filled in when drawn. */
  recordChoices?: 'siblings' | 'arrangements' | 'matters';
}

/** What a template needs to draw one field. */
export interface FieldView extends FieldDef {
  id: string;
  name: string;
  value: string;
  parts?: { day: string; month: string; year: string; time: string };
  error?: { text: string };
}

type Body = Record<string, unknown>;

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), obj);
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (isRecord(next)) o = next;
    else o = o[k] = {};
  }
  if (value === undefined) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

/** A form value as text: a string, or the last of a repeated field; '' for anything else. */
export const str = (v: unknown) => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[v.length - 1] ?? '').trim() : '');

/** "9:00am", "9am", "14:30", "midday", "midnight" -> [hour, minute], or null. */
export function parseTime(text: string): [number, number] | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '').replace('.', ':');
  if (t === 'midday' || t === 'noon') return [12, 0];
  if (t === 'midnight') return [0, 0];
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(t);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (min > 59) return null;
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[3] === 'pm' ? 12 : 0);
  } else if (h > 23 || !m[2]) return null;
  return [h, min];
}

function timeText(dt: DateTime): string {
  const h = dt.hour % 12 === 0 ? 12 : dt.hour % 12;
  return `${h}:${String(dt.minute).padStart(2, '0')}${dt.hour < 12 ? 'am' : 'pm'}`;
}

/** Parses the form body for `fields` into a JSON object at their paths, with the page's own checks. */
export function readFields(fields: readonly FieldDef[], body: Body): { value: Record<string, unknown>; errors: FormErrors; raw: Record<string, unknown> } {
  const value: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  const errors: FormErrors = { summary: [], byPath: {} };
  const fail = (f: FieldDef, text: string, suffix = '') => {
    errors.summary.push({ text, href: `#${fieldId(f.path)}${suffix}` });
    errors.byPath[f.path] ??= { text };
  };
  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  for (const f of fields) {
    const id = fieldId(f.path);
    if (f.kind === 'date' || f.kind === 'datetime') {
      const day = str(body[`${id}-day`]);
      const month = str(body[`${id}-month`]);
      const year = str(body[`${id}-year`]);
      const time = f.kind === 'datetime' ? str(body[`${id}-time`]) : '';
      raw[f.path] = { day, month, year, time };
      if (!day && !month && !year && !time) {
        if (f.required) fail(f, `Enter ${lower(f.label)}`, '-day');
        else setPath(value, f.path, f.kind === 'datetime' ? null : undefined);
        continue;
      }
      const d = DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) }, { zone: ZONE });
      if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !d.isValid) {
        fail(f, `${f.label} must be a real date`, '-day');
        continue;
      }
      if (f.kind === 'date') {
        setPath(value, f.path, d.toISODate());
        continue;
      }
      const hm = parseTime(time || '');
      if (!hm) {
        fail(f, time ? `${f.label}: enter the time like 9:30am or 14:30` : `Enter the time for ${lower(f.label)}`, '-time');
        continue;
      }
      setPath(value, f.path, d.set({ hour: hm[0], minute: hm[1] }).toISO({ suppressMilliseconds: true }));
      continue;
    }
    const v = str(body[id]);
    raw[f.path] = v;
    if (f.kind === 'boolean') {
      if (v === 'yes' || v === 'no') setPath(value, f.path, v === 'yes');
      else if (f.required) fail(f, `Select yes or no`);
      continue;
    }
    if (!v) {
      if (f.required) fail(f, f.kind === 'radios' || f.kind === 'select' ? `Select ${lower(f.label)}` : `Enter ${lower(f.label)}`);
      continue;
    }
    if (f.kind === 'number') {
      const n = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) fail(f, `${f.label} must be a number, like 12`);
      else setPath(value, f.path, n);
      continue;
    }
    // A list of record ids ("S1, S2"), one or more.
    if (f.kind === 'list') {
      setPath(value, f.path, v.split(/[\s,]+/).filter(Boolean));
      continue;
    }
    setPath(value, f.path, v);
  }
  return { value, errors, raw };
}

/** The fields ready to draw: values from the saved answers (or the body just posted), errors beside them. */
export function viewFields(fields: readonly FieldDef[], answers: unknown, errors: FormErrors, raw?: Record<string, unknown>): FieldView[] {
  return fields.map((f) => {
    const id = fieldId(f.path);
    const saved = getPath(answers, f.path);
    const posted = raw?.[f.path];
    const view: FieldView = { ...f, id, name: id, value: '', ...(errors.byPath[f.path] ? { error: errors.byPath[f.path] } : {}) };
    if (f.kind === 'date' || f.kind === 'datetime') {
      if (isRecord(posted)) view.parts = { day: str(posted.day), month: str(posted.month), year: str(posted.year), time: str(posted.time) };
      else if (typeof saved === 'string' && saved) {
        const dt = f.kind === 'date' ? DateTime.fromISO(saved, { zone: ZONE }) : DateTime.fromISO(saved).setZone(ZONE);
        view.parts = dt.isValid
          ? { day: String(dt.day), month: String(dt.month), year: String(dt.year), time: f.kind === 'datetime' ? timeText(dt) : '' }
          : { day: '', month: '', year: '', time: '' };
      } else view.parts = { day: '', month: '', year: '', time: '' };
      return view;
    }
    const v = posted !== undefined ? posted : saved;
    view.value = typeof v === 'boolean' ? (v ? 'yes' : 'no') : v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
    return view;
  });
}

/** Zod issues as problem errors with dotted paths under `prefix`. */
export function zodErrors(error: z.ZodError, prefix = ''): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '['),
    message: i.message,
  }));
}
