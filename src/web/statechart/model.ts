// The placement statechart read from the machine definition itself (xstate StateNodes and their
// transitions), so the picture can never drift from the machine: one region per parallel region of
// `active`, its states in declaration order, each state's outgoing transitions in words.
import type { AnyStateNode } from 'xstate';
import { createPlacementMachine } from '../../../machines/placement';
import type { Rulebook } from '../../../machines/rulebook';
import { humaniseName } from '../format';

export interface ChartTransition {
  /** "Notice signed", or "When regime ended" for an eventless transition. */
  trigger: string;
  eventType: string | null;
  /** A state of the same region, a final state of the machine, or null when the state does not change. */
  target: { kind: 'region'; state: string } | { kind: 'final'; state: string } | { kind: 'self' } | null;
  text: string;
}

export interface ChartState {
  key: string;
  label: string;
  transitions: ChartTransition[];
}

export interface ChartRegion {
  key: string;
  label: string;
  initial: string;
  states: ChartState[];
  /** Transitions the region takes from whichever state it is in. */
  anyState: ChartTransition[];
}

export interface ChartModel {
  regions: ChartRegion[];
  finals: ChartState[];
  /** Transitions of the whole parallel state (to a final state, or clocks elapsing). */
  anyState: ChartTransition[];
}

/** Words for the regions and states whose keys read poorly when split. */
const LABELS: Record<string, string> = {
  hostReview: 'Host authority review',
  legalBasis: 'Legal basis',
  changeWindow: 'Change window open',
  notDue: 'Not due',
  notReceived: 'Notice not received',
  notAppropriate: 'Not appropriate',
  notStarted: 'Not started',
  intentNotified: 'Intent to enforce notified',
  cureElapsed: 'Time to cure elapsed',
  sheriffApplied: 'Applied to sheriff',
  reporterNotified: 'Reporter notified',
  none: 'None',
};

export const label = (key: string) => LABELS[key] ?? humaniseName(key);

function guardWords(guard: unknown): string {
  if (typeof guard === 'string') return humaniseName(guard.replace(/^is(?=[A-Z])/, '')).toLowerCase();
  // xstate's and(), or() and not() are functions carrying the guards they combine and the check that combines them.
  if (typeof guard === 'function' && 'guards' in guard && Array.isArray(guard.guards)) {
    const parts = guard.guards.map((x: unknown) => (typeof x === 'string' ? guardWords(x) : 'a condition'));
    const kind = 'check' in guard && typeof guard.check === 'function' ? guard.check.name : '';
    if (kind === 'checkNot') return `not ${parts.join(' and ')}`;
    return parts.join(kind === 'checkOr' ? ' or ' : ' and ');
  }
  return 'its condition holds';
}

function describe(region: string, from: string | null, t: { eventType: string; target?: readonly AnyStateNode[]; guard?: unknown }): ChartTransition {
  const eventless = t.eventType === '';
  const trigger = eventless
    ? `When ${guardWords(t.guard)}`
    : humaniseName(t.eventType)
        .replace(/\bDol\b/, 'DoL')
        .replace(/\bcso\b/, 'CSO');
  const node = t.target?.[0];
  let target: ChartTransition['target'] = null;
  if (node) {
    const p = node.path;
    if (p[0] === 'active' && p[1] === region && p[2]) target = p[2] === from ? { kind: 'self' } : { kind: 'region', state: p[2] };
    else if (p.length === 1) target = { kind: 'final', state: p[0] };
  }
  const to =
    target === null
      ? 'state unchanged'
      : target.kind === 'self'
        ? 'starts again'
        : target.kind === 'final'
          ? `${label(target.state)} (final)`
          : label(target.state);
  return { trigger, eventType: eventless ? null : t.eventType, target, text: `${trigger} → ${to}` };
}

function transitionsOf(node: AnyStateNode, region: string, from: string | null): ChartTransition[] {
  const on = [...node.transitions.values()].flat().map((t) => describe(region, from, t));
  const always = (node.always ?? []).map((t) => describe(region, from, { ...t, eventType: '' }));
  return [...on, ...always];
}

const cache = new WeakMap<Rulebook, ChartModel>();

/** The chart model of the placement machine under `book` (computed once per rulebook). */
export function statechartModel(book: Rulebook): ChartModel {
  const hit = cache.get(book);
  if (hit) return hit;
  const machine = createPlacementMachine(book);
  const active = machine.root.states.active;
  const regions: ChartRegion[] = Object.entries(active.states).map(([key, node]) => ({
    key,
    label: label(key),
    initial: node.initial?.target?.[0]?.key ?? Object.keys(node.states)[0],
    states: Object.entries(node.states).map(([s, stateNode]) => ({ key: s, label: label(s), transitions: transitionsOf(stateNode, key, s) })),
    anyState: transitionsOf(node, key, null),
  }));
  const finals: ChartState[] = Object.entries(machine.root.states)
    .filter(([, n]) => n.type === 'final')
    .map(([key]) => ({ key, label: label(key), transitions: [] }));
  const model: ChartModel = { regions, finals, anyState: transitionsOf(active, '', null) };
  cache.set(book, model);
  return model;
}
