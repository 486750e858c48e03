/** One record's JSON text and the line it starts on, or what is wrong with the input there. */
export type SourceRecord =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly error: string }
  /** Already parsed (an element of a JSON body the HTTP layer parsed); `line` is its index. */
  | { readonly line: number; readonly value: unknown };

/** A record longer than this is refused (and skipped over) instead of held in memory. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/** NDJSON text already in memory (an HTTP body): one record per non-blank line. */
export function* ndjsonTextRecords(text: string): Iterable<SourceRecord> {
  let line = 0;
  for (const row of text.split('\n')) {
    line++;
    if (row.trim() !== '') yield { line, text: row };
  }
}

/** NDJSON: one record per non-blank line. */
export async function* ndjsonRecords(lines: AsyncIterable<string>): AsyncIterable<SourceRecord> {
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() !== '') yield { line, text };
  }
}

const NL = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * Splits a stream of JSON text into records without holding more than one record: a top-level
 * array is read element by element; otherwise the input is a sequence of values (NDJSON, one
 * pretty-printed object, or several). In a sequence, a record cut short (a truncated line) is
 * reported and the next one read: a `{` that cannot continue the record, or a line break inside
 * a string, starts over.
 */
export class JsonRecordScanner {
  private mode: 'start' | 'sequence' | 'array' | 'after-array' = 'start';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The record being read: none, a container (`{…}`, `[…]`) or a bare token. */
  private value: 'none' | 'container' | 'token' = 'none';
  private startLine = 0;
  private pieces: string[] = [];
  private size = 0;
  private oversized = false;
  /** The last character outside strings in the record, to tell where a value may start. */
  private last = 0;
  private trailingReported = false;

  feed(chunk: string): SourceRecord[] {
    const out: SourceRecord[] = [];
    let from = 0; // where the current record's text starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.value === 'none') {
        if (c === NL) this.line++;
        if (isSpace(c)) continue;
        if (this.mode === 'start') {
          if (c === OPEN_BRACKET) {
            this.mode = 'array';
            continue;
          }
          this.mode = 'sequence';
        }
        if (this.mode === 'after-array') {
          if (!this.trailingReported)
            out.push({ line: this.line, error: 'not valid JSON: text after the closing ]' });
          this.trailingReported = true;
          continue;
        }
        if (this.mode === 'array' && (c === COMMA || c === CLOSE_BRACKET)) {
          if (c === CLOSE_BRACKET) this.mode = 'after-array';
          continue;
        }
        from = i;
        if (this.begin(c) === 'container') continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        else if (c === NL) {
          this.line++;
          if (this.mode === 'sequence') {
            out.push(this.broken('a line break inside a string (the record is cut short)'));
            from = i + 1;
          }
        }
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        this.last = c;
        continue;
      }
      if (this.value === 'token') {
        // A bare value (a number, or junk): up to the line's end, or the array's next comma.
        const ends =
          this.mode === 'array' ? c === COMMA || c === CLOSE_BRACKET || c === NL : c === NL;
        if (ends) {
          out.push(this.finish(chunk, from, i));
          if (c === NL) this.line++;
          if (c === CLOSE_BRACKET) this.mode = 'after-array';
        }
        continue;
      }
      if (c === NL) this.line++;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.mode === 'sequence' && !canStartValue(this.last)) {
          out.push(this.broken('it ends before its closing brace'));
          this.begin(c);
          from = i;
          continue;
        }
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          out.push(this.finish(chunk, from, i + 1));
          continue;
        }
      }
      if (!isSpace(c)) this.last = c;
    }
    if (this.value !== 'none') this.keep(chunk.slice(from));
    return out;
  }

  end(): SourceRecord[] {
    const out: SourceRecord[] = [];
    if (this.value === 'token') out.push(this.finish('', 0, 0));
    else if (this.value === 'container') out.push(this.broken('the input ends inside it'));
    if (this.mode === 'array')
      out.push({ line: this.line, error: 'not valid JSON: the array is not closed with ]' });
    return out;
  }

  private begin(c: number): 'container' | 'token' {
    this.startLine = this.line;
    this.pieces = [];
    this.size = 0;
    this.oversized = false;
    this.inString = false;
    this.escaped = false;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.value = 'container';
      this.depth = 1;
      this.last = c;
    } else {
      this.value = 'token';
      this.depth = 0;
      this.last = 0;
    }
    return this.value;
  }

  private keep(text: string): void {
    if (this.oversized) return;
    this.size += text.length;
    if (this.size > MAX_RECORD_CHARS) {
      this.oversized = true;
      this.pieces = [];
    } else this.pieces.push(text);
  }

  private finish(chunk: string, from: number, to: number): SourceRecord {
    this.keep(chunk.slice(from, to));
    this.value = 'none';
    const line = this.startLine;
    if (this.oversized)
      return { line, error: `the record is longer than ${MAX_RECORD_CHARS} characters` };
    const text = this.pieces.join('');
    this.pieces = [];
    return { line, text };
  }

  private broken(why: string): SourceRecord {
    const line = this.startLine;
    this.value = 'none';
    this.pieces = [];
    this.inString = false;
    this.depth = 0;
    return { line, error: `not valid JSON: ${why}` };
  }
}

/** After these, a `{` or `[` continues the record; after anything else it starts a new one. */
function canStartValue(last: number): boolean {
  return last === COMMA || last === COLON || last === OPEN_BRACE || last === OPEN_BRACKET;
}

/** The records of a stream of JSON text chunks (see JsonRecordScanner). */
export async function* jsonRecords(chunks: AsyncIterable<string>): AsyncIterable<SourceRecord> {
  const scanner = new JsonRecordScanner();
  for await (const chunk of chunks) yield* scanner.feed(chunk);
  yield* scanner.end();
}

/** The records of JSON text already in memory (an HTTP body). */
export function jsonTextRecords(text: string): SourceRecord[] {
  const scanner = new JsonRecordScanner();
  return [...scanner.feed(text), ...scanner.end()];
}
