/**
 * What the CLI prints when it fails by its own fault (not the input's): one line with the error
 * and where to report it, exit code 1. The stack trace helps us, not the user, so only --debug shows it.
 */
const ISSUES = 'https://github.com/bce-lens/bce-lens/issues';
const MAX_LINE = 300;

export const INTERNAL_EXIT_CODE = 1;

/** Whether argv asks for stack traces; --debug is taken out before the options are read. */
export function takeDebugFlag(argv: readonly string[]): { debug: boolean; argv: string[] } {
  const rest = argv.filter((a) => a !== '--debug');
  return { debug: rest.length !== argv.length, argv: rest };
}

/** The lines to print for an internal error: one, or with --debug the stack after it. */
export function internalErrorLines(e: unknown, debug: boolean): string[] {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const firstLine = what.split('\n', 1)[0];
  const hint = debug ? ` (please report it at ${ISSUES})` : ` (please report it at ${ISSUES}; --debug shows the details)`;
  const room = Math.max(40, MAX_LINE - 'bce-lens: internal error: '.length - hint.length);
  const shown = firstLine.length > room ? `${firstLine.slice(0, room - 1)}…` : firstLine;
  const line = `bce-lens: internal error: ${shown}${hint}`;
  return debug && e instanceof Error && e.stack ? [line, e.stack] : [line];
}
