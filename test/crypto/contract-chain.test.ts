/**
 * verifyContractChain's verdicts on lab chains (-2 P-256 and -20 P-521) and on chains made wrong on purpose: each
 * failure answered with the ISO 15118-2 response code (expired, not yet valid, unknown root, broken signature,
 * wrong order, too deep, a CA as leaf, a pathLen too small, a CN that is no eMAID), and the OCPP hash data of a chain.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { completeChain, MAX_CONTRACT_CHAIN_LENGTH, normalizeEmaid, ocspRequestData, verifyCertificateChain, verifyContractChain, type ContractChainVerdict } from '../../crypto/backend/index.js';
import { DEFAULT_EMAID, generateLabPki, issueCertificate, issueRole, type LabPki } from '../../crypto/index.js';
import { generateKeys } from '../../crypto/x509/key-pair.js';

const now = new Date();
const DAY_MS = 86_400_000;
const iso2 = await generateLabPki({ profile: 'iso2', ocspResponderUrl: 'http://127.0.0.1:9/{ca}', now });
const iso20 = await generateLabPki({ profile: 'iso20', now });
const other = await generateLabPki({ profile: 'iso2', now });

const chainOf = (lab: LabPki): Uint8Array[] => [lab.certificates.contractLeaf.der, lab.certificates.moSubCa2.der, lab.certificates.moSubCa1.der];
const rootsOf = (lab: LabPki): Uint8Array[] => [lab.certificates.moRootCa.der];
const failure = (verdict: ContractChainVerdict): { code: string; reason: string } => {
  assert.ok(!verdict.ok, 'expected a refusal');
  return { code: verdict.code, reason: verdict.reason };
};

test('a -2 lab contract chain verifies to its MO root and names its eMAID', () => {
  const verdict = verifyContractChain(chainOf(iso2), rootsOf(iso2), now);
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.is(verdict.emaid, DEFAULT_EMAID);
  assert.equal(verdict.expiresAt, new Date(new X509Certificate(iso2.certificates.contractLeaf.der).validTo));
});

test('a -20 lab contract chain (P-521, ECDSA-SHA512) verifies too', () => {
  const verdict = verifyContractChain(chainOf(iso20), rootsOf(iso20), now);
  assert.ok(verdict.ok, JSON.stringify(verdict));
});

test('a chain of the other standard\'s profile, where the message tells the standard: FAILED_CertChainError', () => {
  assert.match(failure(verifyContractChain(chainOf(iso20), rootsOf(iso20), now, 'iso2')).reason, /contract leaf: key is P-521; ISO 15118-2 uses P-256/);
  assert.match(failure(verifyContractChain(chainOf(iso2), rootsOf(iso2), now, 'iso20')).reason, /contract leaf: key is P-256/);
});

test('no certificate: FAILED_NoCertificateAvailable', () => {
  assert.is(failure(verifyContractChain([], rootsOf(iso2), now)).code, 'FAILED_NoCertificateAvailable');
});

test('an expired contract leaf: FAILED_CertificateExpired', () => {
  const afterLeaf = new Date(new Date(new X509Certificate(iso2.certificates.contractLeaf.der).validTo).getTime() + 1000);
  const leaf = failure(verifyContractChain(chainOf(iso2), rootsOf(iso2), afterLeaf));
  assert.is(leaf.code, 'FAILED_CertificateExpired');
  assert.match(leaf.reason, /contract leaf .* expired on/);
});

test('not yet valid: FAILED_CertChainError, not "expired"', () => {
  const before = new Date(new Date(new X509Certificate(iso2.certificates.contractLeaf.der).validFrom).getTime() - 1000);
  const verdict = failure(verifyContractChain(chainOf(iso2), rootsOf(iso2), before));
  assert.is(verdict.code, 'FAILED_CertChainError');
  assert.match(verdict.reason, /not valid before/);
});

test('a chain to an MO root not trusted: FAILED_CertChainError naming the issuer', async () => {
  const unrelated = await issueRole('moRootCa', { commonName: 'OtherMORootCA', keyAlgorithm: 'P-256', now });
  const verdict = failure(verifyContractChain(chainOf(iso2), [unrelated.certificate.der], now));
  assert.is(verdict.code, 'FAILED_CertChainError');
  assert.match(verdict.reason, /Sub-CA 1 is issued by CN=MORootCA.*, which is none of the 1 trusted roots/);
});

test('a root with the trusted name but another key, a Sub-CA of another lab: FAILED_CertChainError', () => {
  // `other` has the same subject names as `iso2`: its root poses as the issuer of iso2's Sub-CA 1.
  const posingRoot = failure(verifyContractChain(chainOf(iso2), rootsOf(other), now));
  assert.equal([posingRoot.code, /signature does not verify with the key of the trusted root/.test(posingRoot.reason)], ['FAILED_CertChainError', true]);
  const posingCa = failure(verifyContractChain([iso2.certificates.contractLeaf.der, iso2.certificates.moSubCa2.der, other.certificates.moSubCa1.der], rootsOf(iso2), now));
  assert.match(posingCa.reason, /Sub-CA 2's signature does not verify/);
});

test('a broken signature anywhere in the chain: FAILED_CertChainError', () => {
  for (const at of [0, 1, 2]) {
    const chain = chainOf(iso2).map((der) => der.slice());
    const der = chain[at]!;
    der[der.length - 5] ^= 0x01;
    const verdict = verifyContractChain(chain, rootsOf(iso2), now);
    assert.ok(!verdict.ok, `certificate ${at}`);
    assert.is(failure(verdict).code, 'FAILED_CertChainError');
  }
});

test('bytes that are no certificate: FAILED_CertChainError naming which', () => {
  const verdict = failure(verifyContractChain([iso2.certificates.contractLeaf.der, Uint8Array.of(0x30, 0x03, 1, 2, 3)], rootsOf(iso2), now));
  assert.is(verdict.code, 'FAILED_CertChainError');
  assert.match(verdict.reason, /Sub-CA 2/);
});

test('wrong order, a missing Sub-CA and too many: FAILED_CertChainError', () => {
  const [leaf, sub2, sub1] = chainOf(iso2);
  assert.is(failure(verifyContractChain([leaf!, sub1!, sub2!], rootsOf(iso2), now)).code, 'FAILED_CertChainError');
  assert.is(failure(verifyContractChain([leaf!, sub1!], rootsOf(iso2), now)).code, 'FAILED_CertChainError');
  const deep = failure(verifyContractChain([leaf!, sub2!, sub1!, iso2.certificates.moRootCa.der], rootsOf(iso2), now));
  assert.match(deep.reason, new RegExp(`at most ${MAX_CONTRACT_CHAIN_LENGTH - 1}`));
});

test('a -2 leaf under -20 CAs: the profile\'s algorithms are the leaf\'s', async () => {
  const mixed = failure(verifyContractChain([iso2.certificates.contractLeaf.der, iso20.certificates.moSubCa2.der, iso20.certificates.moSubCa1.der], rootsOf(iso20), now));
  assert.is(mixed.code, 'FAILED_CertChainError');
  assert.match(mixed.reason, /Sub-CA 2: key is P-521/);
});

/** A leaf under iso2's MO Sub-CA 2 as `change` makes it. */
async function leafWith(change: { commonName?: string; ca?: boolean; keyUsage?: ('digitalSignature' | 'keyCertSign' | 'keyAgreement')[] }): Promise<Uint8Array> {
  const subCa2 = iso2.certificates.moSubCa2;
  const { createPrivateKey, createPublicKey } = await import('node:crypto');
  const name = { commonName: 'MOSubCA2', organizationName: 'KopherV2G Test PKI', countryName: 'DE', domainComponent: 'MO' as const };
  return issueCertificate({
    subject: { commonName: change.commonName ?? DEFAULT_EMAID, organizationName: 'KopherV2G Test PKI', countryName: 'DE', domainComponent: 'MO' },
    subjectKeys: await generateKeys('P-256'),
    issuer: { name, keys: { privateKey: createPrivateKey(subCa2.privateKeyPem), publicKey: createPublicKey(subCa2.privateKeyPem) } },
    basicConstraints: change.ca ? { ca: true, pathLen: 0 } : { ca: false },
    keyUsage: change.keyUsage ?? ['digitalSignature', 'keyAgreement'],
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + DAY_MS),
  });
}

test('the -2 profile: a CA as leaf, a leaf that cannot sign, a CN that is no eMAID', async () => {
  const tail = chainOf(iso2).slice(1);
  const good = verifyContractChain([await leafWith({}), ...tail], rootsOf(iso2), now);
  assert.ok(good.ok, `the builder's leaf is sound: ${JSON.stringify(good)}`);
  assert.match(failure(verifyContractChain([await leafWith({ ca: true }), ...tail], rootsOf(iso2), now)).reason, /is a CA/);
  assert.match(failure(verifyContractChain([await leafWith({ keyUsage: ['keyAgreement'] }), ...tail], rootsOf(iso2), now)).reason, /lacks digitalSignature/);
  const notEmaid = failure(verifyContractChain([await leafWith({ commonName: 'Jane Doe' }), ...tail], rootsOf(iso2), now));
  assert.equal([notEmaid.code, /not an eMAID/.test(notEmaid.reason)], ['FAILED_CertChainError', true]);
  const separated = verifyContractChain([await leafWith({ commonName: 'DE-KPH-C00000000-1' }), ...tail], rootsOf(iso2), now);
  assert.ok(separated.ok && normalizeEmaid(separated.emaid) === 'DEKPHC000000001');
});

test('pathLen: a Sub-CA with pathLen 0 cannot have a Sub-CA under it', async () => {
  // A second Sub-CA 2 under Sub-CA 2: the chain leaf <- Sub-CA 2' <- Sub-CA 2 <- root would need pathLen 1 there.
  const root = await issueRole('moRootCa', { commonName: 'MORootCA', keyAlgorithm: 'P-256', now });
  const subCa2 = await issueRole('moSubCa2', { commonName: 'MOSubCA2', keyAlgorithm: 'P-256', now, issuer: root });
  const below = await issueRole('moSubCa2', { commonName: 'MOSubCA3', keyAlgorithm: 'P-256', now, issuer: subCa2 });
  const leaf = await issueRole('contractLeaf', { commonName: DEFAULT_EMAID, keyAlgorithm: 'P-256', now, issuer: below });
  const verdict = failure(verifyContractChain([leaf.certificate.der, below.certificate.der, subCa2.certificate.der], [root.certificate.der], now));
  assert.equal([verdict.code, verdict.reason], ['FAILED_CertChainError', 'Sub-CA 1 has pathLen 0 but 1 CAs below it']);
});

test('another branch: an OEM provisioning leaf sent alone is completed from the Sub-CAs and verified to its root', () => {
  const c = iso2.certificates;
  const chain = completeChain(c.oemProvisioningLeaf.der, [c.moSubCa2.der, c.oemSubCa1.der, c.oemSubCa2.der]);
  assert.equal(chain, [c.oemProvisioningLeaf.der, c.oemSubCa2.der, c.oemSubCa1.der]);
  const verdict = verifyCertificateChain(chain, [c.oemRootCa.der], now);
  assert.ok(verdict.ok && verdict.leaf.commonName === readCn(c.oemProvisioningLeaf.der));
  assert.is(failure(verifyContractChain(chain, [c.oemRootCa.der], now)).reason.includes('not an eMAID'), true);
});

const readCn = (der: Uint8Array): string | undefined => /CN=([^\n]+)/.exec(new X509Certificate(der).subject)?.[1];

test('OCPP hash data: one entry per certificate, SHA-256 of the issuer name and key, the serial, the AIA responder', () => {
  const c = iso2.certificates;
  const data = ocspRequestData(chainOf(iso2), rootsOf(iso2));
  assert.is(data.length, 3);
  const leaf = data[0]!;
  const issuer = new X509Certificate(c.moSubCa2.der);
  const spki = issuer.publicKey.export({ type: 'spki', format: 'der' });
  // An uncompressed P-256 point is the last 65 bytes of its SubjectPublicKeyInfo.
  assert.is(leaf.issuerKeyHash, createHash('sha256').update(spki.subarray(spki.length - 65)).digest('hex').toUpperCase());
  assert.is(leaf.serialNumber, new X509Certificate(c.contractLeaf.der).serialNumber.toUpperCase());
  assert.equal([leaf.hashAlgorithm, leaf.responderURL], ['SHA256', 'http://127.0.0.1:9/MOSubCA2']);
  assert.equal(data.map((d) => d.responderURL), ['http://127.0.0.1:9/MOSubCA2', 'http://127.0.0.1:9/MOSubCA1', 'http://127.0.0.1:9/MORootCA']);
  assert.is(ocspRequestData(chainOf(iso2), rootsOf(other)).length, 2, 'the last Sub-CA\'s issuer unknown: left out');
});

test.run();
