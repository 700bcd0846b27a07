/**
 * The local backend over a lab PKI (`pki init`, generateLabPki): the CPS leaf signs the responses, MO Sub-CA 2 issues
 * the contracts, the lab's roots are the trusted ones, and by default the lab's vehicle (the OEM provisioning leaf's
 * PCID) gets the lab's eMAID, which is in force.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { IssuedCertificate, LabPki } from '../pki/lab-pki.js';
import { loadLabPki } from '../pki/lab-store.js';
import { ROLES } from '../pki/profiles.js';
import { softwareSigner } from '../signer.js';
import type { DistinguishedName, DomainComponent } from '../x509/names.js';
import { readCertificate } from '../x509/certificate-info.js';
import { ContractAuthority } from './contract-authority.js';
import { LocalContractBackend, type LocalContractBackendOptions } from './local-contract-backend.js';

export interface LabContractBackendOptions extends Partial<Pick<LocalContractBackendOptions, 'contracts' | 'activeContracts' | 'revocation' | 'now'>> {
  /** The responder named in new contract leaves; default: the one the lab's contract leaf names. */
  readonly ocspUrl?: string;
  /** MO Sub-CA 2's OpenSSL CA database, where new contracts are recorded (the lab folder's ocsp/MOSubCA2.index.txt). */
  readonly caDatabase?: string;
}

export function labContractBackend(lab: LabPki, options: LabContractBackendOptions = {}): LocalContractBackend {
  const c = lab.certificates;
  const cn = (issued: IssuedCertificate): string => readCertificate(issued.der, 'lab certificate').commonName ?? '';
  const ocspUrl = options.ocspUrl ?? readCertificate(c.contractLeaf.der, 'contract leaf').ocspUrls[0];
  const authority = new ContractAuthority({
    issuer: { certificate: c.moSubCa2, name: distinguishedName(c.moSubCa2), keys: { publicKey: createPublicKey(c.moSubCa2.privateKeyPem), privateKey: createPrivateKey(c.moSubCa2.privateKeyPem) } },
    subCertificates: [c.moSubCa2.der, c.moSubCa1.der],
    ...(ocspUrl ? { ocspUrl } : {}),
    ...(options.caDatabase ? { caDatabase: options.caDatabase } : {}),
  });
  return new LocalContractBackend({
    authority,
    saProvisioningChain: [c.saProvisioningLeaf.der, c.cpsSubCa2.der, c.cpsSubCa1.der],
    saProvisioningSigner: softwareSigner(c.saProvisioningLeaf.privateKeyPem),
    v2gRoot: c.v2gRootCa.der,
    moRoots: [c.moRootCa.der],
    moSubCas: [c.moSubCa1.der, c.moSubCa2.der],
    oemRoots: [c.oemRootCa.der],
    oemSubCas: [c.oemSubCa1.der, c.oemSubCa2.der],
    contracts: options.contracts ?? new Map([[cn(c.oemProvisioningLeaf), cn(c.contractLeaf)]]),
    activeContracts: options.activeContracts ?? [cn(c.contractLeaf)],
    ...(options.revocation === undefined ? {} : { revocation: options.revocation }),
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * The local backend over a lab folder `pki init` wrote: new contracts are recorded in its `ocsp/MOSubCA2.index.txt`,
 * which the MO Sub-CA 2's `openssl ocsp -index` answers from.
 */
export async function loadLabContractBackend(dir: string, options: LabContractBackendOptions = {}): Promise<LocalContractBackend> {
  return labContractBackend(await loadLabPki(dir), { caDatabase: join(dir, 'ocsp', `${ROLES.moSubCa2.fileName}.index.txt`), ...options });
}

/** A lab CA's name as the builder wrote it (CN, O, C, DC), to issue under it with the same subject bytes. */
function distinguishedName(issued: IssuedCertificate): DistinguishedName {
  const fields = new Map(
    new X509Certificate(issued.der).subject
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
  return { commonName: fields.get('CN') ?? '', organizationName: fields.get('O') ?? '', countryName: fields.get('C') ?? '', domainComponent: fields.get('DC') as DomainComponent };
}
