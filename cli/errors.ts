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
