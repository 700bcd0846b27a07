/**
 * ISO 15118-2 CertificateInstallation and CertificateUpdate as the certificate provisioning service answers them
 * (7.9.2.4, 8.4.3.11/12): the EV's request is checked (its signature by the OEM provisioning key or the old contract
 * key, that chain to an OEM or MO root and not revoked, a contract for the vehicle or the eMAID still in force, a V2G
 * root the EV trusts), a contract is issued, its private key encrypted to the EV's key [V2G2-818] (the OEM
 * provisioning certificate's for an installation [V2G2-820], the old contract's for an update [V2G2-821]), and the
 * Res is signed by the SA provisioning leaf over its four Id'd elements.
 */
import { X509Certificate } from 'node:crypto';
import { decode, encode } from '../../codecs/exi/index.js';
import type { CertificateChainType, CertificateInstallationResType, responseCodeType, V2G_MessageType } from '../../codecs/exi/generated/iso2.types.js';
import { encryptContractKeyIso2 } from '../contract-key/index.js';
import { signMessage } from '../xmldsig/index.js';
import type { Get15118EvCertificateResponse } from './contract-backend.js';
import { normalizeEmaid } from './contract-chain.js';
import { base64, certificate, chainElement, checkEvChain, checkSignature, checkTrustedRoot, commonName, contractForVehicle, ProvisioningRefusal, type ProvisioningConfig } from './provisioning.js';

type Iso2Document = { V2G_Message: V2G_MessageType };
type Action = 'Install' | 'Update';

const REQUEST: Readonly<Record<Action, 'CertificateInstallationReq' | 'CertificateUpdateReq'>> = { Install: 'CertificateInstallationReq', Update: 'CertificateUpdateReq' };
const RESPONSE: Readonly<Record<Action, 'CertificateInstallationRes' | 'CertificateUpdateRes'>> = { Install: 'CertificateInstallationRes', Update: 'CertificateUpdateRes' };
/** The four signed elements' Ids; any NCNames unique in the message do. */
const IDS = { chain: 'id1', key: 'id2', dh: 'id3', emaid: 'id4' } as const;
/** eMAIDType has 14 or 15 characters, so a FAILED response needs one; it names no contract. */
const NO_EMAID = 'ZZ000000000000';

export async function provisionIso2(action: Action, exi: Uint8Array, config: ProvisioningConfig, signal: AbortSignal): Promise<Get15118EvCertificateResponse> {
  let document: Iso2Document;
  try {
    document = decode('iso2', exi, { lenient: true }) as Iso2Document;
  } catch {
    return { status: 'Failed', exiResponse: '' };
  }
  const { Header, Body } = document.V2G_Message;
  const request = Body[REQUEST[action]];
  if (!request) return { status: 'Failed', exiResponse: '' };
  const saChain = chainElement(config.saProvisioningChain);
  try {
    const res = action === 'Install' ? await install(document, config, signal) : await update(document, config, signal);
    const signed = await signMessage('iso2', { V2G_Message: { Header: { SessionID: Header.SessionID }, Body: { [RESPONSE[action]]: { ...res, SAProvisioningCertificateChain: saChain } } } }, config.saProvisioningSigner);
    return { status: 'Accepted', exiResponse: base64(encode('iso2', signed)) };
  } catch (e) {
    if (!(e instanceof ProvisioningRefusal)) throw e;
    const failed = failedResponse(e.code, saChain);
    return { status: 'Failed', exiResponse: base64(encode('iso2', { V2G_Message: { Header: { SessionID: Header.SessionID }, Body: { [RESPONSE[action]]: failed } } })) };
  }
}

type SignedParts = Omit<CertificateInstallationResType, 'SAProvisioningCertificateChain'>;

async function install(document: Iso2Document, config: ProvisioningConfig, signal: AbortSignal): Promise<SignedParts> {
  const req = document.V2G_Message.Body.CertificateInstallationReq!;
  const oem = certificate(req.OEMProvisioningCert, 'OEMProvisioningCert');
  checkSignature('iso2', document, oem);
  await checkEvChain('iso2', [req.OEMProvisioningCert], config.oemRoots, config.oemSubCas, config, signal);
  checkTrustedRoot(req.ListOfRootCertificateIDs.RootCertificateID, config);
  return issue(contractForVehicle(oem, config).emaid, oem, config);
}

async function update(document: Iso2Document, config: ProvisioningConfig, signal: AbortSignal): Promise<SignedParts> {
  const req = document.V2G_Message.Body.CertificateUpdateReq!;
  const chain = chainOf(req.ContractSignatureCertChain);
  const old = certificate(chain[0]!, 'ContractSignatureCertChain/Certificate');
  checkSignature('iso2', document, old);
  await checkEvChain('iso2', chain, config.moRoots, [], config, signal);
  checkTrustedRoot(req.ListOfRootCertificateIDs.RootCertificateID, config);
  const emaid = normalizeEmaid(commonName(old) ?? '');
  if (normalizeEmaid(req.eMAID) !== emaid) throw new ProvisioningRefusal('FAILED_CertChainError', `eMAID ${req.eMAID} is not the contract certificate's (${emaid})`);
  if (!config.contractActive(emaid)) throw new ProvisioningRefusal('FAILED_ContractCanceled', `the contract ${emaid} is not in force`);
  return issue(emaid, old, config);
}

/** A new contract for `emaid`, its key encrypted to `receiver`'s public key. */
async function issue(emaid: string, receiver: X509Certificate, config: ProvisioningConfig): Promise<SignedParts> {
  const contract = await config.authority.issue(emaid, config.now());
  const encrypted = encryptContractKeyIso2({ receiver: receiver.publicKey, contractKey: contract.privateKey });
  return {
    ResponseCode: 'OK',
    ContractSignatureCertChain: { '@Id': IDS.chain, ...chainElement(contract.chain) },
    ContractSignatureEncryptedPrivateKey: { '@Id': IDS.key, '#text': encrypted.encryptedPrivateKey },
    DHpublickey: { '@Id': IDS.dh, '#text': encrypted.dhPublicKey },
    eMAID: { '@Id': IDS.emaid, '#text': normalizeEmaid(emaid) },
  };
}

const chainOf = (chain: CertificateChainType): Uint8Array[] => [chain.Certificate, ...(chain.SubCertificates?.Certificate ?? [])];

/** The Res of a refused request: the code, the SA chain and only the mandatory fields, unsigned [V2G2-538]. */
function failedResponse(code: responseCodeType, saChain: CertificateChainType): CertificateInstallationResType {
  const none = new Uint8Array(0);
  return {
    ResponseCode: code,
    SAProvisioningCertificateChain: saChain,
    ContractSignatureCertChain: { '@Id': IDS.chain, Certificate: none },
    ContractSignatureEncryptedPrivateKey: { '@Id': IDS.key, '#text': none },
    DHpublickey: { '@Id': IDS.dh, '#text': none },
    eMAID: { '@Id': IDS.emaid, '#text': NO_EMAID },
  };
}

