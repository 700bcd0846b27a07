/**
 * Generating a key pair on the token itself (CKM_EC_KEY_PAIR_GEN): the private key is created sensitive and not
 * extractable, so no one, this process included, can read or wrap it out; the token marks it CKA_ALWAYS_SENSITIVE
 * and CKA_NEVER_EXTRACTABLE, which an auditor can check. This is how an SECC's or a vehicle's key is provisioned
 * into an HSM; the certificate request is then signed through `openTokenSigner`.
 */
import type { KeyObject } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import type { EcCurve } from '../ec-curves.js';
import { describeKey, type TokenConfig } from './config.js';
import { EC_PARAMS, publicKeyOfEcPoint } from './ec-params.js';
import { cryptoki, HsmError } from './errors.js';
import { findObjects, openTokenSession } from './token-session.js';

export interface TokenKeyRequest {
  readonly curve: EcCurve;
  readonly label: string;
  readonly id: Uint8Array;
}

/** The new key's public half. A key with the same label or id already on the token is refused, not shadowed. */
export function generateTokenKeyPair(config: TokenConfig, request: TokenKeyRequest): KeyObject {
  const token = openTokenSession(config, 'read-write');
  const subject = `${token.subject} ${describeKey(request)}`;
  try {
    for (const objectClass of [pkcs11js.CKO_PRIVATE_KEY, pkcs11js.CKO_PUBLIC_KEY]) {
      for (const selector of [{ label: request.label }, { id: request.id }]) {
        if (findObjects(token, subject, objectClass, selector).length > 0) throw new HsmError(subject, `a key with this ${'label' in selector ? 'label' : 'id'} is already on the token`);
      }
    }
    const common: pkcs11js.Template = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: request.label },
      { type: pkcs11js.CKA_ID, value: Buffer.from(request.id) },
    ];
    const keys = cryptoki(subject, 'C_GenerateKeyPair', () =>
      token.pkcs11.C_GenerateKeyPair(
        token.session,
        { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [...common, { type: pkcs11js.CKA_EC_PARAMS, value: EC_PARAMS[request.curve] }, { type: pkcs11js.CKA_VERIFY, value: true }],
        [
          ...common,
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: false },
          { type: pkcs11js.CKA_SIGN, value: true },
        ],
      ),
    );
    const [ecPoint] = cryptoki(subject, 'C_GetAttributeValue', () => token.pkcs11.C_GetAttributeValue(token.session, keys.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]));
    const publicKey = publicKeyOfEcPoint(request.curve, ecPoint!.value);
    if (!publicKey) throw new HsmError(subject, `the generated public key's CKA_EC_POINT is not a ${request.curve} point`);
    return publicKey;
  } finally {
    token.close();
  }
}
