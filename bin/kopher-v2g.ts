#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { UsageError, usageFailure } from '../cli/errors.js';

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
    'sig',
    {
      summary: 'verify the XML Signature of a signed ISO 15118-2/-20 message (references, signature, signer)',
      load: () => import('../cli/sig.js'),
    },
  ],
  [
    'pki',
    {
      summary: 'write a whole test PKI for a Plug & Charge lab (-2 or -20), or show a certificate\'s role and faults',
      load: () => import('../cli/pki.js'),
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
      summary: 'export every state machine as JSON, SVG, SCXML and Mermaid (the specification artifacts in docs/statecharts)',
      load: () => import('../cli/statecharts.js'),
    },
  ],
]);

const usage = `Usage: kopher-v2g <command> [options]

Commands:
${[...SUBCOMMANDS].map(([name, { summary }]) => `  ${name.padEnd(12)}${summary}`).join('\n')}
  ${'help'.padEnd(12)}this text, or a command's options (kopher-v2g help secc)

Options:
  -h, --help  this text
  --version   the version of kopher-v2g
`;

// A reader that stops early (`| head`) closes the pipe; that ends the output, it is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A subcommand's own run, or `help` for one: every command prints its options for `--help`. */
async function runCommand(name: string, rest: readonly string[]): Promise<number> {
  const command = SUBCOMMANDS.get(name);
  if (command === undefined) return usageFailure('', usage, new UsageError(`unknown command ${JSON.stringify(name)}`));
  const { run } = await command.load();
  return run(rest);
}

async function main(args: readonly string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    process.stderr.write(`kopher-v2g: no command given\n${usage}`);
    return 2;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    process.stdout.write(usage);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`kopher-v2g ${version()}\n`);
    return 0;
  }
  if (first === 'help') {
    if (rest.length > 1) return usageFailure('', usage, new UsageError(`help takes one command, got ${rest.length}`));
    return runCommand(rest[0], ['--help']);
  }
  if (first.startsWith('-')) return usageFailure('', usage, new UsageError(`unknown option ${first}`));
  return runCommand(first, rest);
}

process.exitCode = await main(process.argv.slice(2));
