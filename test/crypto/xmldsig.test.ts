/**
 * XML Signature over EXI: sign-then-verify for every signed message type of ISO 15118-2 and -20 (through the EXI
 * bytes, as a receiver sees it), every way a signature is refused with its per-reference or signature result, and
 * each digest's fragment checked against a second path: the same element's bits inside the whole message encoded
 * with the document grammar.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, type SchemaName } from '../../codecs/exi/index.js';
import {
  ECDSA_SHA256,
  elementsToSign,
  MAX_REFERENCES,
  signerCertificate,
  signMessage,
  verifyMessage,
  XmlSignatureError,
  type SignatureSchema,
  type VerifyResult,
} from '../../crypto/xmldsig/index.js';
import type { AuthorizationReqType as Iso20AuthorizationReq } from '../../codecs/exi/generated/iso20-common.types.js';
import type { V2G_MessageType } from '../../codecs/exi/generated/iso2.types.js';
import type { SignatureType } from '../../codecs/exi/generated/xmldsig.types.js';
import { digest, elementFragment } from '../../crypto/xmldsig/digest.js';
import { messageParts } from '../../crypto/xmldsig/message.js';
import { SIGNED_TYPES, unsignedMessage } from './signed-documents.js';
import { signingKey, type SigningKey } from './signing-keys.js';

type Iso2Message = { V2G_Message: V2G_MessageType };

const keys = { p256: await signingKey('P-256', 'DEKPHC000000001'), p521: await signingKey('P-521', 'DEKPHC000000002') };
const keyOf = (schema: SignatureSchema): SigningKey => (schema === 'iso2' ? keys.p256 : keys.p521);
const received = (schema: SignatureSchema, doc: unknown): unknown => decode(schema, encode(schema, doc as never));
const receivedIso2 = (doc: unknown): Iso2Message => received('iso2', doc) as Iso2Message;
const signatureOf = (schema: SignatureSchema, doc: unknown): SignatureType => messageParts(schema, doc).header.Signature as SignatureType;
const clone = <T>(v: T): T => structuredClone(v);

for (const { schema, entry } of SIGNED_TYPES) {
  test(`${schema} ${entry.message}: signed over ${entry.references.join(', ')}, verified from its EXI bytes`, async () => {
    const key = keyOf(schema);
    const signed = await signMessage(schema, unsignedMessage(schema, entry, 7), key.signer);
    const result = verifyMessage(schema, received(schema, signed), key.certificate);
    assert.ok(result.verified, JSON.stringify(result));
    assert.ok(result.signature);
    assert.equal(result.unsigned, []);
    assert.ok(result.references.length >= 1 && result.references.every((r) => r.ok && r.present && r.quirk === undefined));
    if (!entry.everyWithId) assert.equal(result.references.map((r) => r.element), [...entry.references]);
    assert.is(signatureOf(schema, received(schema, signed)).SignatureValue['#text'].length, schema === 'iso2' ? 64 : 132, 'raw r || s');
  });
}

const iso2Auth = SIGNED_TYPES.find((t) => t.schema === 'iso2' && t.entry.message === 'AuthorizationReq')!.entry;
const iso2CertRes = SIGNED_TYPES.find((t) => t.schema === 'iso2' && t.entry.message === 'CertificateInstallationRes')!.entry;
const signedAuth = receivedIso2(await signMessage('iso2', unsignedMessage('iso2', iso2Auth, 3), keys.p256.signer));
const verifyIso2 = (doc: Iso2Message, key: SigningKey = keys.p256): VerifyResult => verifyMessage('iso2', doc, key.certificate);
/** A copy of the signed AuthorizationReq and its Signature, to change. */
const signedCopy = (): { doc: Iso2Message; sig: SignatureType } => {
  const doc = clone(signedAuth);
  return { doc, sig: doc.V2G_Message.Header.Signature! };
};

test('a tampered DigestValue fails its reference and the signature over SignedInfo', () => {
  const { doc, sig } = signedCopy();
  sig.SignedInfo.Reference[0].DigestValue[0] ^= 1;
  const r = verifyIso2(doc);
  assert.equal([r.references[0].ok, r.references[0].present, r.signature, r.verified], [false, true, false, false]);
  assert.is(r.references[0].error, undefined, 'a mismatch, not a malformed reference');
});

test('a changed signed element fails its reference; the signature over SignedInfo still holds', () => {
  const { doc } = signedCopy();
  doc.V2G_Message.Body.AuthorizationReq!.GenChallenge = new Uint8Array(16);
  const r = verifyIso2(doc);
  assert.equal([r.references[0].ok, r.signature, r.verified], [false, true, false]);
  assert.equal(r.unsigned, ['AuthorizationReq']);
});

test('a tampered SignedInfo fails the signature; the references still hold', () => {
  const { doc, sig } = signedCopy();
  sig.SignedInfo.Reference[0]['@Type'] = 'urn:x';
  const r = verifyIso2(doc);
  assert.equal([r.references[0].ok, r.signature, r.verified, r.signatureError], [true, false, false, undefined]);
});

test('the wrong key fails the signature only', async () => {
  const r = verifyIso2(signedAuth, await signingKey('P-256', 'someone else'));
  assert.equal([r.references[0].ok, r.signature, r.verified], [true, false, false]);
  const other = verifyIso2(signedAuth, keys.p521);
  assert.is(other.signature, false);
  assert.is(other.signatureError?.code, 'badLength', 'a 64-byte r || s is not a P-521 signature');
});

test('a stale signature referencing an Id the message lacks: the reference is absent, not failed', () => {
  const { doc } = signedCopy();
  doc.V2G_Message.Body = { ChargingStatusReq: {} };
  const r = verifyIso2(doc);
  assert.equal([r.references[0].present, r.references[0].ok, r.references[0].error?.code, r.signature, r.verified], [false, false, 'missingTarget', true, true]);
  assert.match(r.references[0].error!.where, /Reference\[0\]\/@URI$/);
});

test('malformed signatures are typed results naming what and where, never exceptions', () => {
  const variant = (change: (sig: SignatureType, doc: Iso2Message) => void): VerifyResult => {
    const { doc, sig } = signedCopy();
    change(sig, doc);
    return verifyIso2(doc);
  };
  const method = variant((s) => (s.SignedInfo.SignatureMethod['@Algorithm'] = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'));
  assert.is(method.signatureError?.code, 'unsupportedAlgorithm');
  assert.match(method.signatureError!.where, /SignedInfo\/SignatureMethod\/@Algorithm$/);
  const c14n = variant((s) => (s.SignedInfo.CanonicalizationMethod['@Algorithm'] = 'http://www.w3.org/2001/10/xml-exc-c14n#'));
  assert.is(c14n.signatureError?.code, 'unsupportedAlgorithm');
  const digestMethod = variant((s) => (s.SignedInfo.Reference[0].DigestMethod['@Algorithm'] = 'http://www.w3.org/2000/09/xmldsig#sha1'));
  assert.is(digestMethod.references[0].error?.code, 'unsupportedAlgorithm');
  const transforms = variant((s) => s.SignedInfo.Reference[0].Transforms!.Transform.push({ '@Algorithm': 'http://www.w3.org/TR/canonical-exi/' }));
  assert.is(transforms.references[0].error?.code, 'unsupportedAlgorithm');
  const shortDigest = variant((s) => (s.SignedInfo.Reference[0].DigestValue = s.SignedInfo.Reference[0].DigestValue.subarray(1)));
  assert.is(shortDigest.references[0].error?.code, 'badLength');
  assert.match(shortDigest.references[0].error!.where, /Reference\[0\]\/DigestValue$/);
  const shortSignature = variant((s) => (s.SignatureValue['#text'] = s.SignatureValue['#text'].subarray(0, 63)));
  assert.is(shortSignature.signatureError?.code, 'badLength');
  const uri = variant((s) => (s.SignedInfo.Reference[0]['@URI'] = 'http://example.org/x'));
  assert.is(uri.references[0].error?.code, 'badUri');
  const many = variant((s) => (s.SignedInfo.Reference = Array.from({ length: MAX_REFERENCES + 1 }, () => s.SignedInfo.Reference[0])));
  assert.equal([many.signatureError?.code, many.references.length], ['tooManyReferences', 0]);
  const none = variant((_s, doc) => delete doc.V2G_Message.Header.Signature);
  assert.equal([none.signatureError?.code, none.verified], ['noSignature', false]);
  for (const r of [method, c14n, digestMethod, transforms, shortDigest, shortSignature, uri, many, none]) assert.is(r.verified, false);
});

test('two elements with the referenced Id: ambiguous, refused', async () => {
  const entry = SIGNED_TYPES.find((t) => t.schema === 'iso2' && t.entry.message === 'ChargeParameterDiscoveryRes')!.entry;
  const doc = receivedIso2(await signMessage('iso2', unsignedMessage('iso2', entry, 5), keys.p256.signer));
  const tuples = doc.V2G_Message.Body.ChargeParameterDiscoveryRes!.SAScheduleList!.SAScheduleTuple;
  const tariff = tuples.find((t) => t.SalesTariff)!.SalesTariff!;
  tuples.splice(0, tuples.length, tuples[0]!, { ...tuples[0]!, SAScheduleTupleID: 255, SalesTariff: clone(tariff) });
  tuples[0]!.SalesTariff = tariff;
  const r = verifyIso2(doc);
  assert.ok(r.references.some((x) => x.error?.code === 'duplicateId'));
  await signMessage('iso2', doc, keys.p256.signer).then(
    () => assert.unreachable('signing a message with a duplicate Id'),
    (e: unknown) => assert.ok(e instanceof XmlSignatureError && e.code === 'duplicateId'),
  );
});

test('signing refuses a key off the standard profile, an unsigned message type and a signed element without Id', async () => {
  const fail = async (p: Promise<unknown>, code: string): Promise<void> =>
    p.then(
      () => assert.unreachable(code),
      (e: unknown) => assert.ok(e instanceof XmlSignatureError && e.code === code, String(e)),
    );
  const { doc } = signedCopy();
  await fail(signMessage('iso2', doc, keys.p521.signer), 'badKey');
  await fail(signMessage('iso2', { V2G_Message: { Header: { SessionID: new Uint8Array(8) }, Body: { SessionStopReq: { ChargingSession: 'Terminate' } } } }, keys.p256.signer), 'notSignable');
  delete doc.V2G_Message.Body.AuthorizationReq!['@Id'];
  await fail(signMessage('iso2', doc, keys.p256.signer), 'notSignable');
});

test('an eMAID digested in the field C codec typed fragment form verifies, marked with the quirk', async () => {
  const doc = unsignedMessage('iso2', iso2CertRes, 11) as Iso2Message;
  const eMAID = doc.V2G_Message.Body.CertificateInstallationRes!.eMAID;
  const spec = elementFragment('iso2', 'eMAID', eMAID, 'eMAID');
  const typed = elementFragment('iso2', 'eMAID', eMAID, 'eMAID', ['cbv2gTypedFragmentRoot']);
  assert.is.not(Buffer.from(spec).toString('hex'), Buffer.from(typed).toString('hex'), 'the two grammars give different bytes');
  // A sender on that codec: its eMAID reference carries the typed form's digest, and it signs that SignedInfo.
  const reSigned = (await signMessage('iso2', doc, keys.p256.signer)) as Iso2Message;
  const sig = reSigned.V2G_Message.Header.Signature!;
  sig.SignedInfo.Reference[3].DigestValue = digest('sha256', typed);
  sig.SignatureValue['#text'] = await keys.p256.signer.sign(encode('iso2-xmldsig', { SignedInfo: sig.SignedInfo }), 'sha256');
  const r = verifyIso2(receivedIso2(reSigned));
  assert.ok(r.verified, JSON.stringify(r));
  assert.equal(r.references.map((x) => x.quirk), [undefined, undefined, undefined, 'cbv2gTypedFragmentRoot']);
});

test('the signer certificate comes from the message where the table says it travels', async () => {
  const entry = SIGNED_TYPES.find((t) => t.schema === 'iso20-common' && t.entry.message === 'AuthorizationReq')!.entry;
  const doc = unsignedMessage('iso20-common', entry, 2) as { AuthorizationReq: Iso20AuthorizationReq };
  doc.AuthorizationReq.PnC_AReqAuthorizationMode!.ContractCertificateChain.Certificate = keys.p521.der;
  const signed = received('iso20-common', await signMessage('iso20-common', doc, keys.p521.signer));
  const cert = signerCertificate('iso20-common', signed);
  assert.ok(cert?.subject.includes('CN=DEKPHC000000002'));
  assert.ok(verifyMessage('iso20-common', signed, cert!).verified);
  assert.is(signerCertificate('iso2', signedAuth), undefined, 'an ISO-2 AuthorizationReq carries no certificate');
});

// The second path: an element's content bits are the same in its EXI fragment and inside the whole message, where the
// document grammar reaches the element through its parents (same type grammar). Only an element whose fragment is
// read in the relaxed element fragment grammar (ISO-2 eMAID) differs, and there its typed form is what the document has.
const FRAGMENT_CODE_WIDTH: Readonly<Record<string, number>> = { iso2: 8, 'iso20-common': 9 };
const bits = (b: Uint8Array): string => Array.from(b, (x) => x.toString(2).padStart(8, '0')).join('');
/** The fragment's bits after its header and SE code, without the last 8 + w bits (ED, padding and at most 7 content bits). */
const contentBits = (fragment: Uint8Array, width: number): string => bits(fragment).slice(8 + width, -(8 + width));

for (const { schema, entry } of SIGNED_TYPES) {
  test(`${schema} ${entry.message}: each digested fragment is the element's bits in the message's document encoding`, async () => {
    const signed = received(schema, await signMessage(schema, unsignedMessage(schema, entry, 13), keyOf(schema).signer));
    const message = bits(encode(schema as SchemaName, signed as never));
    for (const e of elementsToSign(schema, signed)) {
      const fragment = elementFragment(schema, e.name, e.value, e.path);
      const own = contentBits(fragment, FRAGMENT_CODE_WIDTH[schema]);
      if (schema === 'iso2' && e.name === 'eMAID') {
        assert.not.ok(message.includes(own), 'the relaxed grammar is not the typed one');
        assert.ok(message.includes(contentBits(elementFragment(schema, e.name, e.value, e.path, ['cbv2gTypedFragmentRoot']), 8)));
      } else assert.ok(own.length > 16 && message.includes(own), `${e.path}`);
    }
    const signedInfo = encode(`${schema}-xmldsig` as SchemaName, { SignedInfo: signatureOf(schema, signed).SignedInfo } as never);
    assert.ok(message.includes(contentBits(signedInfo, 6)), 'SignedInfo in the xmldsig grammar (6-bit codes) is the Header\'s SignedInfo');
  });
}

test('the algorithm identifiers each standard signs with', async () => {
  const entry20 = SIGNED_TYPES.find((t) => t.schema === 'iso20-common' && t.entry.message === 'MeteringConfirmationReq')!.entry;
  const signed20 = await signMessage('iso20-common', unsignedMessage('iso20-common', entry20, 1), keys.p521.signer);
  const expected = { iso2: ['ecdsa-sha256', 'xmlenc#sha256'], 'iso20-common': ['ecdsa-sha512', 'xmlenc#sha512'] } as const;
  for (const [schema, doc] of [['iso2', signedAuth], ['iso20-common', signed20]] as const) {
    const { SignedInfo } = signatureOf(schema, doc);
    assert.is(SignedInfo.SignatureMethod['@Algorithm'], `http://www.w3.org/2001/04/xmldsig-more#${expected[schema][0]}`);
    assert.is(SignedInfo.CanonicalizationMethod['@Algorithm'], 'http://www.w3.org/TR/canonical-exi/');
    assert.is(SignedInfo.Reference[0].DigestMethod['@Algorithm'], `http://www.w3.org/2001/04/${expected[schema][1]}`);
    assert.equal(SignedInfo.Reference[0].Transforms?.Transform, [{ '@Algorithm': 'http://www.w3.org/TR/canonical-exi/' }]);
  }
  assert.is(ECDSA_SHA256, 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256');
});

test.run();
