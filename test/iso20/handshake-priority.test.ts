/** The handshake with ISO 15118-20 beside DIN and -2: the EVCC offers by priority, the SECC chooses by priority and support. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptAppProtocol, chooseAppProtocol, offerAppProtocols } from '../../machines/apphand/negotiation.js';
import { evccProtocolPriority, seccSupportedProtocols } from '../../machines/apphand/protocol-priority.js';

test('the EVCC prefers -20 of its energy kind, then -2, then DIN (DC only)', () => {
  assert.equal(evccProtocolPriority('dc'), ['iso20-dc', 'iso2', 'din']);
  assert.equal(evccProtocolPriority('ac'), ['iso20-ac', 'iso2']);
  assert.equal(evccProtocolPriority('dc', ['din', 'iso2']), ['iso2', 'din']);
  assert.equal(seccSupportedProtocols(['ac', 'dc']), ['iso20-ac', 'iso2', 'iso20-dc', 'din']);
  assert.equal(seccSupportedProtocols(['dc'], ['iso20']), ['iso20-dc']);
});

test('on TLS 1.3 a DC EV offers -20 DC first, -2 second; on TCP -2 and DIN; on TLS 1.2 only -2', () => {
  const offer = (security: 'tcp' | 'tls1.2' | 'tls1.3') => offerAppProtocols(evccProtocolPriority('dc'), security).AppProtocol.map((p) => [p.ProtocolNamespace, p.Priority]);
  assert.equal(offer('tls1.3'), [['urn:iso:std:iso:15118:-20:DC', 1], ['urn:iso:15118:2:2013:MsgDef', 2]]);
  assert.equal(offer('tcp'), [['urn:iso:15118:2:2013:MsgDef', 1], ['urn:din:70121:2012:MsgDef', 2]]);
  assert.equal(offer('tls1.2'), [['urn:iso:15118:2:2013:MsgDef', 1]]);
});

test('one station running all three serves each EV the best protocol they share', () => {
  const station = seccSupportedProtocols(['ac', 'dc']);
  const run = (kind: 'ac' | 'dc', runs: readonly ('din' | 'iso2' | 'iso20')[], security: 'tcp' | 'tls1.2' | 'tls1.3') => {
    const req = offerAppProtocols(evccProtocolPriority(kind, runs), security);
    const chosen = chooseAppProtocol(req, station, security);
    const accepted = acceptAppProtocol(req, chosen.response);
    assert.equal(accepted.ok && accepted.protocol, chosen.protocol ?? false, 'the EV accepts what the station chose');
    return chosen.protocol;
  };
  assert.is(run('dc', ['iso20', 'iso2', 'din'], 'tls1.3'), 'iso20-dc');
  assert.is(run('ac', ['iso20', 'iso2'], 'tls1.3'), 'iso20-ac');
  assert.is(run('dc', ['iso2', 'din'], 'tcp'), 'iso2');
  assert.is(run('dc', ['din'], 'tcp'), 'din');
  assert.is(run('ac', ['iso2'], 'tls1.2'), 'iso2');
});

test('a station without -20 gives a -20-first EV its next protocol; one with only -20 refuses an older EV', () => {
  const req = offerAppProtocols(evccProtocolPriority('dc'), 'tls1.3');
  assert.is(chooseAppProtocol(req, ['din', 'iso2'], 'tls1.3').protocol, 'iso2');
  assert.is(chooseAppProtocol(req, ['iso20-ac'], 'tls1.3').response.ResponseCode, 'Failed_NoNegotiation', 'an AC-only -20 station does not serve a DC EV');
  const older = offerAppProtocols(evccProtocolPriority('dc', ['iso2', 'din']), 'tcp');
  assert.equal(chooseAppProtocol(older, ['iso20-dc'], 'tcp').response, { ResponseCode: 'Failed_NoNegotiation' });
});

test('the EV’s priority decides even when it lists -2 before -20', () => {
  const req = offerAppProtocols(['iso2', 'iso20-dc'], 'tls1.3');
  assert.is(chooseAppProtocol(req, seccSupportedProtocols(['dc']), 'tls1.3').protocol, 'iso2');
});

test.run();
