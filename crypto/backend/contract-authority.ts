/**
 * The mobility operator's side of a certificate provisioning service: issues a contract (a fresh key and its contract
 * leaf, CN = eMAID, under MO Sub-CA 2 with the contract leaf's profile) and records it in the issuing CA's OpenSSL
 * database before the EV receives it, so the responder that answers for MO Sub-CA 2 (`openssl ocsp -index`, which
 * reloads a replaced file) knows it as valid when the SECC asks.
 */
import type { KeyObject } from 'node:crypto';
import { caDatabaseEntryOf, recordInCaDatabase } from '../pki/ca-database.js';
import { issueRole, type Issued } from '../pki/lab-pki.js';
import { keyAlgorithmOf, type KeyAlgorithm } from '../x509/key-pair.js';

export interface ContractAuthorityOptions {
  /** MO Sub-CA 2 with its key: what signs contract leaves. */
  readonly issuer: Issued;
  /** The issuer's own chain as the EV receives it above its leaf (DER): MO Sub-CA 2, MO Sub-CA 1. */
  readonly subCertificates: readonly Uint8Array[];
  /** The responder written into each contract leaf (authorityInfoAccess). */
  readonly ocspUrl?: string;
  /** The issuer's OpenSSL CA database (index.txt); absent: contracts are not recorded. */
  readonly caDatabase?: string;
}

export interface IssuedContract {
  readonly emaid: string;
  /** DER, leaf first, then the Sub-CAs (the root is the EV's). */
  readonly chain: readonly Uint8Array[];
  readonly privateKey: KeyObject;
}

export class ContractAuthority {
  private recording: Promise<void> = Promise.resolve();

  constructor(private readonly options: ContractAuthorityOptions) {}

  /** The key algorithm of the contracts it issues: its own (MO Sub-CA 2's). */
  get keyAlgorithm(): KeyAlgorithm | undefined {
    return keyAlgorithmOf(this.options.issuer.keys.publicKey);
  }

  /** A new contract for `emaid`, with a key on the issuer's curve, valid from `now` for the profile's period. */
  async issue(emaid: string, now: Date): Promise<IssuedContract> {
    const { issuer, subCertificates, ocspUrl, caDatabase } = this.options;
    const { keyAlgorithm } = this;
    if (keyAlgorithm === undefined) throw new RangeError('the contract issuer\'s key is none of P-256, P-521, Ed448');
    const leaf = await issueRole('contractLeaf', { commonName: emaid, issuer, keyAlgorithm, now, ...(ocspUrl ? { ocspUrl } : {}) });
    if (!('privateKey' in leaf.keys)) throw new RangeError('a contract key is generated in this process');
    if (caDatabase) {
      // One record at a time: each rewrites the file from what the last one left.
      const recorded = this.recording.then(() => recordInCaDatabase(caDatabase, caDatabaseEntryOf(leaf.certificate.der)));
      this.recording = recorded.catch(() => undefined);
      await recorded;
    }
    return { emaid, chain: [leaf.certificate.der, ...subCertificates], privateKey: leaf.keys.privateKey };
  }
}
