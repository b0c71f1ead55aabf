import * as assert from 'node:assert/strict';
import { formatTable } from '../../src/cli/table';
import { MAX_CELL_CHARS, terminalField, terminalLines } from '../../src/cli/terminalText';

/** Every character a terminal may act on rather than show (the independent list the escaping is checked against). */
const UNSAFE = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  ...Array.from({ length: 0x21 }, (_, index) => 0x7f + index),
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x2028, 0x2029,
];

function unsafeIn(text: string, allowNewline: boolean): number[] {
  return [...text].map((char) => char.codePointAt(0) ?? 0).filter((code) => UNSAFE.includes(code) && !(allowNewline && code === 0x0a));
}

describe('terminal text', () => {
  it('escapes every C0, DEL, C1 and bidi control of a field, LF included, visibly', () => {
    for (const code of UNSAFE) {
      const shown = terminalField(`a${String.fromCodePoint(code)}b`);
      assert.deepEqual(unsafeIn(shown, false), [], `U+${code.toString(16)}`);
      assert.equal(shown, `a\\u${code.toString(16).padStart(4, '0')}b`);
    }
  });

  it('turns an OSC 8 hyperlink and a forged row into plain text', () => {
    assert.equal(terminalField('x\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007'), 'x\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007');
    assert.equal(terminalField('a\r\n  1:1  ✓ allow  fake').includes('\n'), false);
  });

  it('caps a field with an ellipsis, counting code points and escapes', () => {
    assert.equal(terminalField('x'.repeat(200_000), MAX_CELL_CHARS), `${'x'.repeat(MAX_CELL_CHARS)}…`);
    assert.equal(terminalField('x'.repeat(MAX_CELL_CHARS), MAX_CELL_CHARS), 'x'.repeat(MAX_CELL_CHARS));
    assert.equal(terminalField('😀'.repeat(10), 3), '😀😀😀…');
    assert.equal(terminalField('ab\u001b', 7), 'ab…', 'an escape is not cut in half');
    assert.equal(terminalField('ab\u001b', 8), 'ab\\u001b');
  });

  it('keeps line breaks of a whole output and leaves a JSON document equal after parsing', () => {
    const value = { name: 'a\u001b[31mb\u009b\u202e\u2028\u007f', list: ['\u0007'] };
    const json = JSON.stringify(value, null, 2);
    const shown = terminalLines(json);
    assert.deepEqual(unsafeIn(shown, true), []);
    assert.deepEqual(JSON.parse(shown), value);
    assert.equal(terminalLines('one\ntwo\n'), 'one\ntwo\n');
    assert.equal(terminalLines('a\rb'), 'a\\u000db');
  });

  it('keeps a table to one line per row and bounds its width whatever the cells hold', () => {
    const rows = [
      ['1:1', 'x'.repeat(200_000), 'why'],
      ['2:1', 'evil\n2:1  allow  forged', 'why\rnot'],
      ['3:1', 'plain', 'w'.repeat(10_000)],
    ];
    const lines = formatTable(['LINE', 'NAME', 'WHY'], rows).split('\n');
    assert.equal(lines.length, 4);
    assert.ok(Math.max(...lines.map((line) => line.length)) < 400, 'no row is padded to the huge name');
    assert.match(lines[1], /^1:1 {3}x{60}… {2}why$/);
    assert.deepEqual(unsafeIn(lines.join('\n'), true), []);
  });
});
