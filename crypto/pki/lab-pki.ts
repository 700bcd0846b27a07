/**
 * Every chain a Plug & Charge lab needs, in one call: the CPO, CPS, MO and OEM branches of ISO 15118-2 or -20
 * (profiles.ts), each certificate with a fresh key, and a delegated OCSP signer under every CA. Every certificate but
 * a root names the OCSP responder of its issuer (authorityInfoAccess), so a real responder (`openssl ocsp`) serves
 * the lab unchanged. Never for production: the keys are generated here and stored unencrypted.
 */
import { issueCertificate, type CertificateIssuer, type CertificateRequest } from '../x509/certificate-builder.js';
import { generateKeys, privateKeyToPem, type KeyAlgorithm } from '../x509/key-pair.js';
import type { DistinguishedName } from '../x509/names.js';
import { derToPem } from '../pem.js';
import { PKI_PROFILES, ROLES, type CaRole, type CertificateRole, type PkiProfileName } from './profiles.js';

export interface IssuedCertificate {
  readonly pem: string;
  readonly der: Uint8Array;
  /** PKCS#8 PEM, unencrypted. */
  readonly privateKeyPem: string;
}

export interface LabPkiOptions {
  readonly profile?: PkiProfileName;
  /** One of the profile's key algorithms (-2: P-256; -20: P-521, the default, or Ed448). */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** The SECC leaf's CN (SECCID, the EVSEID's syntax). */
  readonly evseId?: string;
  /** The contract leaf's CN. */
  readonly emaid?: string;
  /** The OEM provisioning (and -20 vehicle) leaf's CN. */
  readonly pcid?: string;
  /**
   * The OCSP responder's URL written into each certificate; `{ca}` is replaced by the issuing CA's file name
   * (`V2GRootCA`, `MOSubCA2`, ...), so each CA can have a responder of its own. `false`: no authorityInfoAccess.
   */
  readonly ocspResponderUrl?: string | false;
  readonly now?: Date;
}

export type LabCertificates = Readonly<Record<Exclude<CertificateRole, 'vehicleLeaf'>, IssuedCertificate>> & { readonly vehicleLeaf?: IssuedCertificate };

export interface LabPki {
  readonly profile: PkiProfileName;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly certificates: LabCertificates;
}

export const DEFAULT_EVSE_ID = 'DE*KPH*E0000001';
/** 2-letter country, 3-character provider, 9-character instance, no separators (the -2 eMAIDType form). */
export const DEFAULT_EMAID = 'DEKPHC000000001';
/** 18 characters, upper case, no separators; an invented vehicle. */
export const DEFAULT_PCID = 'KPHV2G000000000001';
/**
 * A local responder by default: one `openssl ocsp -port 8080` per CA, or a proxy in front of them on that port.
 * The path names the CA; the port is arbitrary (OCSP has no well-known port).
 */
export const DEFAULT_OCSP_RESPONDER_URL = 'http://127.0.0.1:8080/{ca}';
const ORGANIZATION = 'KopherV2G Test PKI';
const COUNTRY = 'DE';
const DAY_MS = 86_400_000;
/** Backdating lets a peer whose clock lags a little still accept a chain made a moment ago on another machine. */
const BACKDATE_MS = 3_600_000;

/** A CA (or leaf) issued in this run: its certificate and what it needs to issue further. */
export interface Issued extends CertificateIssuer {
  readonly certificate: IssuedCertificate;
}

export interface IssueRoleOptions {
  readonly commonName: string;
  readonly issuer?: Issued;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly ocspUrl?: string;
  readonly now: Date;
}

/** One certificate of `role`'s profile, with a fresh key (its private half exported only as PKCS#8 PEM). */
export async function issueRole(role: CertificateRole, options: IssueRoleOptions): Promise<Issued> {
  const keys = await generateKeys(options.keyAlgorithm);
  const { der, name } = await certifyRole(role, keys, options);
  return { certificate: { der, pem: derToPem('CERTIFICATE', der), privateKeyPem: privateKeyToPem(keys.privateKey) }, name, keys };
}

/**
 * A certificate of `role`'s profile for `subjectKeys`: signed by `options.issuer`, or self-signed (a root). Under an
 * issuer the public half alone will do, so a key whose private half never leaves a PKCS#11 token (an EV's contract
 * key in its secure element) is certified like one generated here.
 */
export async function certifyRole(role: CertificateRole, subjectKeys: CertificateRequest['subjectKeys'], options: Omit<IssueRoleOptions, 'keyAlgorithm'>): Promise<{ readonly der: Uint8Array; readonly name: DistinguishedName }> {
  const profile = ROLES[role];
  const name: DistinguishedName = { commonName: options.commonName, organizationName: ORGANIZATION, countryName: COUNTRY, domainComponent: profile.domainComponent };
  const der = await issueCertificate({
    subject: name,
    subjectKeys,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    basicConstraints: profile.basicConstraints,
    keyUsage: profile.keyUsage,
    ...(profile.extendedKeyUsage ? { extendedKeyUsage: profile.extendedKeyUsage, ocspNoCheck: true } : {}),
    ...(options.ocspUrl ? { ocspUrl: options.ocspUrl } : {}),
    notBefore: new Date(options.now.getTime() - BACKDATE_MS),
    notAfter: new Date(options.now.getTime() + profile.validityDays * DAY_MS),
  });
  return { der, name };
}

export async function generateLabPki(options: LabPkiOptions = {}): Promise<LabPki> {
  const profile = PKI_PROFILES[options.profile ?? 'iso2'];
  const keyAlgorithm = options.keyAlgorithm ?? profile.keyAlgorithms[0]!;
  if (!profile.keyAlgorithms.includes(keyAlgorithm)) throw new RangeError(`${profile.title} certificates use ${profile.keyAlgorithms.join(' or ')}, not ${keyAlgorithm}`);
  const now = options.now ?? new Date();
  const url = options.ocspResponderUrl === undefined ? DEFAULT_OCSP_RESPONDER_URL : options.ocspResponderUrl;
  const commonNames: Partial<Record<CertificateRole, string>> = {
    seccLeaf: options.evseId ?? DEFAULT_EVSE_ID,
    contractLeaf: options.emaid ?? DEFAULT_EMAID,
    oemProvisioningLeaf: options.pcid ?? DEFAULT_PCID,
    vehicleLeaf: options.pcid ?? DEFAULT_PCID,
    saProvisioningLeaf: 'KopherV2G SA Provisioning',
  };
  const issued = new Map<CertificateRole, Issued>();
  for (const role of profile.roles) {
    const issuerRole: CaRole | undefined = ROLES[role].issuer;
    const issuer = issuerRole && issued.get(issuerRole);
    const ocspUrl = issuerRole && url !== false ? url.replaceAll('{ca}', ROLES[issuerRole].fileName) : undefined;
    const commonName = commonNames[role] ?? (role.endsWith('OcspSigner') ? `${ROLES[issuerRole!].fileName} OCSP Signer` : ROLES[role].fileName);
    issued.set(role, await issueRole(role, { commonName, keyAlgorithm, now, ...(issuer ? { issuer } : {}), ...(ocspUrl ? { ocspUrl } : {}) }));
  }
  const certificates = Object.fromEntries([...issued].map(([role, i]) => [role, i.certificate])) as unknown as LabCertificates;
  return { profile: profile.name, keyAlgorithm, certificates };
}
