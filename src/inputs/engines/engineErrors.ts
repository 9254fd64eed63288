// The engines' errors carry their names: the extension's database command gets them across
// bundles (dist/database.js to dist/lens.js), where instanceof would not hold, and reads the name.

/** An engine that cannot be reached, loaded or waited for: one line, no stack. */
export class EngineUnavailable extends Error {
  override name = 'EngineUnavailable';
}

/** An engine's npm package (DuckDB's, pg) is not installed where it is looked for; `spec` says which. */
export class DriverMissing extends EngineUnavailable {
  override name = 'DriverMissing';
  constructor(
    message: string,
    readonly spec: string,
  ) {
    super(message);
  }
}

/** The engine refused or failed the query: its own message, relayed as one line. */
export class EngineQueryError extends Error {
  override readonly name = 'EngineQueryError';
}

/** The query was cancelled by the engine's own cancel on request (named AbortError, as every cancelled read). */
export class EngineCancelled extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('the query was cancelled');
  }
}
