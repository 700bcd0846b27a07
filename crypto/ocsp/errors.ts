/**
 * The exception of the OCSP client: `where` names the part that failed, an ASN.1 structure with its field
 * (`BasicOCSPResponse.signature`, `SingleResponse.nextUpdate`) or a step of the exchange (`HTTP POST http://…`),
 * and `reason` says what was wrong with it, so a bad responder can be told apart from a bad certificate.
 */
export class OcspError extends Error {
  override readonly name = 'OcspError';

  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}
