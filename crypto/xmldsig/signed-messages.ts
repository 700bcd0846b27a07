/**
 * Which V2G messages carry an XML Signature, what they sign and who signs: one small table per standard. `references`
 * are the body elements a signature covers, each by its `Id` attribute; an element that may occur several times
 * (SalesTariff, price schedules) is signed wherever it carries an Id (`everyWithId`). `signerCertificate` is where the message itself
 * carries the signer's certificate (the leaf of a chain), for verifying without one from elsewhere.
 */
import type { SignatureProfile } from './algorithms.js';
import { ISO2_PROFILE, ISO20_PROFILE } from './algorithms.js';

export interface SignedMessage {
  /** The body element (-2) or root element (-20) of the message. */
  readonly message: string;
  readonly references: readonly string[];
  /**
   * The references are tariffs, optional and repeatable: every one that carries an Id is signed, at least one. Else
   * each named element is there once and must carry its Id.
   */
  readonly everyWithId?: true;
  /** Who signs, as the standard names the key. */
  readonly signer: string;
  /** Path of element names from the message content to the signer's DER certificate, where the message carries it. */
  readonly signerCertificate?: readonly string[];
}

/** ISO 15118-2 (7.9.2.4): the messages whose signed elements carry an Id. */
export const ISO2_SIGNED: readonly SignedMessage[] = [
  { message: 'AuthorizationReq', references: ['AuthorizationReq'], signer: 'contract certificate key' },
  { message: 'MeteringReceiptReq', references: ['MeteringReceiptReq'], signer: 'contract certificate key' },
  {
    message: 'CertificateInstallationReq',
    references: ['CertificateInstallationReq'],
    signer: 'OEM provisioning certificate key',
    signerCertificate: ['OEMProvisioningCert'],
  },
  {
    message: 'CertificateUpdateReq',
    references: ['CertificateUpdateReq'],
    signer: 'contract certificate key (the contract being updated)',
    signerCertificate: ['ContractSignatureCertChain', 'Certificate'],
  },
  ...(['CertificateInstallationRes', 'CertificateUpdateRes'] as const).map((message) => ({
    message,
    references: ['ContractSignatureCertChain', 'ContractSignatureEncryptedPrivateKey', 'DHpublickey', 'eMAID'],
    signer: 'certificate provisioning service (SA provisioning certificate key)',
    signerCertificate: ['SAProvisioningCertificateChain', 'Certificate'],
  })),
  { message: 'ChargeParameterDiscoveryRes', references: ['SalesTariff'], everyWithId: true, signer: 'tariff issuer (MO Sub-CA 2 key)' },
];

/** ISO 15118-20 (CommonMessages): the messages whose signed elements carry an Id. */
export const ISO20_SIGNED: readonly SignedMessage[] = [
  {
    message: 'AuthorizationReq',
    references: ['PnC_AReqAuthorizationMode'],
    signer: 'contract certificate key',
    signerCertificate: ['PnC_AReqAuthorizationMode', 'ContractCertificateChain', 'Certificate'],
  },
  {
    message: 'CertificateInstallationReq',
    references: ['OEMProvisioningCertificateChain'],
    signer: 'OEM provisioning certificate key',
    signerCertificate: ['OEMProvisioningCertificateChain', 'Certificate'],
  },
  {
    message: 'CertificateInstallationRes',
    references: ['SignedInstallationData'],
    signer: 'certificate provisioning service (CPS leaf key)',
    signerCertificate: ['CPSCertificateChain', 'Certificate'],
  },
  { message: 'ScheduleExchangeRes', references: ['AbsolutePriceSchedule', 'PriceLevelSchedule'], everyWithId: true, signer: 'tariff issuer (eMSP / SA key)' },
  { message: 'MeteringConfirmationReq', references: ['SignedMeteringData'], signer: 'contract certificate key' },
];

/** The schemas whose messages carry XML Signatures, with their standard's profile and table. */
export type SignatureSchema = 'iso2' | 'iso20-common' | 'iso20-dc' | 'iso20-ac' | 'iso20-wpt' | 'iso20-acdp';

export const SIGNATURE_SCHEMAS: readonly SignatureSchema[] = ['iso2', 'iso20-common', 'iso20-dc', 'iso20-ac', 'iso20-wpt', 'iso20-acdp'];

export function isSignatureSchema(s: string): s is SignatureSchema {
  return (SIGNATURE_SCHEMAS as readonly string[]).includes(s);
}

export function standardOf(schema: SignatureSchema): { profile: SignatureProfile; table: readonly SignedMessage[] } {
  return schema === 'iso2' ? { profile: ISO2_PROFILE, table: ISO2_SIGNED } : { profile: ISO20_PROFILE, table: ISO20_SIGNED };
}
