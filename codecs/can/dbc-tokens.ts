/**
 * The DBC file's tokens: words (identifiers and keywords), numbers, quoted strings (which may span lines, as
 * comments do) and the one-character punctuation of SG_ lines. Each with its 1-based line and column for errors.
 */
export interface Token {
  readonly kind: 'word' | 'number' | 'string' | 'punctuation';
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const PUNCTUATION = new Set([':', ';', '|', '@', '(', ')', '[', ']', ',', '+', '-']);
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;

export function tokenize(text: string, error: (line: number, column: number, reason: string) => Error): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (c === '"') {
      const startLine = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        // A backslash escapes the next character (a quote inside a comment).
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += text[i++];
      }
      if (i >= text.length) throw error(startLine, column, 'a string is not closed');
      i++;
      tokens.push({ kind: 'string', text: value, line: startLine, column });
      continue;
    }
    // A sign right after '@' and its digit is the signal's sign, not a number's (`@1+`, `@0-`).
    const afterByteOrder = tokens.length >= 2 && tokens[tokens.length - 2]!.text === '@';
    NUMBER.lastIndex = i;
    const number = /[-+\d.]/.test(c) && !afterByteOrder ? NUMBER.exec(text) : null;
    if (number && (c !== '-' && c !== '+' ? true : /\d|\./.test(text[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], line, column });
      i += number[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], line, column });
      i += word[0].length;
      continue;
    }
    if (PUNCTUATION.has(c)) {
      tokens.push({ kind: 'punctuation', text: c, line, column });
      i++;
      continue;
    }
    throw error(line, column, `unexpected character '${c}'`);
  }
  return tokens;
}
