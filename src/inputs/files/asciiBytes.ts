// The byte values of the ASCII characters the line readers look for (CSV, TSV and their row-end scanner).
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const COMMA = 44;
