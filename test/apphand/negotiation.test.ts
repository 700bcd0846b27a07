/** supportedAppProtocol: what the EVCC offers, what the SECC chooses, how the EVCC checks the answer. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode } from '../../codecs/exi/index.js';
import { acceptAppProtocol, chooseAppProtocol, offerAppProtocols } from '../../machines/apphand/negotiation.js';

test('the EVCC offers its protocols by preference, numbering SchemaID and Priority from 1', () => {
  const req = offerAppProtocols(['iso2', 'din'], 'tcp');
  assert.equal(req.AppProtocol.map((p) => [p.ProtocolNamespace, p.SchemaID, p.Priority]), [
    ['urn:iso:15118:2:2013:MsgDef', 1, 1],
    ['urn:din:70121:2012:MsgDef', 2, 2],
  ]);
  assert.equal(decode('apphand', encode('apphand', { supportedAppProtocolReq: req })), { supportedAppProtocolReq: req }, 'the offer is a valid EXI document');
});

test('DIN is never offered over TLS [V2G-DC-618]; ISO 15118-20 only over TLS 1.3 [V2G20-1237]', () => {
  assert.equal(offerAppProtocols(['din', 'iso2', 'iso20-dc'], 'tls1.2').AppProtocol.map((p) => p.ProtocolNamespace), ['urn:iso:15118:2:2013:MsgDef']);
  assert.equal(offerAppProtocols(['din', 'iso20-dc'], 'tls1.3').AppProtocol.map((p) => p.ProtocolNamespace), ['urn:iso:std:iso:15118:-20:DC']);
});

test('the SECC picks the best priority among what it supports', () => {
  const req = offerAppProtocols(['iso2', 'din'], 'tcp');
  assert.equal(chooseAppProtocol(req, ['din', 'iso2'], 'tcp'), { response: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 1 }, protocol: 'iso2' });
  assert.equal(chooseAppProtocol(req, ['din'], 'tcp'), { response: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 2 }, protocol: 'din' });
});

test('a different minor version is accepted with a deviation; nothing acceptable is Failed_NoNegotiation', () => {
  const req = offerAppProtocols(['iso2'], 'tcp');
  const minor = { AppProtocol: [{ ...req.AppProtocol[0], VersionNumberMinor: 3 }] };
  assert.is(chooseAppProtocol(minor, ['iso2'], 'tcp').response.ResponseCode, 'OK_SuccessfulNegotiationWithMinorDeviation');
  const major = { AppProtocol: [{ ...req.AppProtocol[0], VersionNumberMajor: 3 }] };
  assert.equal(chooseAppProtocol(major, ['iso2'], 'tcp'), { response: { ResponseCode: 'Failed_NoNegotiation' } });
  assert.equal(chooseAppProtocol(offerAppProtocols(['din'], 'tcp'), ['din'], 'tls1.2'), { response: { ResponseCode: 'Failed_NoNegotiation' } });
});

test('the EVCC accepts only a positive answer naming a SchemaID it offered', () => {
  const req = offerAppProtocols(['iso2', 'din'], 'tcp');
  assert.equal(acceptAppProtocol(req, { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 2 }), { ok: true, protocol: 'din' });
  assert.is(acceptAppProtocol(req, { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 9 }).ok, false);
  assert.is(acceptAppProtocol(req, { ResponseCode: 'OK_SuccessfulNegotiation' }).ok, false);
  assert.is(acceptAppProtocol(req, { ResponseCode: 'Failed_NoNegotiation' }).ok, false);
});

test.run();
