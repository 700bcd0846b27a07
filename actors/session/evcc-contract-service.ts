/**
 * What answers a -20 EVCC's Plug & Charge commands (machines/iso20/evcc/iso20-evcc-pnc.ts) with the vehicle's contract
 * store (crypto/contract-store, shared with ISO 15118-2), whose keys never enter the machine: `contract.sign` signs
 * the request's signed element with the contract key or the OEM provisioning key, each an `EcdsaSigner` (a token key
 * signs alike); `contract.install` checks a CertificateInstallationRes the way the EV must before it trusts it (the
 * CPS chain to a V2G root the vehicle trusts, the signature over SignedInstallationData [V2G20-2504]), decrypts the
 * contract key with the store's agreement key (ECDH, in this process) and installs the contract in the store. The
 * branch on ECDHCurve: SECP521 decrypts a P-521 contract key; X448 a 56-byte X448 key, checked to be the contract
 * certificate's [V2G20-2507], which signs nothing, so such a contract is refused before it replaces the one held.
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateInstallationResType } from '../../codecs/exi/generated/iso20-common.types.js';
import type { SignatureType, X509IssuerSerialType } from '../../codecs/exi/generated/xmldsig.types.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { verifyCertificateChain } from '../../crypto/backend/contract-chain.js';
import { decryptContractKeyIso20 } from '../../crypto/contract-key/iso20.js';
import type { EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import type { EcdsaSigner } from '../../crypto/signer.js';
import { readCertificate, subjectKeyIdentifierOf } from '../../crypto/x509/certificate-info.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import { verifyMessage } from '../../crypto/xmldsig/verify.js';
import type { Iso20EvccPnc } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';

export interface EvccContractServiceOptions {
  readonly store: EvContractStore;
  /**
   * The OEM Sub-CAs above the provisioning certificate (DER, Sub-CA 2 first), sent with it in CertificateInstallationReq;
   * absent: the certificate alone (SubCertificates is optional), the provisioning service completing the chain.
   */
  readonly provisioningSubCas?: readonly Uint8Array[];
  /** Installing a contract is allowed (CertificateInstallation when none is held); default true. */
  readonly install?: boolean;
  /** ms since the epoch: when the certificates must be valid; default Date.now. */
  readonly now?: () => number;
}

export interface EvccContractService {
  sign(document: V2gDocument<'iso20-common'>, key: 'contract' | 'provisioning'): Promise<SignatureType>;
  /** The installed contract's chain; rejects, naming why, with a response the EV must not use. */
  install(response: CertificateInstallationResType): Promise<readonly Uint8Array[]>;
  /** What the session machine is told of the vehicle's certificates at its start. */
  pncInput(): Promise<Iso20EvccPnc>;
}

/** The -20 X509IssuerSerial of a root: its name (RFC 4514 order) and serial. */
export function rootCertificateId(der: Uint8Array): X509IssuerSerialType {
  const root = new X509Certificate(der);
  return { X509IssuerName: root.issuer.split('\n').reverse().join(','), X509SerialNumber: BigInt(`0x${root.serialNumber}`) };
}

export function evccContractService(options: EvccContractServiceOptions): EvccContractService {
  const { store } = options;
  const now = (): Date => new Date((options.now ?? Date.now)());
  const signerOf = (key: 'contract' | 'provisioning'): EcdsaSigner => {
    if (key === 'provisioning') return store.provisioning.signer;
    const signer = store.contractSigner();
    if (signer === undefined) throw new Error('the vehicle has no contract');
    return signer;
  };
  return {
    async sign(document, key) {
      const signed = await signMessage('iso20-common', document.document, signerOf(key));
      const element = Object.values(signed)[0] as { readonly Header: { readonly Signature?: SignatureType } };
      return element.Header.Signature!;
    },
    async install(response) {
      const receiver = store.agreementKey('Install');
      if (receiver === undefined) throw new Error('the vehicle has no OEM provisioning key to receive a contract with');
      const at = now();
      const cps = [response.CPSCertificateChain.Certificate, ...(response.CPSCertificateChain.SubCertificates?.Certificate ?? [])];
      const cpsChain = verifyCertificateChain(cps, store.v2gRoots, at, 'iso20');
      if (!cpsChain.ok) throw new Error(`CertificateInstallationRes: the CPS chain does not verify (${cpsChain.reason})`);
      const verified = verifyMessage('iso20-common', { CertificateInstallationRes: response }, new X509Certificate(cps[0]!));
      if (!verified.verified || verified.unsigned.length > 0) throw new Error('CertificateInstallationRes: SignedInstallationData is not signed by the CPS leaf');
      const data = response.SignedInstallationData;
      const chain = [data.ContractCertificateChain.Certificate, ...data.ContractCertificateChain.SubCertificates.Certificate];
      const encrypted = data.ECDHCurve === 'SECP521' ? data.SECP521_EncryptedPrivateKey : data.X448_EncryptedPrivateKey;
      if (encrypted === undefined) throw new Error(`CertificateInstallationRes: no encrypted key for ${data.ECDHCurve}`);
      const pcid = readCertificate(store.provisioning.certificate, 'OEM provisioning leaf').commonName ?? '';
      const contractSki = subjectKeyIdentifierOf(chain[0]!, 'contract leaf');
      if (contractSki === undefined) throw new Error('CertificateInstallationRes: the contract leaf has no subject key identifier');
      const key = decryptContractKeyIso20({
        curve: data.ECDHCurve,
        receiver,
        dhPublicKey: data.DHPublicKey,
        encryptedPrivateKey: encrypted,
        pcid,
        contractSki,
        contractPublicKey: new X509Certificate(chain[0]!).publicKey,
      });
      if (!('asymmetricKeyType' in key) || key.asymmetricKeyType === 'x448') {
        throw new Error(`CertificateInstallationRes: the ${data.ECDHCurve} contract key decrypted and belongs to the contract, but an X448 key cannot sign AuthorizationReq`);
      }
      const emaid = readCertificate(chain[0]!, 'contract leaf').commonName;
      if (emaid === undefined) throw new Error('CertificateInstallationRes: the contract leaf names no eMAID');
      await store.install({ emaid, chain }, key);
      return chain;
    },
    pncInput() {
      const contract = store.contract();
      return Promise.resolve({
        ...(contract === undefined ? {} : { contractChain: contract.chain }),
        ...(options.install === false ? {} : { provisioningChain: [store.provisioning.certificate, ...(options.provisioningSubCas ?? [])] }),
        rootCertificateIds: store.v2gRoots.map(rootCertificateId),
      });
    },
  };
}
