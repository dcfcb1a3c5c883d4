import { createPlacementMachine } from '../../machines/placement';
import { activeRulebook } from '../../machines/rulebook';
import { statechartModel } from '../../src/web/statechart/model';
import { renderStatechartSvg, statechartText } from '../../src/web/statechart/render';

const machine = createPlacementMachine(activeRulebook);
const regions = machine.root.states.active.states;
const model = statechartModel(activeRulebook);

/** Every region and state of the machine, read from the machine itself (not from our model). */
const machineStates = Object.entries(regions).flatMap(([region, node]) => Object.keys(node.states).map((s) => `${region}.${s}`));
const drawnStates = (svg: string) => [...svg.matchAll(/data-state="([^"]+)"/g)].map((m) => m[1]);
const currentStates = (svg: string) => [...svg.matchAll(/data-state="([^"]+)" data-current="true"/g)].map((m) => m[1]).sort();

describe('statechart SVG', () => {
  const value = {
    active: {
      lifecycle: 'placed',
      notice: 'given',
      legalBasis: 'changeWindow',
      location: 'settled',
      hostReview: 'queried',
      advocacy: 'offered',
      visits: 'active',
      enforcement: 'none',
      transfer: 'none',
    },
  };
  const svg = renderStatechartSvg(model, value);

  it('draws every state of every region of the machine, and the final states', () => {
    expect(machineStates.length).toBeGreaterThan(30);
    const drawn = drawnStates(svg);
    for (const s of machineStates) expect(drawn).toContain(s);
    for (const f of ['ended', 'superseded', 'transferred']) expect(drawn).toContain(`final.${f}`);
    expect(new Set(drawn).size).toBe(machineStates.length + 3);
  });

  it('draws an arrow for each move between two states of a region', () => {
    const internal = model.regions.flatMap((r) =>
      r.states.flatMap((s) =>
        s.transitions.filter((t) => t.target?.kind === 'region').map((t) => `${r.key}:${s.key}>${(t.target as { state: string }).state}`),
      ),
    );
    const distinct = new Set(internal);
    expect(svg.match(/marker-end=/g)?.length).toBe(distinct.size);
    // The machine's own transition from draft to notified is among them.
    expect(distinct).toContain('lifecycle:draft>notified');
  });

  it('highlights exactly the current state of each region', () => {
    expect(currentStates(svg)).toEqual(
      Object.entries(value.active)
        .map(([r, s]) => `${r}.${s}`)
        .sort(),
    );
    expect(svg).toContain('Change window open (current)');
  });

  it('highlights the final state when the placement is over, and nothing else', () => {
    const done = renderStatechartSvg(model, 'superseded');
    expect(currentStates(done)).toEqual(['final.superseded']);
    expect(done).toContain('The placement is in its final state: Superseded.');
  });

  it('has a title, a description of where each region is, and the same in text', () => {
    expect(svg).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="statechart-title statechart-desc"/);
    expect(svg).toContain('<title id="statechart-title">');
    expect(svg).toContain('Host authority review: Queried');
    const text = statechartText(model, value);
    expect(text.regions.map((r) => r.label)).toEqual(model.regions.map((r) => r.label));
    expect(text.regions.flatMap((r) => r.states.filter((s) => s.current).map((s) => s.label))).toEqual([
      'Placed',
      'Given',
      'Change window open',
      'Settled',
      'Queried',
      'Offered',
      'Active',
      'None',
      'None',
    ]);
  });

  it('is deterministic and well-formed', () => {
    expect(renderStatechartSvg(model, value)).toBe(svg);
    expect(svg).not.toMatch(/NaN|undefined/);
    // Every element opened is closed (a cheap well-formedness check without a parser).
    expect(svg.match(/<g[\s>]/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });
});
