import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { statechartFiles } from '../inspector/statecharts/files.js';
import { MACHINES } from '../machines/registry.js';
import { commandFailure, usageFailure } from './errors.js';
import { writeOut } from './io.js';

export const usage = `Usage: kopher-v2g statecharts [--out <dir>]

Writes, for every machine of machines/registry.ts, <dir>/<name>.json (states, transitions with events, guards,
named delays with the standard's values, actions, requirement IDs), <dir>/<name>.svg (the diagram, shared exits
drawn once), <dir>/<name>.scxml (W3C SCXML) and <dir>/<name>.md (a Mermaid stateDiagram-v2), and
<dir>/index.html linking them.

Options:
  --out <dir>  where to write (created if absent); default docs/statecharts
  -h, --help   this text
`;

export async function runStatecharts(argv: readonly string[]): Promise<number> {
  let out: string;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string', default: 'docs/statecharts' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      await writeOut(usage);
      return 0;
    }
    out = values.out;
  } catch (e) {
    return usageFailure('statecharts', usage, e);
  }
  try {
    const files = await statechartFiles(MACHINES);
    await mkdir(out, { recursive: true });
    for (const [name, content] of files) await writeFile(join(out, name), content);
    await writeOut(`${files.size} files written to ${out} (${MACHINES.length} machines)\n`);
    return 0;
  } catch (e) {
    return commandFailure('statecharts', usage, e);
  }
}

/** The name bin/kopher-v2g.ts loads every subcommand by. */
export const run = runStatecharts;
