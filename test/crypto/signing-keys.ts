/**
 * Keys and certificates for the XML Signature tests: an ECDSA pair on the curve a standard signs with, a
 * self-signed certificate for it from the project's certificate builder, and the EcdsaSigner over the private key.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { softwareSigner, type EcdsaSigner } from '../../crypto/signer.js';
import type { EcCurve } from '../../crypto/ec-curves.js';
import { issueCertificate } from '../../crypto/x509/certificate-builder.js';
import { generateKeys } from '../../crypto/x509/key-pair.js';
import type { DomainComponent } from '../../crypto/x509/names.js';

export interface SigningKey {
  readonly signer: EcdsaSigner;
  readonly privateKey: KeyObject;
  readonly certificate: X509Certificate;
  readonly der: Uint8Array;
}

export async function signingKey(curve: EcCurve, commonName: string, domainComponent: DomainComponent = 'MO'): Promise<SigningKey> {
  const keys = await generateKeys(curve);
  const now = Date.now();
  const der = await issueCertificate({
    subject: { commonName, organizationName: 'KopherV2G test', countryName: 'DE', domainComponent },
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature'],
    subjectKeys: keys,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
  });
  const { privateKey } = keys;
  return { signer: softwareSigner(privateKey), privateKey, certificate: new X509Certificate(der), der };
}
