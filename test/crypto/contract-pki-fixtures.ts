/**
 * A lab PKI whose MO branch is served by real OCSP responders: one `openssl ocsp` per MO CA (root, Sub-CA 1, Sub-CA 2),
 * each signing with its delegated OCSP signer and answering from its own CA database. The branch is issued top down
 * so that every certificate names the live responder of its issuer (each responder's port is the kernel's choice,
 * known only once it listens); the other branches come from generateLabPki without responders.
 *
 * `openssl ocsp` reloads a changed database before it waits for the next request, so the first request after a
 * change is still answered from the old one: after each change the fixture sends every responder a request of no
 * consequence (`refresh`), and a test that changes a database behind the fixture calls it too.
 */
import { get } from 'node:http';
import { join } from 'node:path';
import { caDatabaseEntryOf, recordInCaDatabase } from '../../crypto/pki/ca-database.js';
import { DEFAULT_EMAID, generateLabPki, issueRole, type Issued, type LabPki } from '../../crypto/index.js';
import type { CaRole, PkiProfileName } from '../../crypto/pki/profiles.js';
import { startResponder, type Responder } from './ocsp-fixtures.js';

export interface RespondingLab {
  /** The lab, its MO branch (and contract leaf, eMAID DEFAULT_EMAID) naming the responders below. */
  readonly lab: LabPki;
  /** MO Sub-CA 2's CA database, which its responder reads. */
  readonly contractDatabase: string;
  /** A contract leaf recorded as issued, and one issued but never recorded (the responder does not know it). */
  readonly revocable: Issued;
  readonly unrecorded: Issued;
  readonly moSubCa2: Issued;
  revoke(contract: Issued): Promise<void>;
  /** Lets each responder take up its changed database. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

export async function respondingLab(folder: string, profile: PkiProfileName, now: Date): Promise<RespondingLab> {
  const base = await generateLabPki({ profile, ocspResponderUrl: false, now });
  const keyAlgorithm = base.keyAlgorithm;
  const responders: Responder[] = [];
  const databases = new Map<CaRole, string>();
  /** A CA of the branch, recorded at its issuer's responder, and the responder that answers for what it issues. */
  const ca = async (role: CaRole, commonName: string, issuer?: Issued): Promise<{ ca: Issued; url: string }> => {
    const issued = await issueRole(role, { commonName, keyAlgorithm, now, ...(issuer ? { issuer, ocspUrl: urls.get(issuer)! } : {}) });
    if (issuer) await recordInCaDatabase(databases.get(roles.get(issuer)!)!, caDatabaseEntryOf(issued.certificate.der));
    const signer = await issueRole(`${role}OcspSigner`, { commonName: `${commonName} OCSP Signer`, keyAlgorithm, now, issuer: issued });
    const responder = await startResponder(folder, `${profile}-${commonName}`, {
      ca: issued.certificate,
      signer: { pem: signer.certificate.pem, keyPem: signer.certificate.privateKeyPem },
      index: [],
    });
    responders.push(responder);
    databases.set(role, join(folder, `${profile}-${commonName}-index.txt`));
    roles.set(issued, role);
    urls.set(issued, responder.url);
    return { ca: issued, url: responder.url };
  };
  const roles = new Map<Issued, CaRole>();
  const urls = new Map<Issued, string>();
  try {
    const root = await ca('moRootCa', 'MORootCA');
    const subCa1 = await ca('moSubCa1', 'MOSubCA1', root.ca);
    const subCa2 = await ca('moSubCa2', 'MOSubCA2', subCa1.ca);
    const contractDatabase = databases.get('moSubCa2')!;
    const contract = async (emaid: string, record: boolean): Promise<Issued> => {
      const leaf = await issueRole('contractLeaf', { commonName: emaid, keyAlgorithm, now, issuer: subCa2.ca, ocspUrl: subCa2.url });
      if (record) await recordInCaDatabase(contractDatabase, caDatabaseEntryOf(leaf.certificate.der));
      return leaf;
    };
    const contractLeaf = await contract(DEFAULT_EMAID, true);
    const lab: LabPki = {
      ...base,
      certificates: { ...base.certificates, moRootCa: root.ca.certificate, moSubCa1: subCa1.ca.certificate, moSubCa2: subCa2.ca.certificate, contractLeaf: contractLeaf.certificate },
    };
    const refresh = async (): Promise<void> => {
      for (const responder of responders) await poke(responder.url);
    };
    const revocable = await contract('DEKPHC000000002', true);
    const unrecorded = await contract('DEKPHC000000003', false);
    await refresh();
    return {
      lab,
      contractDatabase,
      revocable,
      unrecorded,
      moSubCa2: subCa2.ca,
      revoke: async (leaf) => {
        await recordInCaDatabase(contractDatabase, { ...caDatabaseEntryOf(leaf.certificate.der), revoked: { at: new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000), reason: 'keyCompromise' } });
        await refresh();
      },
      refresh,
      stop: async () => {
        await Promise.all(responders.map((r) => r.stop()));
      },
    };
  } catch (e) {
    await Promise.all(responders.map((r) => r.stop()));
    throw e;
  }
}

/** A GET the responder answers with an error and goes on (-ignore_err); bounded, any outcome will do. */
function poke(url: string): Promise<void> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve());
      response.on('error', () => resolve());
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve());
  });
}
