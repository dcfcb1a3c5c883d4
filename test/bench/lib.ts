// What every benchmark section shares: the shape of a result row, percentiles, timing loops and the
// machine description printed with the table.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** One line of the printed table. */
export interface ResultRow {
  /** What was measured, as the table names it. */
  what: string;
  measured: string;
  /** The figure it is compared with, measured in the same run (or the goal's fixed number). */
  anchor?: string;
  /** measured / anchor, or whichever way round the goal reads (named in `ratioOf`). */
  ratio?: number;
  ratioOf?: string;
  goal?: string;
  /** Whether the goal is met; absent when the row is context only. */
  met?: boolean;
  /** The numbers behind the row, for the JSON. */
  data?: Record<string, unknown>;
}

/** What a section returns; the runner adds its peak RSS. */
export interface SectionResult {
  rows: ResultRow[];
  notes?: string[];
  /** Peak RSS of other processes the section ran (the server), in MiB. */
  extraRss?: Record<string, number>;
}

export interface SectionOptions {
  quick: boolean;
}

export type Section = (options: SectionOptions) => Promise<SectionResult>;

export interface Distribution {
  n: number;
  median: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function distribution(values: number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    median: percentile(s, 50),
    p99: percentile(s, 99),
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
    min: s[0],
    max: s[s.length - 1],
  };
}

export const ms = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : `${n.toFixed(digits)} ms`);
export const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-GB')}/s`;
export const count = (n: number) => n.toLocaleString('en-GB');

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  sqlite: string;
  platform: string;
  date: string;
  /** Load average when the run started (other work on the machine skews every figure). */
  loadAverage: number[];
}

export async function describeMachine(sqliteVersion: string): Promise<Machine> {
  const { loadavg, platform, release } = await import('node:os');
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    sqlite: sqliteVersion,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The CPU model; `os.cpus()` says only "AMD EPYC" on some VMs, lscpu may say more. */
function cpuModel(): string {
  const fromOs = cpus()[0]?.model?.trim() ?? 'unknown';
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
    const model = /^Model name:\s*(.+)$/m.exec(lscpu)?.[1]?.trim();
    return model && model.length > fromOs.length ? model : fromOs;
  } catch {
    return fromOs;
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How many events a run may send to one placement. A placement's record keeps its whole history (every
 * visit's and review's deadline, every query), so an event costs more the longer that history is; 50 events
 * is years of visits and reviews. A run sends its events over enough placements to stay within that, rather
 * than piling hundreds onto a few (which measured history length, not the engine).
 */
export const EVENTS_PER_PLACEMENT = 50;

/** Placements enough for `events` events at EVENTS_PER_PLACEMENT each. */
export const placementsFor = (events: number) => Math.ceil(events / EVENTS_PER_PLACEMENT);
