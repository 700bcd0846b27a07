/**
 * `--verbose`, shared by `demo`, `evcc` and `secc`: the stack's log lines on stderr. A channel's end
 * (`channel closed: …`) is routine, and the session's outcome line already says how it ended, so it is shown only
 * when asked for; every other line (a refused handshake, a frame dropped, a message not sent) always is.
 */
import { writeErr } from './io.js';

export const VERBOSE_OPTION = { verbose: { type: 'boolean', short: 'v', default: false } } as const;

export const VERBOSE_USAGE = '  -v, --verbose     also the routine lines of the stack on stderr (each V2G channel\'s end)';

const ROUTINE = /^channel closed: /;

export function stackLog(verbose: boolean): (line: string) => void {
  return (line) => {
    if (verbose || !ROUTINE.test(line)) writeErr(`${line}\n`);
  };
}
