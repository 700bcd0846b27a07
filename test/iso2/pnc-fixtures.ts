/**
 * Plug & Charge for the ISO 15118-2 SECC's tests: a lab PKI (MO chain with its contract, OEM provisioning), the SECC's
 * input that accepts contracts, and the EV's signed requests (AuthorizationReq, MeteringReceiptReq) made with the
 * contract key through an EcdsaSigner, as the EVCC makes them.
 */
import type { BodyType, MeterInfoType } from '../../codecs/exi/generated/iso2.types.js';
import { generateLabPki, type LabPki } from '../../crypto/pki/lab-pki.js';
import { softwareSigner, type EcdsaSigner } from '../../crypto/signer.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import { iso2Message, type Iso2Message } from '../../machines/iso2/iso2-messages.js';
import type { Iso2SeccInput } from '../../machines/iso2/secc-context.js';
import { seccInput, SESSION_ID } from './wiring.js';

export interface PncLab {
  readonly pki: LabPki;
  readonly moRoots: readonly Uint8Array[];
  /** DER, leaf first: contract leaf, MO Sub-CA 2, MO Sub-CA 1. */
  readonly contractChain: readonly Uint8Array[];
  readonly emaid: string;
  readonly contract: EcdsaSigner;
}

export async function pncLab(now: Date = new Date()): Promise<PncLab> {
  const pki = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false, now });
  const c = pki.certificates;
  return {
    pki,
    moRoots: [c.moRootCa.der],
    contractChain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der],
    emaid: 'DEKPHC000000001',
    contract: softwareSigner(c.contractLeaf.privateKeyPem),
  };
}

export const GEN_CHALLENGE = Uint8Array.from({ length: 16 }, (_, i) => i + 1);

/** An SECC over TLS that offers and checks contracts against the lab's MO root at `now`. */
export function pncSeccInput(lab: PncLab, now: Date = new Date(), overrides: Partial<Iso2SeccInput> = {}): Iso2SeccInput {
  return seccInput({
    tls: true,
    paymentOptions: ['Contract', 'ExternalPayment'],
    contracts: { moRoots: lab.moRoots, genChallenge: GEN_CHALLENGE, now },
    ...overrides,
  });
}

export function paymentDetails(lab: PncLab, chain: readonly Uint8Array[] = lab.contractChain, emaid = lab.emaid): BodyType {
  const [leaf, ...subs] = chain;
  return { PaymentDetailsReq: { eMAID: emaid, ContractSignatureCertChain: { Certificate: leaf!, SubCertificates: { Certificate: subs } } } };
}

/** `body` in a message of the test session, signed by `signer` as ISO 15118-2 signs it. */
export function signed(body: BodyType, signer: EcdsaSigner, sessionId: Uint8Array = SESSION_ID): Promise<Iso2Message> {
  return signMessage('iso2', iso2Message(sessionId, body), signer);
}

export function authorizationReq(challenge: Uint8Array = GEN_CHALLENGE): BodyType {
  return { AuthorizationReq: { '@Id': 'id1', GenChallenge: challenge } };
}

export function meteringReceiptReq(meterInfo: MeterInfoType, sessionId: Uint8Array = SESSION_ID): BodyType {
  return { MeteringReceiptReq: { '@Id': 'id1', SessionID: sessionId, SAScheduleTupleID: 1, MeterInfo: meterInfo } };
}

/** A CertificateInstallationRes as a provisioning service would send it, for tests of the SECC that forwards it. */
export function certificateInstallationRes(lab: PncLab): BodyType {
  const c = lab.pki.certificates;
  return {
    CertificateInstallationRes: {
      ResponseCode: 'OK',
      SAProvisioningCertificateChain: { Certificate: c.saProvisioningLeaf.der },
      ContractSignatureCertChain: { '@Id': 'id1', Certificate: c.contractLeaf.der, SubCertificates: { Certificate: [c.moSubCa2.der, c.moSubCa1.der] } },
      ContractSignatureEncryptedPrivateKey: { '@Id': 'id2', '#text': new Uint8Array(48) },
      DHpublickey: { '@Id': 'id3', '#text': new Uint8Array(65) },
      eMAID: { '@Id': 'id4', '#text': lab.emaid },
    },
  };
}
