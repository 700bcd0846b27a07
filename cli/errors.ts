/** The command line was used wrongly (unknown option, missing argument): the user needs the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input that could not be read or is not what the command takes (unreadable file, text that is not JSON). */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * One line saying what went wrong, for stderr or an `{"error": …}` line. Input is never answered with a stack trace:
 * the codecs' errors already name the field and the offset, and anything else is reported by its name and message.
 */
export function oneLineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}

/** A command line fault: ours (UsageError), or node's parseArgs (unknown option, missing or unwanted value). */
export function isUsageError(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Reports a usage error on stderr as every command does: one line with the reason, one with the command's usage line
 * and where its options are listed. `command` is the subcommand's name ('' for kopher-v2g itself); the exit code is 2.
 */
export function usageFailure(command: string, usage: string, error: unknown): number {
  const name = command ? `kopher-v2g ${command}` : 'kopher-v2g';
  const help = command ? `kopher-v2g help ${command.split(' ')[0]}` : 'kopher-v2g help';
  const usageLine = usage.split('\n')[0];
  process.stderr.write(`${name}: ${oneLineMessage(error)}\n${usageLine}   ('${help}' for more)\n`);
  return 2;
}

/** A failure of the command's run: a usage error found only now (a bad value) is still one (exit 2); else one line, exit 1. */
export function commandFailure(command: string, usage: string, error: unknown): number {
  if (isUsageError(error)) return usageFailure(command, usage, error);
  process.stderr.write(`kopher-v2g ${command}: ${oneLineMessage(error)}\n`);
  return 1;
}
