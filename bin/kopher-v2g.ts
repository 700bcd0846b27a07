#!/usr/bin/env node
import { parseArgs } from 'node:util';

/**
 * Each subcommand is a module `cli/<name>.ts` exporting `run(args): Promise<exitCode>`. It is imported only when
 * asked for, so a quick `exi decode` does not load the session machines and transports of the others.
 */
interface Subcommand {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: readonly string[]): Promise<number> }>;
}

const SUBCOMMANDS: ReadonlyMap<string, Subcommand> = new Map([
  [
    'demo',
    {
      summary: 'a whole charging session, EVCC and SECC over loopback with simulators (DIN, ISO 15118-2 AC/DC)',
      load: () => import('../cli/demo.js'),
    },
  ],
  [
    'evcc',
    {
      summary: 'one charging session of a simulated vehicle against an SECC (SDP, TCP/TLS, DIN or ISO 15118-2)',
      load: () => import('../cli/evcc.js'),
    },
  ],
  [
    'secc',
    {
      summary: 'serve EVs: SDP and V2G servers with a simulated power stage per session, until interrupted',
      load: () => import('../cli/secc.js'),
    },
  ],
  [
    'exi',
    {
      summary: 'decode and encode EXI documents (DIN 70121, ISO 15118-2/-20, AppHand)',
      load: () => import('../cli/exi.js'),
    },
  ],
  [
    'inspect',
    {
      summary: 'open a recorded inspection stream (--record FILE) in the browser inspector',
      load: () => import('../cli/inspect.js'),
    },
  ],
  [
    'decode',
    {
      summary: 'print the decoded message flow of a capture (SLAC, SDP, V2G) as JSON lines',
      load: () => import('../cli/decode.js'),
    },
  ],
  [
    'can',
    {
      summary: 'decode a candump -L log of the vehicle network with a DBC signal matrix, as JSON lines',
      load: () => import('../cli/can.js'),
    },
  ],
  [
    'statecharts',
    {
      summary: 'export every state machine as JSON and SVG (the specification artifacts in docs/statecharts)',
      load: () => import('../cli/statecharts.js'),
    },
  ],
]);

const usage = `Usage: kopher-v2g <command> [options]   (kopher-v2g <command> --help for its options)

Commands:
${[...SUBCOMMANDS].map(([name, { summary }]) => `  ${name.padEnd(12)}${summary}`).join('\n')}
`;

// A reader that stops early (`| head`) closes the pipe; that ends the output, it is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);
// Only the first token matters here: options after the command name belong to the command.
const { tokens } = parseArgs({
  args,
  options: { help: { type: 'boolean', short: 'h' } },
  strict: false,
  allowPositionals: true,
  tokens: true,
});
const first = tokens[0];
const command = first?.kind === 'positional' ? SUBCOMMANDS.get(first.value) : undefined;

if (first?.kind === 'option' && first.name === 'help') {
  process.stdout.write(usage);
} else if (first?.kind === 'positional' && command !== undefined) {
  const { run } = await command.load();
  process.exitCode = await run(args.slice(first.index + 1));
} else {
  const problem = first === undefined ? 'no command given' : `unknown command ${JSON.stringify(args[0])}`;
  process.stderr.write(`kopher-v2g: ${problem}\n${usage}`);
  process.exitCode = 2;
}
