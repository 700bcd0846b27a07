/**
 * What the Plug & Charge refusal tests share: an MO branch whose contract is not valid yet (a root and Sub-CAs valid
 * now, the leaf's notBefore two days ahead), and a contract signer that spoils every signature it makes, so the EV's
 * request leaves with a SignatureValue its contract certificate does not verify.
 */
import { issueRole, type KeyAlgorithm } from '../../crypto/index.js';
import type { EcdsaSigner } from '../../crypto/signer.js';

const DAY_MS = 86_400_000;

export interface FutureContract {
  readonly moRoot: Uint8Array;
  /** Leaf first, then Sub-CA 2 and Sub-CA 1. */
  readonly chain: readonly Uint8Array[];
  readonly keyPem: string;
}

export async function notYetValidContract(keyAlgorithm: KeyAlgorithm, emaid: string, now = new Date()): Promise<FutureContract> {
  const root = await issueRole('moRootCa', { commonName: 'FutureMORootCA', keyAlgorithm, now });
  const subCa1 = await issueRole('moSubCa1', { commonName: 'FutureMOSubCA1', keyAlgorithm, now, issuer: root });
  const subCa2 = await issueRole('moSubCa2', { commonName: 'FutureMOSubCA2', keyAlgorithm, now, issuer: subCa1 });
  const leaf = await issueRole('contractLeaf', { commonName: emaid, keyAlgorithm, now: new Date(now.getTime() + 2 * DAY_MS), issuer: subCa2 });
  return { moRoot: root.certificate.der, chain: [leaf.certificate.der, subCa2.certificate.der, subCa1.certificate.der], keyPem: leaf.certificate.privateKeyPem };
}

/** Signs with `signer`, then flips one bit of r: a well-formed SignatureValue that no longer verifies. */
export function tamperingSigner(signer: EcdsaSigner): EcdsaSigner {
  return {
    curve: signer.curve,
    async sign(data, hash) {
      const signature = await signer.sign(data, hash);
      signature[0] = signature[0]! ^ 0x01;
      return signature;
    },
  };
}
