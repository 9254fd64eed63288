/**
 * One run's temporary files: a folder of its own in os.tmpdir() (never beside the user's files),
 * made on first use and removed when the run ends — also when a closed stdout ends the process
 * (process.exit runs 'exit' listeners) and on Ctrl-C or SIGTERM (removed, then the signal is
 * raised again so the process ends as it would have).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export class TempFiles {
  private dir: string | undefined;
  private readonly onExit = () => this.remove();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.remove();
    process.kill(process.pid, signal);
  };

  /** The folder, made now if need be. */
  folder(): string {
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'bce-lens-'));
      process.once('exit', this.onExit);
      for (const s of SIGNALS) process.once(s, this.onSignal);
    }
    return this.dir;
  }

  /** Removes the folder and everything in it. */
  remove(): void {
    if (!this.dir) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.onExit);
    for (const s of SIGNALS) process.removeListener(s, this.onSignal);
  }
}

/** Text appended to a file through one descriptor, kept open until close(). */
export class TextFile {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  append(text: string): void {
    if (text === '') return;
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, text, null, 'latin1');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Bytes per read when a file is copied to the output: each becomes a string under V8's
 * large-object size, which dies young (strings of a MiB pile up until a full collection).
 */
const COPY_BYTES = 60 * 1024;

/** Where copied text goes: false from write() means wait for drained() before more. */
export interface TextOut {
  write(text: string): unknown;
  drained(): Promise<void>;
}

/** Copies a text file (ASCII) to `out` a piece at a time, waiting while the reader is behind; a missing file is empty. */
export async function copyFileTo(path: string, out: TextOut): Promise<boolean> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return false;
  }
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(Math.min(COPY_BYTES, size));
  try {
    for (let at = 0; at < size; ) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n <= 0) break;
      at += n;
      if (out.write(buf.toString('latin1', 0, n)) === false) await out.drained();
      // A turn for the event loop: a closed pipe's EPIPE is delivered (and ends the run) here.
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
  return true;
}
