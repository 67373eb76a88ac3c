import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyChanges,
  findMalformedLines,
  NEW_FILE_HEADER,
  parseCredentials,
  serializeCredentials,
  toRecord,
} from '../../src/store/format.js';

/** Parses, applies `changes`, and serialises again. */
function rewrite(text: string, changes: Record<string, string | undefined>): string {
  return serializeCredentials(applyChanges(parseCredentials(text), changes));
}

function read(text: string): Record<string, string> {
  return Object.fromEntries(toRecord(parseCredentials(text)));
}

const MESSY =
  '# my keys\n' +
  '\n' +
  'OPENAI_API_KEY=sk-old\n' +
  '  # indented comment\n' +
  'SOME_OTHER_TOOL=keep me = as is\n' +
  'this line has no equals sign\n' +
  '=starts with equals\n' +
  'bad key=value\n' +
  '   \n' +
  'ZED_LAST=z\n';

describe('credentials format', () => {
  it('reads and writes back every file byte for byte when nothing changes', () => {
    const files = [
      '',
      '\n',
      'A=1',
      'A=1\n',
      'A=1\n\n\n',
      '\r\n',
      'A=1\r\nB=2\r\n',
      'A=1\r\nB=2',
      'A=1\nB=2\r\nC=3\n',
      MESSY,
      NEW_FILE_HEADER,
      '\uFEFFA=1\n',
    ];
    for (const text of files) {
      assert.equal(serializeCredentials(parseCredentials(text)), text, JSON.stringify(text));
    }
  });

  it('splits at the first = and trims around keys and values', () => {
    assert.deepEqual(read('A=b=c\n B = spaced \nC=\n'), { A: 'b=c', B: 'spaced', C: '' });
  });

  it('treats # lines and blank lines as comments, not keys', () => {
    assert.deepEqual(read('# A=1\n   # B=2\n\nC=3\n'), { C: '3' });
  });

  it('lets the last of two lines with one key win', () => {
    assert.deepEqual(read('A=first\nB=x\nA=second\n'), { A: 'second', B: 'x' });
  });

  it('changes one key and leaves comments, unknown keys, bad lines and order alone', () => {
    const after = rewrite(MESSY, { OPENAI_API_KEY: 'sk-new' });
    assert.equal(after, MESSY.replace('OPENAI_API_KEY=sk-old', 'OPENAI_API_KEY=sk-new'));
  });

  it('adds a new key at the end and keeps everything before it', () => {
    assert.equal(rewrite(MESSY, { NEW_KEY: 'v' }), `${MESSY}NEW_KEY=v\n`);
  });

  it('removes every line of a key and nothing else', () => {
    const text = 'A=1\n# note\nB=2\nA=3\n';
    assert.equal(rewrite(text, { A: undefined }), '# note\nB=2\n');
  });

  it('sets every line of a duplicated key so the value read back is the new one', () => {
    const after = rewrite('A=1\nB=2\nA=3\n', { A: 'new' });
    assert.equal(after, 'A=new\nB=2\nA=new\n');
    assert.equal(read(after).A, 'new');
  });

  it('keeps CRLF line endings when it changes and adds keys', () => {
    const text = '# c\r\nA=1\r\nB=2\r\n';
    assert.equal(rewrite(text, { B: '3', C: '4' }), '# c\r\nA=1\r\nB=3\r\nC=4\r\n');
    assert.deepEqual(read(text), { A: '1', B: '2' });
  });

  it('keeps each line ending of a file that mixes LF and CRLF', () => {
    const text = 'A=1\nB=2\r\nC=3\n';
    assert.equal(rewrite(text, { B: 'two' }), 'A=1\nB=two\r\nC=3\n');
  });

  it('keeps a missing final newline when it adds or removes the last key', () => {
    assert.equal(rewrite('A=1\nB=2', { C: '3' }), 'A=1\nB=2\nC=3');
    assert.equal(rewrite('A=1\nB=2', { B: undefined }), 'A=1');
    assert.equal(rewrite('A=1\nB=2', { B: '9' }), 'A=1\nB=9');
  });

  it('reports lines it cannot read, 1-based, with the reason', () => {
    const found = findMalformedLines(parseCredentials(MESSY));
    assert.deepEqual(found, [
      { lineNumber: 6, reason: 'no "=" in the line' },
      { lineNumber: 7, reason: 'not a valid KEY=value line' },
      { lineNumber: 8, reason: 'not a valid KEY=value line' },
    ]);
  });

  it('starts a new file with a comment header and a blank line', () => {
    const lines = NEW_FILE_HEADER.split('\n');
    assert.equal(lines.length, 4);
    assert.ok(lines[0]?.startsWith('# ') && lines[1]?.startsWith('# '));
    assert.equal(rewrite(NEW_FILE_HEADER, { A: '1' }), `${NEW_FILE_HEADER}A=1\n`);
  });
});
