/**
 * ISO 15118-20 CertificateInstallation as the certificate provisioning service answers it: the EV's request is
 * checked (its signature over OEMProvisioningCertificateChain by the OEM provisioning key, that chain to an OEM root
 * and not revoked, a V2G root the EV trusts, a contract for the vehicle's PCID), a contract is issued, its key
 * encrypted to the EV's agreement key (AES-256-GCM with the PCID and the contract's SKI as associated data
 * [V2G20-2492]) and the Res signed by the CPS leaf over SignedInstallationData. The EV asks for the curve with its
 * certificate: a secp521r1 provisioning key gets ECDHCurve SECP521, an X448 alternate key (an Ed448 certificate's)
 * X448 (contract-key/agreement-key.ts).
 *
 * Decided where the standard left it open to us: one contract chain per request (RemainingContractCertificateChains
 * 0) whatever MaximumContractCertificateChains allows; PrioritizedEMAIDs is not consulted, the service knowing one
 * contract per vehicle; a certificate naming neither key, or a curve whose field cannot carry the contract key the
 * authority issues (an Ed448 contract's 57-byte key in X448_EncryptedPrivateKey's 56 bytes), is refused with
 * WARNING_CertificateValidationError: nothing else the -20 codes offer says "no delivery to this key".
 */
import { decode, encode } from '../../codecs/exi/index.js';
import type { CertificateInstallationReqType, CertificateInstallationResType } from '../../codecs/exi/generated/iso20-common.types.js';
import type { responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import { ContractKeyError, encryptContractKeyIso20, iso20AgreementKey, type EcdhCurve, type Iso20AgreementKey } from '../contract-key/index.js';
import { subjectKeyIdentifierOf } from '../x509/certificate-info.js';
import { signMessage } from '../xmldsig/index.js';
import type { KeyAlgorithm } from '../x509/key-pair.js';
import type { Get15118EvCertificateResponse } from './contract-backend.js';
import { base64, certificate, chainElement, checkEvChain, checkSignature, checkTrustedRoot, contractForVehicle, ProvisioningRefusal, type ProvisioningConfig, type ProvisioningFailure } from './provisioning.js';

type Request = { CertificateInstallationReq: CertificateInstallationReqType };

/** The -20 codes for the -2 names the checks refuse with: -20 answers a certificate problem with a WARNING. */
const CODES: Readonly<Record<ProvisioningFailure, responseCodeType>> = {
  FAILED_SignatureError: 'FAILED_SignatureError',
  FAILED_CertChainError: 'WARNING_CertificateValidationError',
  FAILED_CertificateExpired: 'WARNING_CertificateExpired',
  FAILED_CertificateRevoked: 'WARNING_CertificateRevoked',
  FAILED_NoCertificateAvailable: 'WARNING_NoCertificateAvailable',
  FAILED_ContractCanceled: 'WARNING_GeneralPnCAuthorizationError',
};
/**
 * The contract key each curve's field carries: SECP521's 66 bytes a P-521 key; X448's 56 bytes an X448 key, which no
 * contract authority here issues (an Ed448 contract's RFC 8032 key is 57 bytes), so an EV asking for X448 is refused.
 */
const CONTRACT_KEY_ALGORITHM: Readonly<Record<EcdhCurve, KeyAlgorithm | undefined>> = { SECP521: 'P-521', X448: undefined };
const SIGNED_ID = 'id1';
/** DHPublicKeyType and SECP521_EncryptedPrivateKeyType have fixed lengths; a refusal fills them with zeros. */
const DH_PUBLIC_KEY_BYTES = 133;
const SECP521_ENCRYPTED_KEY_BYTES = 94;

export async function provisionIso20(exi: Uint8Array, config: ProvisioningConfig, signal: AbortSignal): Promise<Get15118EvCertificateResponse> {
  let document: Request;
  try {
    document = decode('iso20-common', exi, { lenient: true }) as Request;
  } catch {
    return { status: 'Failed', exiResponse: '' };
  }
  const req = document.CertificateInstallationReq;
  if (!req) return { status: 'Failed', exiResponse: '' };
  const Header = { SessionID: req.Header.SessionID, TimeStamp: BigInt(Math.floor(config.now().getTime() / 1000)) };
  const cpsChain = chainElement(config.saProvisioningChain);
  try {
    const res: CertificateInstallationResType = {
      Header,
      ResponseCode: 'OK',
      EVSEProcessing: 'Finished',
      CPSCertificateChain: cpsChain,
      SignedInstallationData: await install(document, config, signal),
      RemainingContractCertificateChains: 0,
    };
    const signed = await signMessage('iso20-common', { CertificateInstallationRes: res }, config.saProvisioningSigner);
    return { status: 'Accepted', exiResponse: base64(encode('iso20-common', signed)) };
  } catch (e) {
    if (!(e instanceof ProvisioningRefusal)) throw e;
    const failed: CertificateInstallationResType = {
      Header,
      ResponseCode: e.iso20Code ?? CODES[e.code],
      EVSEProcessing: 'Finished',
      CPSCertificateChain: cpsChain,
      SignedInstallationData: {
        '@Id': SIGNED_ID,
        ContractCertificateChain: { Certificate: new Uint8Array(0), SubCertificates: { Certificate: [new Uint8Array(0)] } },
        ECDHCurve: 'SECP521',
        DHPublicKey: new Uint8Array(DH_PUBLIC_KEY_BYTES),
        SECP521_EncryptedPrivateKey: new Uint8Array(SECP521_ENCRYPTED_KEY_BYTES),
      },
      RemainingContractCertificateChains: 0,
    };
    return { status: 'Failed', exiResponse: base64(encode('iso20-common', { CertificateInstallationRes: failed })) };
  }
}

async function install(document: Request, config: ProvisioningConfig, signal: AbortSignal): Promise<CertificateInstallationResType['SignedInstallationData']> {
  const req = document.CertificateInstallationReq;
  const chain = [req.OEMProvisioningCertificateChain.Certificate, ...(req.OEMProvisioningCertificateChain.SubCertificates?.Certificate ?? [])];
  const oem = certificate(chain[0]!, 'OEMProvisioningCertificateChain/Certificate');
  checkSignature('iso20-common', document, oem);
  await checkEvChain('iso20', chain, config.oemRoots, config.oemSubCas, config, signal);
  checkTrustedRoot(req.ListOfRootCertificateIDs.RootCertificateID, config);
  const { pcid, emaid } = contractForVehicle(oem, config);
  const agreement = agreementKeyOf(chain[0]!);
  if (agreement === undefined) {
    throw new ProvisioningRefusal('FAILED_CertChainError', `the OEM provisioning key is ${oem.publicKey.asymmetricKeyType} with no X448 alternate key: no ECDHCurve to deliver a contract key with`);
  }
  // Checked before a contract is issued, so none is recorded that no EV can receive.
  const carried = CONTRACT_KEY_ALGORITHM[agreement.curve];
  if (carried === undefined || config.authority.keyAlgorithm !== carried) {
    throw new ProvisioningRefusal('FAILED_CertChainError', `the EV asks for ECDHCurve ${agreement.curve}, whose field carries no ${config.authority.keyAlgorithm ?? 'unknown'} contract key`);
  }
  const contract = await config.authority.issue(emaid, config.now());
  const [leaf, ...subCas] = contract.chain;
  const encrypted = encryptContractKeyIso20({ curve: agreement.curve, receiver: agreement.key, contractKey: contract.privateKey, pcid, contractSki: contractSki(leaf!) });
  return {
    '@Id': SIGNED_ID,
    ContractCertificateChain: { Certificate: leaf!, SubCertificates: { Certificate: subCas } },
    ECDHCurve: encrypted.ecdhCurve,
    DHPublicKey: encrypted.dhPublicKey,
    ...(encrypted.ecdhCurve === 'SECP521' ? { SECP521_EncryptedPrivateKey: encrypted.encryptedPrivateKey } : { X448_EncryptedPrivateKey: encrypted.encryptedPrivateKey }),
  };
}

/** An unreadable subjectAltPublicKeyInfo is the EV's certificate at fault, not the service. */
function agreementKeyOf(der: Uint8Array): Iso20AgreementKey | undefined {
  try {
    return iso20AgreementKey(der, 'OEMProvisioningCertificateChain/Certificate');
  } catch (e) {
    if (e instanceof ContractKeyError) throw new ProvisioningRefusal('FAILED_CertChainError', e.message);
    throw e;
  }
}

function contractSki(der: Uint8Array): Uint8Array {
  const ski = subjectKeyIdentifierOf(der, 'contract leaf');
  if (!ski) throw new RangeError('the contract authority issued a leaf without subjectKeyIdentifier');
  return ski;
}
