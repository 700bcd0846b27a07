/**
 * The exception the crypto module raises for bad input: a PEM that is not one, a PKI folder with a missing or
 * malformed file. It names what was being read (`subject`: a file path or a PEM label) and why, so an operator can
 * fix the file instead of reading a stack trace.
 */
export class PkiError extends Error {
  override readonly name = 'PkiError';

  constructor(
    readonly subject: string,
    readonly reason: string,
  ) {
    super(`${subject}: ${reason}`);
  }
}
