import * as assert from 'node:assert/strict';
import { type LineChange, mapMarkLine, mapMarkLineThrough } from '../../src/core/report/mapMarkLines';

const change = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string): LineChange => ({ startLine, startCharacter, endLine, endCharacter, text });

describe('mapMarkLine', () => {
  const rows: [string, number, LineChange, ReturnType<typeof mapMarkLine>][] = [
    ['a line above the edit stays', 2, change(5, 3, 5, 3, 'x'), { line: 2, edited: false }],
    ['typing inside the line: stays, pending', 5, change(5, 3, 5, 3, 'x'), { line: 5, edited: true }],
    ['Enter at the end of the line (with indentation): stays, not pending', 5, change(5, 24, 5, 24, '\n    '), { line: 5, edited: false }],
    ['a line below an inserted line moves down', 6, change(5, 24, 5, 24, '\n    '), { line: 7, edited: false }],
    ['Ctrl+Shift+K deletes the line: its mark goes', 5, change(5, 0, 6, 0, ''), undefined],
    ['the line after a deleted one moves up, whole', 6, change(5, 0, 6, 0, ''), { line: 5, edited: false }],
    ['lines pasted above move the line down whole', 5, change(5, 0, 5, 0, '"a": "1",\n"b": "2",\n'), { line: 7, edited: false }],
    ['a line inside a deleted block goes', 6, change(5, 3, 8, 2, ''), undefined],
    ['the last line of a deletion that ends inside it goes', 8, change(5, 3, 8, 2, ''), undefined],
    ['a line joined to the previous one (Backspace at its start) goes: the joined line shows one pending mark', 6, change(5, 20, 6, 0, ''), undefined],
    ['the line it was joined onto stays, pending', 5, change(5, 20, 6, 0, ''), { line: 5, edited: true }],
  ];
  for (const [title, line, edit, expected] of rows) {
    it(title, () => assert.deepEqual(mapMarkLine(line, edit), expected));
  }

  it('several changes of one edit (multi-cursor) apply from the bottom up', () => {
    const changes = [change(2, 0, 3, 0, ''), change(6, 0, 6, 0, 'x\n')];
    assert.deepEqual(mapMarkLineThrough(7, changes), { line: 7, edited: false });
    assert.deepEqual(mapMarkLineThrough(4, changes), { line: 3, edited: false });
    assert.equal(mapMarkLineThrough(2, changes), undefined);
  });
});
