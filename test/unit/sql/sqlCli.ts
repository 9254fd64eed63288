// The CLI as the engine tests run it, its lines collected; and the relative difference they assert on.
import { runCliAsync } from '../../../src/cli/main';

export interface Run {
  code: number;
  out: string[];
  err: string[];
}

export async function cli(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliAsync(argv, { out: (s) => out.push(s), err: (s) => err.push(s), write: (s) => out.push(s), stdin: () => '' });
  return { code, out, err };
}

export const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
