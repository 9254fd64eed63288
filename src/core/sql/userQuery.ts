import { BceError } from '../errors';

/** Statements that write or change anything; a read-only wrapper must never carry one. */
const WRITING = /^(insert|update|delete|merge|upsert|create|drop|alter|truncate|grant|revoke|copy|call|attach|detach|install|load|pragma|vacuum|checkpoint)$/i;

/**
 * Checks that a user's query is one SELECT or WITH statement that writes nothing, and returns it
 * without its trailing semicolon and whitespace. Strings ('…'), quoted names ("…", `…`) and
 * comments (-- …, /* … *\/) are skipped, so a ';' or a keyword inside them does not count.
 */
export function checkUserQuery(sql: string): string {
  const words: { word: string; at: number }[] = [];
  let end = sql.length;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      const close = closing(sql, i, c);
      if (close < 0) throw new BceError('option', `the query has an unclosed ${c === "'" ? 'string' : 'quoted name'} starting at character ${i + 1}`);
      i = close + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new BceError('option', `the query has an unclosed comment starting at character ${i + 1}`);
      i = close + 2;
    } else if (c === ';') {
      const rest = sql.slice(i + 1).replace(/--[^\n]*|\/\*[\s\S]*?\*\/|[\s;]/g, '');
      if (rest !== '') throw new BceError('option', `expected one SELECT or WITH statement, found a second statement after the ';' at character ${i + 1}`);
      end = i;
      break;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      words.push({ word: sql.slice(i, j), at: i });
      i = j;
    } else i++;
  }
  if (words.length === 0 || !/^(select|with)$/i.test(words[0].word)) {
    throw new BceError('option', `expected a SELECT or WITH statement, got ${words.length ? `"${words[0].word}" at character ${words[0].at + 1}` : 'no statement'}`);
  }
  const writing = words.find((w) => WRITING.test(w.word));
  if (writing) throw new BceError('option', `the query must only read: "${writing.word}" at character ${writing.at + 1} is not allowed (quote it if it is a column name)`);
  return sql.slice(0, end).trim();
}

/** The index of the quote that closes the one at `start` (a doubled quote is part of the text), or −1. */
function closing(sql: string, start: number, q: string): number {
  let i = start + 1;
  for (;;) {
    const k = sql.indexOf(q, i);
    if (k < 0) return -1;
    if (sql[k + 1] === q) i = k + 2;
    else return k;
  }
}

/** Whether a --from text is a query rather than a table name or a path. */
export function looksLikeQuery(text: string): boolean {
  return /^\s*(\(|select\b|with\b)/i.test(text.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)*/g, ''));
}
