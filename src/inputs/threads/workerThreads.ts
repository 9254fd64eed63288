/**
 * Worker threads that claim numbered parts of a job (a shared counter) and post each part's result
 * back as { k, result }, then { done: true, kept? } (what the thread kept across its parts: the
 * metrics), which goes into `kept`; the calling thread may claim parts too.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { abortError } from '../files/util';

export interface WorkerRun {
  /** Its signal aborted: every worker is terminated and the promises reject with an AbortError. */
  signal?: AbortSignal;
  /** Part k's result arrived (progress). */
  onPart?: (k: number) => void;
  limits?: ResourceLimits;
}

export function startWorkers<R, K = unknown>(script: string, job: unknown, threads: number, results: R[], kept: K[] = [], run: WorkerRun = {}): Promise<void>[] {
  // Loaded only when splitting: the CLI and the extension start without the worker machinery.
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const workers: Promise<void>[] = [];
  const { signal } = run;
  for (let t = 1; t < threads; t++) {
    const worker = new Worker(script, { workerData: job, ...(run.limits ? { resourceLimits: run.limits } : {}) });
    workers.push(
      new Promise<void>((resolve, reject) => {
        let finished = false;
        // Cancel stops the thread where it is: its range is left unread, the result thrown away.
        const stop = () => {
          finished = true;
          void worker.terminate();
          reject(abortError());
        };
        if (signal?.aborted) stop();
        signal?.addEventListener('abort', stop, { once: true });
        const settle = () => signal?.removeEventListener('abort', stop);
        worker.on('message', (m: { k: number; result: R } | { done: true; kept?: K }) => {
          // A message already on its way when Cancel came counts for nothing.
          if (signal?.aborted) return;
          if ('done' in m) {
            finished = true;
            settle();
            if (m.kept !== undefined) kept.push(m.kept);
            resolve();
          } else {
            results[m.k] = m.result;
            run.onPart?.(m.k);
          }
        });
        worker.on('error', (e) => {
          settle();
          reject(e);
        });
        worker.on('exit', (code) => {
          settle();
          if (!finished) reject(new Error(`a worker thread stopped (exit code ${code})`));
        });
      }),
    );
  }
  return workers;
}
