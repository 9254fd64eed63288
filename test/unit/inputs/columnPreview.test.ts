/** The first lines of a CSV/TSV shown for choosing its columns, and whether its header names the roles. */
import * as assert from 'node:assert/strict';
import { csvPreview } from '../../../src/inputs/files';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('inputs: CSV column preview', () => {
  it('a header that names the roles needs no choice', () => {
    const p = csvPreview(bytes('y_true,y_pred\n1,0.9\n0,0.2\n'), 'csv', 'a.csv');
    assert.deepEqual(p, { names: ['y_true', 'y_pred'], hasHeader: true, rows: [['1', '0.9'], ['0', '0.2']] });
  });

  it('a header of other names: the reader’s reason, the names and the first rows (quoted fields, a cut last line left out)', () => {
    const p = csvPreview(bytes('id,"truth, final",model A,model B\n7,1,0.9,0.8\n8,0,"0.2",0.3\n9,1,0.'), 'csv', 'b.csv');
    assert.ok(p);
    assert.deepEqual(p.names, ['id', 'truth, final', 'model A', 'model B']);
    assert.deepEqual(p.rows, [['7', '1', '0.9', '0.8'], ['8', '0', '0.2', '0.3']]);
    assert.match(p.problem ?? '', /no column of labels/);
    const chosen = csvPreview(bytes('id,"truth, final",model A,model B\n7,1,0.9,0.8\n'), 'csv', 'b.csv', { yTrue: '2', yPred: 'model B' });
    assert.equal(chosen?.problem, undefined, 'the chosen columns resolve (a name with a comma by its number, as the picker chooses it)');
  });

  it('two columns that could both be the labels need a choice', () => {
    const p = csvPreview(bytes('label,target,prob\n1,1,0.9\n'), 'csv', 'c.csv');
    assert.match(p?.problem ?? '', /could both be y_true/);
  });

  it('no header: columns by number, four of them need a choice; TSV and semicolons', () => {
    const p = csvPreview(bytes('1\t0.9\t2\t5\n0\t0.1\t1\t6\n'), 'tsv', 'd.tsv');
    assert.ok(p);
    assert.equal(p.hasHeader, false);
    assert.deepEqual(p.names, ['1', '2', '3', '4']);
    assert.equal(p.rows.length, 2, 'the first line is data');
    assert.match(p.problem ?? '', /no header line/);
    assert.deepEqual(csvPreview(bytes('y;p\r\n1;0.5\r\n'), 'csv', 'e.csv')?.names, ['y', 'p']);
    assert.equal(csvPreview(bytes('y_true,y_pr'), 'csv', 'f.csv'), undefined, 'no complete line');
  });
});
