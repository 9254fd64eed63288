/**
 * Worker threads that claim numbered parts of a job (a shared counter) and post each part's result
 * back as { k, result }, then { done: true, kept? } (what the thread kept across its parts: the
 * metrics), which goes into `kept`; the calling thread claims parts too.
 */
export function startWorkers<R, K = unknown>(
  script: string,
  job: unknown,
  threads: number,
  results: R[],
  kept: K[] = [],
  limits?: import('node:worker_threads').ResourceLimits,
): Promise<void>[] {
  // Loaded only when splitting: the CLI starts without the worker machinery.
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const workers: Promise<void>[] = [];
  for (let t = 1; t < threads; t++) {
    const worker = new Worker(script, { workerData: job, ...(limits ? { resourceLimits: limits } : {}) });
    workers.push(
      new Promise<void>((resolve, reject) => {
        let finished = false;
        worker.on('message', (m: { k: number; result: R } | { done: true; kept?: K }) => {
          if ('done' in m) {
            finished = true;
            if (m.kept !== undefined) kept.push(m.kept);
            resolve();
          } else results[m.k] = m.result;
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (!finished) reject(new Error(`a worker thread stopped (exit code ${code})`));
        });
      }),
    );
  }
  return workers;
}
