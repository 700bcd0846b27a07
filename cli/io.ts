import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { InputError } from './errors.js';

/** `-` and no path both mean stdin, so every subcommand can sit in a pipe. */
function open(path: string | undefined): { stream: Readable; name: string } {
  if (path === undefined || path === '-') return { stream: process.stdin, name: 'stdin' };
  return { stream: createReadStream(path), name: path };
}

function readFailure(name: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(`cannot read ${name}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
}

export async function readText(path: string | undefined): Promise<string> {
  const { stream, name } = open(path);
  stream.setEncoding('utf8');
  let text = '';
  try {
    for await (const chunk of stream) text += chunk as string;
  } catch (e) {
    throw readFailure(name, e);
  }
  return text;
}

/** The non-blank lines of the input with their 1-based line numbers; a read failure ends it with an InputError. */
export async function* readLines(path: string | undefined): AsyncGenerator<{ line: string; lineNumber: number }> {
  const { stream, name } = open(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() !== '') yield { line, lineNumber };
    }
  } catch (e) {
    throw readFailure(name, e);
  }
}

/** Waits when stdout's buffer is full, so a long `--lines` run does not hold all its output in memory. */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

export function writeErr(text: string): void {
  process.stderr.write(text);
}
