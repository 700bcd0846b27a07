/**
 * The EV's key an ISO 15118-20 contract key is encrypted to, as its OEM provisioning certificate names it, and so the
 * ECDHCurve of the delivery: the certificate's own key where it is on secp521r1 (SECP521); otherwise an X448 key in
 * the certificate's subjectAltPublicKeyInfo extension (ITU-T X.509, OID 2.5.29.72), the "Alternate Subject Public Key"
 * an Ed448 provisioning certificate carries for key agreement [V2G20-2534] (X448).
 * The extension's value has SubjectPublicKeyInfo's syntax (an algorithm and a bit string), so it reads as one.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { Certificate } from 'pkijs';
import { ContractKeyError } from './errors.js';
import type { EcdhCurve } from './iso20.js';

const SUBJECT_ALT_PUBLIC_KEY_INFO = '2.5.29.72';

export interface Iso20AgreementKey {
  readonly curve: EcdhCurve;
  readonly key: KeyObject;
}

/** Undefined where the certificate names no key a -20 delivery can use; a ContractKeyError for unreadable bytes. */
export function iso20AgreementKey(certificateDer: Uint8Array, field: string): Iso20AgreementKey | undefined {
  let certificate: Certificate;
  try {
    certificate = Certificate.fromBER(new Uint8Array(certificateDer));
  } catch (e) {
    throw new ContractKeyError(field, `not an X.509 certificate (${e instanceof Error ? e.message : String(e)})`);
  }
  const own = createPublicKey({ key: Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });
  if (own.asymmetricKeyDetails?.namedCurve === 'secp521r1') return { curve: 'SECP521', key: own };
  const extension = certificate.extensions?.find((e) => e.extnID === SUBJECT_ALT_PUBLIC_KEY_INFO);
  if (extension === undefined) return undefined;
  let alternate: KeyObject;
  try {
    alternate = createPublicKey({ key: Buffer.from(extension.extnValue.valueBlock.valueHexView), format: 'der', type: 'spki' });
  } catch (e) {
    throw new ContractKeyError(`${field} subjectAltPublicKeyInfo`, `not a public key (${e instanceof Error ? e.message : String(e)})`);
  }
  return alternate.asymmetricKeyType === 'x448' ? { curve: 'X448', key: alternate } : undefined;
}
