/** What the SECC answers to each SDP request under each TLS policy (ISO 15118-2 §7.10.1, [V2G20-624]). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Security, TransportProtocol, type SdpRequest } from '../../codecs/sdp/index.js';
import { answerSdpRequest, checkSdpOffer, type SeccSdpOffer, type SdpAnswer } from '../../machines/sdp/secc-sdp.js';
import { hex } from '../shared/hex.js';

const request = (Security: Security, fields: Partial<SdpRequest> = {}): SdpRequest => ({
  kind: 'SDPRequest',
  wireless: false,
  Security,
  TransportProtocol: TransportProtocol.TCP,
  ...fields,
});
const offer = (fields: Partial<SeccSdpOffer> = {}): SeccSdpOffer => ({
  address: 'fe80::211:22ff:fe33:4455%eth1',
  port: 61851,
  tls: 'allow',
  ...fields,
});
const TLS = Security.TLS;
const NO_TLS = Security.NoTransportSecurity;
/** The port and security the SECC answers `asked` with under `fields`. */
const answer = (asked: Security, fields: Partial<SeccSdpOffer> = {}): { port: number; security: Security } =>
  answered(answerSdpRequest(request(asked), offer(fields)));

function answered(answer: SdpAnswer): { port: number; security: Security } {
  assert.ok('respond' in answer, `expected a response, got ${JSON.stringify(answer)}`);
  assert.equal(answer.respond.SECCIPAddress, hex('fe80 0000 0000 0000 0211 22ff fe33 4455'), 'the scope is not sent');
  assert.is(answer.respond.TransportProtocol, TransportProtocol.TCP);
  assert.is(answer.respond.wireless, false);
  return { port: answer.respond.SECCPort, security: answer.respond.Security };
}

test('allow: TLS when the EV asks for TLS, no TLS when it asks for none', () => {
  assert.equal(answer(TLS), { port: 61851, security: TLS });
  assert.equal(answer(NO_TLS), { port: 61851, security: NO_TLS });
});

test('prohibit (DIN SPEC 70121, [V2G-DC-618]): no TLS even when the EV asks for TLS', () => {
  assert.equal(answer(TLS, { tls: 'prohibit' }), { port: 61851, security: NO_TLS });
});

test('force: TLS even when the EV asks for none, and the TLS server port when it is separate', () => {
  assert.equal(answer(NO_TLS, { tls: 'force' }), { port: 61851, security: TLS });
  assert.equal(answer(TLS, { tls: 'allow', tlsPort: 64109 }), { port: 64109, security: TLS });
  assert.equal(answer(NO_TLS, { tls: 'allow', tlsPort: 64109 }), { port: 61851, security: NO_TLS });
});

test('no answer to a request for UDP or to wireless SDP', () => {
  assert.equal(answerSdpRequest(request(TLS, { TransportProtocol: TransportProtocol.UDP }), offer()), {
    ignore: 'SDP request for UDP: V2G messages run on TCP only',
  });
  const wireless = answerSdpRequest(request(TLS, { wireless: true }), offer());
  assert.ok('ignore' in wireless);
  assert.match(wireless.ignore, /wireless SDP request \(0x9002\)/);
});

test('a bad offer is refused up front, naming the field', () => {
  assert.throws(() => checkSdpOffer(offer({ address: 'fe80::g' })), /not an IPv6 address: fe80::g/);
  assert.throws(() => checkSdpOffer(offer({ port: 0 })), /SECC port 0 is not a TCP port/);
  assert.throws(() => checkSdpOffer(offer({ tlsPort: 70000 })), /SECC tlsPort 70000/);
  checkSdpOffer(offer({ tlsPort: 64109 }));
});

test.run();
