/**
 * The exception of the PKCS#11 layer: it names the token and the object or step that failed (`subject`, e.g.
 * `token "kopher" key label "secc"`) and the reason, with the Cryptoki return value's name where the module gave one
 * (`CKR_PIN_INCORRECT`). It never carries the PIN, which is read from its source only at login.
 */
export class HsmError extends Error {
  override readonly name = 'HsmError';

  constructor(
    readonly subject: string,
    readonly reason: string,
    /** The Cryptoki return value (CKR_*) that caused it, where the module returned one. */
    readonly ckr?: string,
  ) {
    super(`${subject}: ${reason}`);
  }
}

/** pkcs11js reports a failed call as an Error whose message starts with the CKR_ name. */
export function ckrName(error: unknown): string | undefined {
  return error instanceof Error ? /^(CKR_[A-Z_]+)/.exec(error.message)?.[1] : undefined;
}

/** Runs a Cryptoki call and turns its failure into an HsmError about `subject`. */
export function cryptoki<T>(subject: string, step: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw asHsmError(subject, step, error);
  }
}

export function asHsmError(subject: string, step: string, error: unknown): HsmError {
  if (error instanceof HsmError) return error;
  const ckr = ckrName(error);
  return new HsmError(subject, `${step} failed: ${ckr ?? (error instanceof Error ? error.message : String(error))}`, ckr);
}
