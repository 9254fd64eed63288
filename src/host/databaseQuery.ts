/**
 * The SQL query of an editor's selection for "Compute Loss in Database": in SQL the selected text
 * (or the whole document); in Python (a .py file or a notebook cell) the string literal selected,
 * or the one under the cursor (adjacent literals joined as Python joins them); in a `%%sql` cell
 * the cell below its magic line. Pure (no vscode): unit-tested.
 */

/** A query found in a document: its text and where it starts (a character offset), for messages. */
export interface FoundQuery {
  sql: string;
  offset: number;
}

/** Why no query was found, at a character offset of the document. */
export class QueryPlaceError extends Error {
  override readonly name = 'QueryPlaceError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Languages whose documents are SQL text (VS Code's id and those of common SQL extensions). */
const SQL_LANGUAGES = new Set(['sql', 'pgsql', 'postgres', 'duckdb', 'mssql', 'mysql', 'sqlite', 'plsql', 'jinja-sql', 'snowflake-sql', 'bigquery', 'sql-bigquery']);

/** A cell magic that makes a Python cell SQL (jupysql, ipython-sql, duckdb magics): `%%sql`, `%%duckdb`, with arguments. */
const SQL_CELL_MAGIC = /^[ \t]*%%(sql|duckdb|bigquery)\b[^\n]*\n?/;

/** The query of `text` (the document) with the selection [start, end) (equal: a cursor). */
export function queryOfEditor(languageId: string, text: string, start: number, end: number): FoundQuery {
  const magic = SQL_CELL_MAGIC.exec(text);
  if (magic && languageId !== 'sql') {
    const offset = magic[0].length;
    return sqlText(text.slice(offset), Math.max(0, start - offset), Math.max(0, end - offset), offset);
  }
  if (languageId === 'python') return pythonQuery(text, start, end);
  if (SQL_LANGUAGES.has(languageId)) return sqlText(text, start, end, 0);
  throw new QueryPlaceError(`a ${languageId} document holds no SQL query here: select a SELECT or WITH query in a .sql file, or its string in Python`, start);
}

function sqlText(text: string, start: number, end: number, base: number): FoundQuery {
  const [from, to] = start === end ? [0, text.length] : [start, end];
  const body = text.slice(from, to);
  const lead = body.length - body.trimStart().length;
  const sql = body.trim();
  if (sql === '') throw new QueryPlaceError('the selection is empty: select a SELECT or WITH query', base + from);
  return { sql, offset: base + from + lead };
}

/** One Python string literal: where it is (quotes and prefix included) and its value. */
export interface PythonString {
  start: number;
  end: number;
  value: string;
  /** An f-string with replacement fields: Python fills them at run time. */
  formatted: boolean;
}

/** The string literals of Python source, in order (comments skipped). */
export function pythonStrings(text: string): PythonString[] {
  const out: PythonString[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}(?=['"])/.exec(text.slice(i, i + 3));
    const wordBefore = i > 0 && /[\w]/.test(text[i - 1]);
    if (prefix && !wordBefore) {
      const q = i + prefix[0].length;
      const quote = text[q];
      const triple = text.startsWith(quote.repeat(3), q);
      const delim = triple ? quote.repeat(3) : quote;
      const raw = /r/i.test(prefix[0]);
      let j = q + delim.length;
      let closed = -1;
      while (j < text.length) {
        if (text[j] === '\\') j += 2;
        else if (text.startsWith(delim, j)) {
          closed = j;
          break;
        } else if (!triple && text[j] === '\n') break;
        else j++;
      }
      if (closed < 0) throw new QueryPlaceError(`the Python string starting here is not closed`, i);
      const body = text.slice(q + delim.length, closed);
      const formatted = /f/i.test(prefix[0]) && /\{(?!\{)/.test(body.replace(/\{\{/g, ''));
      out.push({ start: i, end: closed + delim.length, value: raw ? body : unescape(body), formatted });
      i = closed + delim.length;
      continue;
    }
    i++;
  }
  return out;
}

/** Python's common escapes; others stay as written (SQL rarely holds them). */
function unescape(body: string): string {
  return body.replace(/\\(\n|\\|'|"|n|t|r)/g, (_, e: string) => ({ '\n': '', '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r' })[e] ?? e);
}

/** Literals that Python joins: only spaces, line breaks, parentheses or a backslash between them. */
function adjacentRun(strings: PythonString[], k: number, text: string): PythonString[] {
  let a = k;
  let b = k;
  const joins = (x: PythonString, y: PythonString) => /^[\s()\\]*$/.test(text.slice(x.end, y.start));
  while (a > 0 && joins(strings[a - 1], strings[a])) a--;
  while (b + 1 < strings.length && joins(strings[b], strings[b + 1])) b++;
  return strings.slice(a, b + 1);
}

function joined(run: PythonString[]): FoundQuery {
  const f = run.find((s) => s.formatted);
  if (f) throw new QueryPlaceError('an f-string\'s {…} fields are filled in by Python at run time: select the SQL without them, or a plain string', f.start);
  const value = run.map((s) => s.value).join('');
  const sql = value.trim();
  if (sql === '') throw new QueryPlaceError('the string is empty: select a string holding a SELECT or WITH query', run[0].start);
  return { sql, offset: run[0].start };
}

function pythonQuery(text: string, start: number, end: number): FoundQuery {
  const strings = pythonStrings(text);
  if (start !== end) {
    const inside = strings.filter((s) => s.start >= start && s.end <= end);
    if (inside.length > 0) {
      const run = adjacentRun(strings, strings.indexOf(inside[0]), text).filter((s) => s.start >= start && s.end <= end);
      if (run.length !== inside.length) throw new QueryPlaceError('the selection holds several separate strings: select the one string of the query', inside[run.length]?.start ?? start);
      return joined(run);
    }
    // Text selected inside one string: the query is that text.
    const around = strings.find((s) => s.start < start && s.end > end);
    if (around) return sqlText(text, start, end, 0);
    throw new QueryPlaceError('the selection is not a Python string: select the string literal of the query (quotes included) or text inside it', start);
  }
  // A cursor: the string it is in, else the first string of its line.
  const at = strings.findIndex((s) => s.start <= start && start <= s.end);
  if (at >= 0) return joined(adjacentRun(strings, at, text));
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', start);
  const lineEnd = nl < 0 ? text.length : nl;
  const onLine = strings.findIndex((s) => s.start >= lineStart && s.start < lineEnd);
  if (onLine >= 0) return joined(adjacentRun(strings, onLine, text));
  throw new QueryPlaceError('no string on this line: put the cursor in the string of a SELECT or WITH query, or select it', start);
}

/** The query shortened to one line for a title: "SELECT y, p FROM 'runs/*.parquet' WHERE …". */
export function shortQuery(sql: string, max = 60): string {
  const line = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
