/** An engine that cannot be reached, loaded or waited for: one line, no stack. */
export class EngineUnavailable extends Error {}

/** The engine refused or failed the query: its own message, relayed as one line. */
export class EngineQueryError extends Error {}
