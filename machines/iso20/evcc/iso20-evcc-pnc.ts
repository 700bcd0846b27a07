/**
 * Plug & Charge as the -20 EVCC does it. The vehicle uses PnC where the station offers it and it either holds a
 * contract or can have one installed (its OEM provisioning chain, the station's CertificateInstallationService);
 * otherwise EIM where offered. The keys never enter the machine: it asks the runner to sign (`contract.sign`, the
 * contract key for AuthorizationReq, the OEM provisioning key for CertificateInstallationReq; an `EcdsaSigner`, so a
 * key on a token signs alike) and to decrypt and store an installed contract (`contract.install`), and goes on with
 * the Signature or the new chain the runner sends back. The signature covers the signed element alone, not the
 * Header, so a request sent again after EVSEProcessing Ongoing carries the same one.
 */
import type {
  AuthorizationSetupResType,
  CertificateInstallationResType,
  PnC_AReqAuthorizationModeType,
  SignedCertificateChainType,
} from '../../../codecs/exi/generated/iso20-common.types.js';
import type { X509IssuerSerialType } from '../../../codecs/exi/generated/xmldsig.types.js';
import type { SignatureType } from '../../../codecs/exi/generated/xmldsig.types.js';
import { v2gDocument, type V2gDocument } from '../../../codecs/exi/v2g-document.js';
import type { MessageContext } from '../iso20-header.js';
import { headerOf } from '../iso20-header.js';
import { authorizationReq } from '../iso20-setup-messages.js';

/** What the vehicle holds for Plug & Charge (certificates only: their keys stay with the runner's signers). */
export interface Iso20EvccPnc {
  /** The installed contract's chain, DER, leaf first; absent: none installed. */
  readonly contractChain?: readonly Uint8Array[];
  /** The OEM provisioning chain, DER, leaf first (its CN the PCID): what CertificateInstallation installs for. */
  readonly provisioningChain?: readonly Uint8Array[];
  /** The V2G roots the vehicle trusts (ListOfRootCertificateIDs): the provisioning service signs under one of them. */
  readonly rootCertificateIds: readonly X509IssuerSerialType[];
}

/** How the EV authorizes after AuthorizationSetupRes: PnC with its contract, PnC after installing one, or EIM. */
export type AuthorizationChoice = 'PnC' | 'Install' | 'EIM';

/** The EV's choice among what the station offers; undefined: nothing it can use. */
export function authorizationChoice(input: { readonly authorization: 'EIM' | 'PnC'; readonly pnc?: Iso20EvccPnc }, res: AuthorizationSetupResType): AuthorizationChoice | undefined {
  const offers = (service: 'EIM' | 'PnC') => res.AuthorizationServices.includes(service);
  const pnc = input.pnc;
  if (input.authorization === 'PnC' && pnc !== undefined && offers('PnC') && res.PnC_ASResAuthorizationMode !== undefined) {
    if (pnc.contractChain !== undefined) return 'PnC';
    if (pnc.provisioningChain !== undefined && res.CertificateInstallationService) return 'Install';
  }
  return offers('EIM') ? 'EIM' : undefined;
}

/** The runner signs `document` (its standard's elements) with the vehicle's contract or OEM provisioning key. */
export type ContractSignEvent = { readonly type: 'contract.sign'; readonly key: 'contract' | 'provisioning'; readonly document: V2gDocument<'iso20-common'> };
/** The runner decrypts the contract key of a CertificateInstallationRes and stores the contract. */
export type ContractInstallEvent = { readonly type: 'contract.install'; readonly response: CertificateInstallationResType };
export type Iso20PncCommand = ContractSignEvent | ContractInstallEvent;

export type Iso20PncEvent =
  | { readonly type: 'contract.signed'; readonly signature: SignatureType }
  | { readonly type: 'contract.installed'; readonly chain: readonly Uint8Array[] }
  | { readonly type: 'contract.failed'; readonly reason: string };

function chainElement(chain: readonly Uint8Array[]) {
  return { Certificate: chain[0]!, SubCertificates: { Certificate: chain.slice(1) } };
}

/** The mode element an AuthorizationReq signs: this session's challenge and the contract chain. */
export function pncAuthorizationMode(genChallenge: Uint8Array, contractChain: readonly Uint8Array[]): PnC_AReqAuthorizationModeType {
  return { '@Id': 'PnC_AReq', GenChallenge: genChallenge, ContractCertificateChain: chainElement(contractChain) };
}

function provisioningChainElement(chain: readonly Uint8Array[]): SignedCertificateChainType {
  return { '@Id': 'OEMProvisioningCertificateChain', ...chainElement(chain) };
}

/** One contract chain asked for: the vehicle stores one (decided without the standard's text). */
const MAXIMUM_CONTRACT_CERTIFICATE_CHAINS = 1;

export function certificateInstallationReq(ctx: MessageContext, pnc: Pick<Iso20EvccPnc, 'rootCertificateIds'>, provisioningChain: readonly Uint8Array[]): V2gDocument<'iso20-common'> {
  return v2gDocument('iso20-common', {
    CertificateInstallationReq: {
      Header: headerOf(ctx),
      OEMProvisioningCertificateChain: provisioningChainElement(provisioningChain),
      ListOfRootCertificateIDs: { RootCertificateID: [...pnc.rootCertificateIds] },
      MaximumContractCertificateChains: MAXIMUM_CONTRACT_CERTIFICATE_CHAINS,
    },
  });
}

/** `document`'s one element with `signature` in its Header. */
export function withHeaderSignature(document: V2gDocument<'iso20-common'>, signature: SignatureType | undefined): V2gDocument<'iso20-common'> {
  if (signature === undefined) return document;
  const [name, element] = Object.entries(document.document)[0] as [string, { readonly Header: object }];
  return v2gDocument('iso20-common', { [name]: { ...element, Header: { ...element.Header, Signature: signature } } } as unknown as V2gDocument<'iso20-common'>['document']);
}

/** AuthorizationReq in PnC mode, signed as the runner signed it. */
export function pncAuthorizationReq(ctx: MessageContext, mode: PnC_AReqAuthorizationModeType, signature: SignatureType | undefined): V2gDocument<'iso20-common'> {
  return withHeaderSignature(authorizationReq(ctx, { service: 'PnC', pnc: mode }), signature);
}
