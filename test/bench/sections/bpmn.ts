// The peer: bpmn-engine running the same placement lifecycle as a BPMN process (one user task per
// event: signed, delivered, arrived, confirmed, advocacy offered, then visits, reviews and host queries),
// its state (engine.getState()) persisted to SQLite after every step in one durable transaction on a
// WAL synchronous=FULL file, as a workflow service built on it would have to.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { distribution, perSecond, type Section } from '../lib';
import { closeSqlite, exec, openSqlite } from './limit';

// The package ships CommonJS beside its ES module, but its types say ESM only.
const { Engine } = require('bpmn-engine') as typeof import('bpmn-engine', { with: { 'resolution-mode': 'import' } });
type Engine = InstanceType<typeof Engine>;

/** The lifecycle, one user task per event, in the order the engine section's placements go through. */
export const LIFECYCLE = [
  'NOTICE_SIGNED',
  'DELIVERY_ACCEPTED',
  'CHILD_ARRIVED',
  'HOST_CONDITIONS_CONFIRMED',
  'ADVOCACY_OFFERED',
  ...Array.from({ length: 3 }, () => ['VISIT_RECORDED', 'REVIEW_RECORDED', 'HOST_QUERY_RAISED', 'HOST_QUERY_ANSWERED']).flat(),
];

function processXml(): string {
  const tasks = LIFECYCLE.map((name, i) => `<userTask id="t${i}" name="${name}" />`).join('\n    ');
  const ids = ['start', ...LIFECYCLE.map((_, i) => `t${i}`), 'end'];
  const flows = ids
    .slice(1)
    .map((to, i) => `<sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}" />`)
    .join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="placement-lifecycle" targetNamespace="http://bpmn.io/schema/bpmn">
  <process id="placement" isExecutable="true">
    <startEvent id="start" />
    ${tasks}
    <endEvent id="end" />
    ${flows}
  </process>
</definitions>`;
}

export const bpmnSection: Section = async ({ quick }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-bpmn-'));
  const db = await openSqlite(path.join(dir, 'bpmn.sqlite'), { journal: 'wal', synchronous: 'full' });
  const seconds = quick ? 2 : 8;
  const source = processXml();
  const latencies: number[] = [];
  let steps = 0;
  let instances = 0;
  let stateBytes = 0;
  try {
    await exec(db, 'create table instance_state (id text primary key, state text not null)');
    const persist = async (id: string, engine: Engine) => {
      const state = JSON.stringify(await engine.getState());
      stateBytes = state.length;
      await exec(db, `begin; insert or replace into instance_state (id, state) values ('${id}', '${state.replace(/'/g, "''")}'); commit;`);
    };
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      const id = `placement-${instances++}`;
      const listener = new EventEmitter();
      let waiting: ((taskId: string | null) => void) | null = null;
      const next = () => new Promise<string | null>((resolve) => (waiting = resolve));
      listener.on('wait', (api: { id: string }) => waiting?.(api.id));
      listener.on('activity.end', (api: { type: string }) => {
        if (api.type === 'bpmn:EndEvent') waiting?.(null);
      });
      let t = performance.now();
      const engine = new Engine({ name: id, source });
      let pending = next();
      const execution = await engine.execute({ listener });
      let task = await pending;
      await persist(id, engine); // the placement created
      latencies.push(performance.now() - t);
      steps++;
      while (task) {
        t = performance.now();
        pending = next();
        execution.signal({ id: task });
        task = await pending;
        await persist(id, engine);
        latencies.push(performance.now() - t);
        steps++;
      }
    }
    const elapsed = (performance.now() - start) / 1000;
    const d = distribution(latencies);
    return {
      rows: [
        {
          what: `bpmn-engine, same lifecycle (${LIFECYCLE.length + 1} steps), state persisted per step (WAL FULL)`,
          measured: `${perSecond(steps / elapsed)} (p50 ${d.median.toFixed(2)} ms)`,
          data: { key: 'bpmn.stepsPerSecond', perSecond: steps / elapsed, p50Ms: d.median, p99Ms: d.p99, steps, instances, stateBytes },
        },
      ],
      notes: [`bpmn-engine: ${instances} instances, ${steps} steps; persisted state ${Math.round(stateBytes / 1024)} KiB at the end of a lifecycle`],
    };
  } finally {
    await closeSqlite(db);
    rmSync(dir, { recursive: true, force: true });
  }
};
