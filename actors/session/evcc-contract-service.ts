/**
 * What answers a -20 EVCC's Plug & Charge commands (machines/iso20/evcc/iso20-evcc-pnc.ts) with the vehicle's keys,
 * which never enter the machine: `contract.sign` signs the request's signed element with the contract key (from the
 * contract store) or the OEM provisioning key, each an `EcdsaSigner` (a token key signs alike); `contract.install`
 * checks a CertificateInstallationRes the way the EV must before it trusts it (the CPS chain to a V2G root the vehicle
 * trusts, the signature over SignedInstallationData [V2G20-2504], the contract chain's key usage as the standard's
 * profile wants it) and decrypts the contract key with the OEM provisioning key, then saves the contract.
 * The decryption is ECDH with the provisioning key, done here in memory: a token's ECDH (CKM_ECDH1_DERIVE) is not
 * built, so that key is a KeyObject, while its signatures may come from a token.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { CertificateInstallationResType } from '../../codecs/exi/generated/iso20-common.types.js';
import type { SignatureType, X509IssuerSerialType } from '../../codecs/exi/generated/xmldsig.types.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { verifyCertificateChain } from '../../crypto/backend/contract-chain.js';
import { decryptContractKeyIso20 } from '../../crypto/contract-key/iso20.js';
import type { ContractStore } from '../../crypto/contract-store/contract-store.js';
import type { EcdsaSigner } from '../../crypto/signer.js';
import { readCertificate, subjectKeyIdentifierOf } from '../../crypto/x509/certificate-info.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import { verifyMessage } from '../../crypto/xmldsig/verify.js';
import type { Iso20EvccPnc } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';

export interface EvccContractServiceOptions {
  readonly store: ContractStore;
  /** The vehicle's OEM provisioning chain (DER, leaf first), its signer, and its key for the contract key's ECDH. */
  readonly provisioning?: { readonly chain: readonly Uint8Array[]; readonly signer: EcdsaSigner; readonly key: KeyObject };
  /** DER of the V2G roots the vehicle trusts: a CertificateInstallationRes must be signed under one. */
  readonly v2gRoots: readonly Uint8Array[];
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
  const { store, provisioning, v2gRoots } = options;
  const now = (): Date => new Date((options.now ?? Date.now)());
  const signerOf = async (key: 'contract' | 'provisioning'): Promise<EcdsaSigner> => {
    if (key === 'provisioning') {
      if (provisioning === undefined) throw new Error('the vehicle has no OEM provisioning key');
      return provisioning.signer;
    }
    const contract = await store.current();
    if (contract === undefined) throw new Error('the vehicle has no contract');
    return contract.signer;
  };
  return {
    async sign(document, key) {
      const signed = await signMessage('iso20-common', document.document, await signerOf(key));
      const element = Object.values(signed)[0] as { readonly Header: { readonly Signature?: SignatureType } };
      return element.Header.Signature!;
    },
    async install(response) {
      if (provisioning === undefined) throw new Error('the vehicle has no OEM provisioning key');
      const at = now();
      const cps = [response.CPSCertificateChain.Certificate, ...(response.CPSCertificateChain.SubCertificates?.Certificate ?? [])];
      const cpsChain = verifyCertificateChain(cps, v2gRoots, at, 'iso20');
      if (!cpsChain.ok) throw new Error(`CertificateInstallationRes: the CPS chain does not verify (${cpsChain.reason})`);
      const verified = verifyMessage('iso20-common', { CertificateInstallationRes: response }, new X509Certificate(cps[0]!));
      if (!verified.verified || verified.unsigned.length > 0) throw new Error('CertificateInstallationRes: SignedInstallationData is not signed by the CPS leaf');
      const data = response.SignedInstallationData;
      const chain = [data.ContractCertificateChain.Certificate, ...data.ContractCertificateChain.SubCertificates.Certificate];
      const encrypted = data.ECDHCurve === 'SECP521' ? data.SECP521_EncryptedPrivateKey : data.X448_EncryptedPrivateKey;
      if (encrypted === undefined) throw new Error(`CertificateInstallationRes: no encrypted key for ${data.ECDHCurve}`);
      const pcid = readCertificate(provisioning.chain[0]!, 'OEM provisioning leaf').commonName ?? '';
      const contractSki = subjectKeyIdentifierOf(chain[0]!, 'contract leaf');
      if (contractSki === undefined) throw new Error('CertificateInstallationRes: the contract leaf has no subject key identifier');
      const key = decryptContractKeyIso20({
        curve: data.ECDHCurve,
        receiver: provisioning.key,
        dhPublicKey: data.DHPublicKey,
        encryptedPrivateKey: encrypted,
        pcid,
        contractSki,
        contractPublicKey: new X509Certificate(chain[0]!).publicKey,
      });
      if (!('asymmetricKeyType' in key)) throw new Error('CertificateInstallationRes: an X448 contract key signs nothing the EV can use here');
      return (await store.save({ chain, key })).chain;
    },
    async pncInput() {
      const contract = await store.current();
      return {
        ...(contract === undefined ? {} : { contractChain: contract.chain }),
        ...(provisioning === undefined ? {} : { provisioningChain: provisioning.chain }),
        rootCertificateIds: v2gRoots.map(rootCertificateId),
      };
    },
  };
}
