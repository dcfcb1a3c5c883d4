// `npm run bench`: measures the write path, the read path, the notice and the report against their
// anchors in one run, prints one table (what | measured | anchor | ratio | goal met?) and writes it
// with the machine to data/bench/results.json. Each section runs in its own process, so its peak RSS
// is its own. Not part of `npm test`: it asserts nothing and takes minutes.
//
//   npm run bench                          every section, full sizes
//   npm run bench -- --quick               smaller sizes and shorter runs (a smoke run)
//   npm run bench -- --only pdf,report     some sections
//   npm run bench -- --out other.json      write the results elsewhere (a quick or partial run writes
//                                          results-<sections>[-quick].json, leaving results.json to full runs)
//   npm run bench -- --cpu-prof            CPU profiles of each section (and the server) in data/bench/profiles
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { describeMachine, type ResultRow, type SectionResult } from './lib';
import { NEEDS_DATASETS, SECTIONS } from './sections';

const BENCH_DIR = path.resolve(__dirname, '../../data/bench');
const RSS_LIMIT_MIB = 400;
const GOALS = { limitRatio: 0.5, bpmnRatio: 8 };

interface SectionRun extends Partial<SectionResult> {
  seconds?: number;
  peakRssMiB?: number;
  error?: string;
}

function parseArgs(argv: string[]) {
  const options = { quick: false, only: null as string[] | null, out: path.join(BENCH_DIR, 'results.json'), cpuProf: false };
  const list = (value: string) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  let explicitOut = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') options.quick = true;
    else if (a === '--only') options.only = list(argv[++i]);
    else if (a.startsWith('--only=')) options.only = list(a.slice('--only='.length));
    else if (a === '--out') [options.out, explicitOut] = [path.resolve(argv[++i]), true];
    else if (a === '--cpu-prof') options.cpuProf = true;
    else throw new Error(`unknown option ${a} (use --quick, --only a,b, --out file, --cpu-prof)`);
  }
  for (const name of options.only ?? []) if (!SECTIONS[name]) throw new Error(`unknown section ${name}; sections: ${Object.keys(SECTIONS).join(', ')}`);
  // A quick or partial run leaves results.json to full runs unless told otherwise.
  if (!explicitOut && (options.quick || options.only))
    options.out = path.join(BENCH_DIR, `results${options.only ? `-${options.only.join('+')}` : ''}${options.quick ? '-quick' : ''}.json`);
  return options;
}

/** Runs one section in a child process and reads back what it wrote. */
function runSection(name: string, quick: boolean, dir: string, cpuProf: boolean): SectionRun {
  const out = path.join(dir, `${name}.json`);
  console.log(`\n== ${name}${quick ? ' (quick)' : ''}`);
  const profiles = path.join(BENCH_DIR, 'profiles', name);
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [];
  const env = cpuProf ? { ...process.env, BENCH_CPU_PROF_DIR: profiles } : process.env;
  const child = spawnSync(process.execPath, [...prof, '--import', 'tsx', path.join(__dirname, 'section-child.ts'), name, quick ? '1' : '0', out], {
    stdio: 'inherit',
    env,
  });
  try {
    return JSON.parse(readFileSync(out, 'utf8')) as SectionRun;
  } catch {
    return { error: `exited with ${child.status ?? child.signal}`, rows: [] };
  }
}

const find = (runs: Record<string, SectionRun>, key: string) => {
  for (const run of Object.values(runs)) for (const row of run.rows ?? []) if (row.data?.key === key) return row;
  return undefined;
};
const num = (row: ResultRow | undefined, field: string) => (row?.data?.[field] as number | undefined) ?? undefined;

/** Rows whose anchor was measured by another section: the engine against the limit and against bpmn-engine. */
function crossRows(runs: Record<string, SectionRun>): ResultRow[] {
  const rows: ResultRow[] = [];
  const limit = num(find(runs, 'limit.wal.full'), 'perSecond');
  const bpmn = num(find(runs, 'bpmn.stepsPerSecond'), 'perSecond');
  for (const clients of [1, 16]) {
    const engine = num(find(runs, `engine.c${clients}`), 'perSecond');
    if (engine === undefined) continue;
    const judged = clients === 1;
    if (limit !== undefined)
      rows.push({
        what: `engine C=${clients} against the limit (raw WAL FULL commits)`,
        measured: `${Math.round(engine)}/s`,
        anchor: `${Math.round(limit)}/s`,
        ratio: engine / limit,
        ratioOf: 'engine / limit',
        goal: judged ? `>= ${GOALS.limitRatio}` : undefined,
        met: judged ? engine / limit >= GOALS.limitRatio : undefined,
      });
    if (bpmn !== undefined)
      rows.push({
        what: `engine C=${clients} against bpmn-engine with per-step persistence`,
        measured: `${Math.round(engine)}/s`,
        anchor: `${Math.round(bpmn)}/s`,
        ratio: engine / bpmn,
        ratioOf: 'engine / bpmn-engine',
        goal: judged ? `>= ${GOALS.bpmnRatio}` : undefined,
        met: judged ? engine / bpmn >= GOALS.bpmnRatio : undefined,
      });
  }
  return rows;
}

function rssRows(runs: Record<string, SectionRun>): ResultRow[] {
  return Object.entries(runs)
    .filter(([name, run]) => name !== 'datasets' && run.peakRssMiB !== undefined)
    .map(([name, run]) => {
      const peaks = {
        [name]: run.peakRssMiB!,
        ...Object.fromEntries(Object.entries(run.extraRss ?? {}).map(([k, v]) => [`${name} ${k}`, v])),
      };
      const worst = Math.max(...Object.values(peaks));
      return {
        what: `peak RSS, ${name}`,
        measured: Object.entries(peaks)
          .map(([k, v]) => `${k === name ? 'section' : k.slice(name.length + 1)} ${Math.round(v)} MiB`)
          .join(', '),
        goal: `< ${RSS_LIMIT_MIB} MiB`,
        met: worst < RSS_LIMIT_MIB,
      };
    });
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The table as Markdown, so it can go into the README as printed. */
function table(rows: ResultRow[]): string {
  const header = ['what', 'measured', 'anchor', 'ratio', 'goal met?'];
  const lines = rows.map((r) => [
    r.what,
    r.measured,
    r.anchor ?? '',
    r.ratio === undefined ? '' : `${r.ratio < 10 ? r.ratio.toFixed(2) : r.ratio.toFixed(1)}${r.ratioOf ? ` (${r.ratioOf})` : ''}`,
    r.met === undefined ? (r.goal ? `(${r.goal})` : '') : `${r.met ? 'yes' : 'NO'} (${r.goal})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => cell(c).padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let names = options.only ?? Object.keys(SECTIONS);
  if (names.some((n) => NEEDS_DATASETS.includes(n)) && !names.includes('datasets')) names = ['datasets', ...names];
  names = Object.keys(SECTIONS).filter((n) => names.includes(n)); // the usual order
  const machine = await describeMachine(sqlite3.VERSION);
  console.log(
    `Benchmark on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}; load average ${machine.loadAverage.join(' ')}`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'cbp-bench-run-'));
  const runs: Record<string, SectionRun> = {};
  try {
    for (const name of names) runs[name] = runSection(name, options.quick, dir, options.cpuProf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = [...names.flatMap((n) => runs[n].rows ?? []), ...crossRows(runs), ...rssRows(runs)];
  const notes = names.flatMap((n) => [...(runs[n].notes ?? []), ...(runs[n].error ? [`${n}: FAILED (${runs[n].error})`] : [])]);
  const printed = table(rows);
  console.log(`\n${printed}\n`);
  for (const n of notes) console.log(`- ${n}`);
  console.log(
    `\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.platform}, Node ${machine.node}, SQLite ${machine.sqlite}, ${machine.date} (load average at start ${machine.loadAverage.join(' ')})`,
  );
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify({ machine, options: { quick: options.quick, sections: names }, rows, notes, sections: runs, table: printed }, null, 2)}\n`,
  );
  console.log(`Results written to ${path.relative(process.cwd(), options.out)}`);
  if (names.some((n) => runs[n].error)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
