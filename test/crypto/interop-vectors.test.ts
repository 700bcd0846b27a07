/**
 * Digests and signed bytes of another implementation (Josev on EXIficient, a schema-informed EXI encoder that follows
 * the specification), published in public issue threads of EVerest/cbexigen (#53, #115): our fragments, digests and
 * SignedInfo encoding are the same bytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encode } from '../../codecs/exi/index.js';
import { CANONICAL_EXI, DIGEST_SHA256, ECDSA_SHA256 } from '../../crypto/xmldsig/index.js';
import { digest, elementFragment, signedInfoBytes } from '../../crypto/xmldsig/digest.js';

const base64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const GEN_CHALLENGE = new Uint8Array(Buffer.from('b+tVuSltokN0XQfVJBygLQ==', 'base64'));
const AUTHORIZATION_DIGEST = 'PM0sV7LGDB5LkgyJ9aHZ74TG3VFht6RJG3Yk7bJl8eU=';

test('AuthorizationReq (Id id1, a GenChallenge): the same fragment and SHA-256 (cbexigen #115)', () => {
  const fragment = elementFragment('iso2', 'AuthorizationReq', { '@Id': 'id1', GenChallenge: GEN_CHALLENGE }, 'AuthorizationReq');
  assert.is(hex(fragment), '8004015a590c40837f5aadc94b6d121ba2e83ea920e50169e8');
  assert.is(base64(digest('sha256', fragment)), AUTHORIZATION_DIGEST);
});

test('SalesTariff (Id id1, one entry): the same SHA-256 (cbexigen #53)', () => {
  const salesTariff = { '@Id': 'id1', SalesTariffID: 10, NumEPriceLevels: 1, SalesTariffEntry: [{ EPriceLevel: 1, RelativeTimeInterval: { start: 0, duration: 86400 } }] };
  assert.is(base64(digest('sha256', elementFragment('iso2', 'SalesTariff', salesTariff, 'SalesTariff'))), 'ralwRkiB/uBn2TU6Q/IQq1ey1MVxvmK8cm/Rg2YmXT0=');
});

test("SignedInfo over that AuthorizationReq in the xmldsig grammar: the published bytes (the thread's first 159) are ours", () => {
  const signedInfo = {
    CanonicalizationMethod: { '@Algorithm': CANONICAL_EXI },
    SignatureMethod: { '@Algorithm': ECDSA_SHA256 },
    Reference: [{ '@URI': '#id1', Transforms: { Transform: [{ '@Algorithm': CANONICAL_EXI }] }, DigestMethod: { '@Algorithm': DIGEST_SHA256 }, DigestValue: new Uint8Array(Buffer.from(AUTHORIZATION_DIGEST, 'base64')) }],
  };
  const published =
    '808112b43a3a381d1797bbbbbb973b999737b93397aa2917b1b0b737b734b1b0b616b2bc3497a1ab43a3a381d1797bbbbbb973b999737b933979918181897981a17bc36b63239b4b396b6b7b93291b2b1b239b096b9b430991a9b220623696431025687474703a2f2f7777772e77332e6f72672f54522f63616e6f6e6963616c2d6578692f4852d0e8e8e0745e5eeeeeee5cee665cdee4ce5e646060625e60';
  const ours = signedInfoBytes('iso2', signedInfo, 'SignedInfo');
  assert.ok(hex(ours).startsWith(published), hex(ours));
  assert.is.not(hex(encode('iso2-fragment', { SignedInfo: signedInfo } as never)).slice(0, 8), published.slice(0, 8), 'not the message schema fragment grammar');
});

test.run();
