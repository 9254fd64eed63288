/** "Compute Loss in Database": the query of an editor's selection, the connection setting and its masking (issue 17). */
import * as assert from 'node:assert/strict';
import { checkUserQuery } from '../../src/core/sql';
import { isPasswordError, parseConnection, passwordKey, shownConnection, urlHasPassword } from '../../src/host/databaseConnection';
import { pythonStrings, queryOfEditor, QueryPlaceError, shortQuery } from '../../src/host/databaseQuery';

/** The query for a document where «…» marks the selection (or | the cursor). */
function query(languageId: string, marked: string): { sql: string; offset: number } {
  const cursor = marked.indexOf('|');
  const start = cursor >= 0 ? cursor : marked.indexOf('«');
  const text = cursor >= 0 ? marked.replace('|', '') : marked.replace('«', '').replace('»', '');
  const end = cursor >= 0 ? cursor : marked.indexOf('»') - 1;
  return queryOfEditor(languageId, text, start, end);
}

function refused(languageId: string, marked: string, words: RegExp): QueryPlaceError {
  let error: unknown;
  try {
    query(languageId, marked);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof QueryPlaceError, `expected a QueryPlaceError, got ${String(error)}`);
  assert.match(error.message, words);
  return error;
}

describe('host: the query of a selection (SQL)', () => {
  it('is the selected text, trimmed, with its offset', () => {
    const q = query('sql', "-- losses\n«  SELECT y, p FROM 'runs/*.parquet'\n»;\nSELECT 2;");
    assert.equal(q.sql, "SELECT y, p FROM 'runs/*.parquet'");
    assert.equal(q.offset, '-- losses\n  '.length);
  });

  it('is the whole document when nothing is selected', () => {
    const text = 'WITH t AS (SELECT 1 AS y, 0.5 AS p)\nSELECT * FROM t;\n';
    assert.equal(queryOfEditor('sql', text, 4, 4).sql, text.trim());
  });

  it('a notebook %%sql cell: the cell below its magic line', () => {
    const q = query('python', '%%sql duckdb:///:memory:\nSELECT label AS y, score AS p FROM t|');
    assert.equal(q.sql, 'SELECT label AS y, score AS p FROM t');
    assert.equal(q.offset, '%%sql duckdb:///:memory:\n'.length);
  });

  it('an empty selection of blanks is refused at its place', () => {
    const e = refused('sql', 'SELECT 1;\n«   »\n', /empty/);
    assert.equal(e.offset, 10);
  });

  it('another language says where queries are read', () => {
    refused('markdown', '# «SELECT 1»', /select a SELECT or WITH query in a \.sql file, or its string in Python/);
  });
});

describe('host: the query of a selection (Python string literals)', () => {
  it('a selected literal, quotes included: its value', () => {
    const q = query('python', 'df = con.sql(«"SELECT y_true, y_pred FROM preds"»).df()');
    assert.equal(q.sql, 'SELECT y_true, y_pred FROM preds');
    assert.equal(q.offset, 'df = con.sql('.length);
  });

  it('a cursor in a triple-quoted string: the whole string, over its lines', () => {
    const q = query('python', 'q = """\n  SELECT label, prob\n  FROM |runs\n"""\nrun(q)\n');
    assert.equal(q.sql, 'SELECT label, prob\n  FROM runs');
  });

  it('a cursor elsewhere on the line: the line\'s string', () => {
    assert.equal(query('python', `|query = r"SELECT * FROM t WHERE name LIKE 'a\\b'"`).sql, "SELECT * FROM t WHERE name LIKE 'a\\b'");
  });

  it('adjacent literals are joined as Python joins them', () => {
    const q = query('python', 'sql = («"SELECT y, p "\n       \'FROM t \'\n       "WHERE split = \'val\'"»)');
    assert.equal(q.sql, "SELECT y, p FROM t WHERE split = 'val'");
    assert.equal(query('python', 'sql = ("SELECT y, p "\n  |"FROM t")').sql, 'SELECT y, p FROM t');
  });

  it('text selected inside a string is the query', () => {
    assert.equal(query('python', 'x = "-- all\\n«SELECT a AS y, b AS p FROM t»"').sql, 'SELECT a AS y, b AS p FROM t');
  });

  it('escapes of a plain string are read; a raw string keeps them', () => {
    assert.equal(query('python', '|q = "SELECT \\"y\\", p\\nFROM t"').sql, 'SELECT "y", p\nFROM t');
    assert.equal(query('python', "|q = r'a\\nb'").sql, 'a\\nb');
  });

  it('comments and strings in comments are skipped', () => {
    const strings = pythonStrings('# not "this"\nx = \'that\'  # nor "these"\n');
    assert.deepEqual(
      strings.map((s) => s.value),
      ['that'],
    );
  });

  it('an f-string with fields is refused (Python fills them at run time); one without is read', () => {
    refused('python', 'q = |f"SELECT * FROM {table}"', /f-string/);
    assert.equal(query('python', 'q = |f"SELECT {{1}} AS y"').sql, 'SELECT {{1}} AS y');
  });

  it('two separate strings, no string, an unclosed string: refused with the place', () => {
    refused('python', 'run(«"SELECT 1", x, "SELECT 2"»)', /several separate strings/);
    refused('python', 'x = 1|\ny = "SELECT 1"', /no string on this line/);
    const e = refused('python', 'x = 1\nq = "SELECT 1|', /not closed/);
    assert.equal(e.offset, 'x = 1\nq = '.length);
    refused('python', '«x = 1»', /not a Python string/);
  });

  it('what is found still goes through the one-statement check', () => {
    const q = query('python', '|q = "SELECT 1 AS y; DROP TABLE t"');
    assert.throws(() => checkUserQuery(q.sql), /second statement/);
  });

  it('shortQuery: one line, comments dropped, cut with an ellipsis', () => {
    assert.equal(shortQuery('-- c\nSELECT  y,\n  p FROM t'), 'SELECT y, p FROM t');
    const long = shortQuery(`SELECT ${'x, '.repeat(40)}y FROM t`, 30);
    assert.equal(long.length, 30);
    assert.ok(long.endsWith('…'));
  });
});

describe('host: the connection setting', () => {
  it('duckdb, empty or absent: DuckDB in process', () => {
    for (const v of ['duckdb', 'DuckDB', '', undefined, '  ']) assert.deepEqual(parseConnection(v, {}), { kind: 'duckdb' });
  });

  it('a postgres URL, given or read from ${env:NAME}', () => {
    assert.deepEqual(parseConnection('postgres://me@db:5432/x', {}), { kind: 'postgres', url: 'postgres://me@db:5432/x' });
    assert.deepEqual(parseConnection('${env:WAREHOUSE_URL}', { WAREHOUSE_URL: 'postgresql://me:pw@db/x' }), { kind: 'postgres', url: 'postgresql://me:pw@db/x' });
  });

  it('an unset variable or another scheme is refused in one line, the password never in it', () => {
    assert.throws(() => parseConnection('${env:NOPE}', {}), /environment variable NOPE, which is not set/);
    assert.throws(
      () => parseConnection('mysql://me:s3cret@db/x', {}),
      (e: Error) => /expected "duckdb", a postgres:\/\/ URL/.test(e.message) && !e.message.includes('s3cret'),
    );
  });

  it('the shown name masks the password; the secret key names server and user only', () => {
    const c = parseConnection('postgres://me:s3cret@db:5432/x', {});
    assert.equal(shownConnection(c), 'postgres://me:***@db:5432/x');
    assert.equal(shownConnection({ kind: 'duckdb' }), 'DuckDB');
    assert.ok(!passwordKey('postgres://me:s3cret@db:5432/x').includes('s3cret'));
    assert.equal(passwordKey('postgres://me:s3cret@db:5432/x'), passwordKey('postgres://me:other@db:5432/x'));
    assert.notEqual(passwordKey('postgres://me@db:5432/x'), passwordKey('postgres://me@elsewhere:5432/x'));
  });

  it('tells a URL with a password from one without, and pg\'s password refusals from other failures', () => {
    assert.equal(urlHasPassword('postgres://me:pw@db/x'), true);
    assert.equal(urlHasPassword('postgres://me@db/x'), false);
    assert.equal(isPasswordError('cannot connect to postgres://me@db/x: SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), true);
    assert.equal(isPasswordError('cannot connect to postgres://me@db/x: password authentication failed for user "me"'), true);
    assert.equal(isPasswordError('cannot connect to postgres://me@db/x: connect ECONNREFUSED 127.0.0.1:5432'), false);
  });
});
