import { JsonRecordScanner, type SourceRecord } from './json-records';

/** Fed in pieces of `size` characters, to cross every chunk boundary. */
function scan(text: string, size = text.length): SourceRecord[] {
  const scanner = new JsonRecordScanner();
  const out: SourceRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...scanner.feed(text.slice(i, i + size)));
  return [...out, ...scanner.end()];
}

describe('JsonRecordScanner', () => {
  const pretty = JSON.stringify({ a: { b: [1, 2, '}{'] }, c: 'x\\"y' }, null, 2);

  it.each([1, 3, 1000])(
    'reads NDJSON, one pretty object, and an array alike (chunks of %i)',
    (size) => {
      expect(scan('{"a":1}\n\n{"b":[2]}\n', size)).toEqual([
        { line: 1, text: '{"a":1}' },
        { line: 3, text: '{"b":[2]}' },
      ]);
      expect(scan(`\n${pretty}\n`, size)).toEqual([{ line: 2, text: pretty }]);
      expect(scan(`[\n${pretty},\n {"z": 0}\n]\n`, size)).toEqual([
        { line: 2, text: pretty },
        { line: 12, text: '{"z": 0}' },
      ]);
    },
  );

  it('reports a line cut short and reads on from the next record', () => {
    expect(scan('{"a":1}\n{"b":{"c":2}\n{"d":3}\n{"e":"cut\n{"f":4}\n')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, error: 'not valid JSON: it ends before its closing brace' },
      { line: 3, text: '{"d":3}' },
      { line: 4, error: 'not valid JSON: a line break inside a string (the record is cut short)' },
      { line: 5, text: '{"f":4}' },
    ]);
  });

  it('hands bare values to the parser, line by line or element by element', () => {
    expect(scan('42\nnot json\n{"a":1}')).toEqual([
      { line: 1, text: '42' },
      { line: 2, text: 'not json' },
      { line: 3, text: '{"a":1}' },
    ]);
    expect(scan('[1, "a,b", {"c":3}]')).toEqual([
      { line: 1, text: '1' },
      { line: 1, text: '"a,b"' },
      { line: 1, text: '{"c":3}' },
    ]);
  });

  it('reports an unclosed array, an unfinished record and text after the array', () => {
    expect(scan('[{"a":1}, {"b":')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 1, error: 'not valid JSON: the input ends inside it' },
      { line: 1, error: 'not valid JSON: the array is not closed with ]' },
    ]);
    expect(scan('[{"a":1}]\n{"b":2}')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, error: 'not valid JSON: text after the closing ]' },
    ]);
  });
});
