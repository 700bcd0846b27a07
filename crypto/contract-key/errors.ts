/**
 * Why a delivered contract private key cannot be used: a field of the wrong length, a public key that is not a point
 * of the curve, a decryption that fails, or a key that does not belong to the contract certificate. `field` names the
 * message field (or key) at fault.
 */
export class ContractKeyError extends Error {
  override readonly name = 'ContractKeyError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
