// Renders Notice and Undertaking PDFs on a worker thread. pdfkit takes tens of milliseconds of CPU per notice;
// on the main thread that time holds the event loop, so every other request and the writer's next commit
// wait for a signing. The bytes are the same as rendering in process (the model is plain data, the renderer
// deterministic: tested), so the hash stored with the document does not depend on where it was rendered.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { logger } from '../logger';
import type { NoticeModel } from './notice-model';
import { renderNoticePdf } from './render-notice';

interface Pending {
  resolve(bytes: Buffer): void;
  reject(err: Error): void;
}

type Reply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const isReply = (m: unknown): m is Reply => typeof m === 'object' && m !== null && 'id' in m && typeof m.id === 'number';

/** The worker runs TypeScript as `npm start` does (tsx), whether the parent runs under tsx, jest or node. */
const BOOT = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(path.join(__dirname, 'render-worker.ts'))});`;

/**
 * The thread's old space. Left to V8's default, a thread that has rendered a few hundred notices holds on to
 * about 100 MiB it no longer uses (measured: the process's peak RSS 457 MiB after 250 signings, 297 MiB
 * with this limit). A render needs far less (they ran with half of it); a thread that still runs out is
 * replaced, and the notice it was rendering is rendered in process.
 */
const RENDERER_OLD_SPACE_MB = 96;

/** The thread failed or stopped under a render (not the render refusing its model). */
class RendererLost extends Error {}

let worker: Worker | null = null;
let unavailable = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function start(): Worker {
  const w = new Worker(BOOT, { eval: true, resourceLimits: { maxOldGenerationSizeMb: RENDERER_OLD_SPACE_MB } });
  w.on('message', (m: unknown) => {
    if (!isReply(m)) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) w.unref(); // an idle renderer keeps no process alive
    if (!p) return;
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
  });
  w.on('error', (err) => {
    logger().error({ component: 'documents', err: err.message }, 'notice renderer thread failed; the next notice starts a new one');
    failAll(new RendererLost(err.message));
    if (worker === w) worker = null;
  });
  w.on('exit', () => {
    failAll(new RendererLost('notice renderer thread stopped'));
    if (worker === w) worker = null;
  });
  w.unref();
  return w;
}

/** The notice PDF, rendered off the event loop; in process if no thread can be started here. */
export async function renderNoticeOffThread(model: NoticeModel): Promise<Buffer> {
  if (unavailable) return renderNoticePdf(model);
  try {
    worker ??= start();
  } catch (err) {
    unavailable = true;
    logger().warn({ component: 'documents', err: err instanceof Error ? err.message : String(err) }, 'no renderer thread; notices render in process');
    return renderNoticePdf(model);
  }
  const w = worker;
  const id = ++nextId;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, model });
    });
  } catch (err) {
    if (!(err instanceof RendererLost)) throw err;
    logger().warn({ component: 'documents', err: err.message }, 'notice renderer thread lost under a render; rendered in process');
    return renderNoticePdf(model);
  }
}

/** Stops the renderer thread (a later notice starts a new one). */
export async function stopNoticeRenderer(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
