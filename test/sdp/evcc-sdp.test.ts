/**
 * The EVCC's SDP client as scenarios of ISO 15118-2 §7.10.1 on a simulated clock: answered at once, answered after
 * retries, never answered, and answers it cannot use.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { Security, TransportProtocol, type SdpRequest, type SdpResponse } from '../../codecs/sdp/index.js';
import { evccSdpMachine, type EvccSdpInput, type SdpResult } from '../../machines/sdp/evcc-sdp.js';
import { hex } from '../shared/hex.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

const seccAddress = hex('fe80 0000 0000 0000 0211 22ff fe33 4455');

const found = (security: 'tls' | 'tcp'): SdpResult => ({
  ok: true,
  secc: { address: 'fe80::211:22ff:fe33:4455', port: 61851, security, transport: 'tcp' },
});

const response = (fields: Partial<SdpResponse> = {}): SdpResponse => ({
  kind: 'SDPResponse',
  wireless: false,
  SECCIPAddress: seccAddress,
  SECCPort: 61851,
  Security: Security.TLS,
  TransportProtocol: TransportProtocol.TCP,
  ...fields,
});

/**
 * SimulatedClock.increment fires only the timers due at its end, and a timer set while they fire starts from there;
 * stepping a millisecond at a time puts every resend at its true time.
 */
function advance(clock: SimulatedClock, ms: number): void {
  for (let i = 0; i < ms; i++) clock.increment(1);
}

const coverage = new TransitionCoverage();

function start(input: EvccSdpInput) {
  const clock = new SimulatedClock();
  const sent: SdpRequest[] = [];
  const actor = createActor(evccSdpMachine, { clock, input, inspect: coverage.inspect });
  actor.on('sdp.send', ({ request }) => sent.push(request));
  actor.start();
  const output = (): SdpResult | undefined => actor.getSnapshot().output;
  return { clock, sent, actor, output };
}

test('the machine is evcc-sdp and its timer is the named delay SDP_Response_Timeout', () => {
  assert.is(evccSdpMachine.id, 'evcc-sdp');
  assert.equal(Object.keys(evccSdpMachine.implementations.delays), ['SDP_Response_Timeout']);
});

test('first request answered: one SDP request for TLS over TCP, the SECC from the response', () => {
  const { sent, actor, output } = start({ security: 'tls' });
  assert.equal(sent, [
    { kind: 'SDPRequest', wireless: false, Security: Security.TLS, TransportProtocol: TransportProtocol.TCP },
  ]);
  actor.send({ type: 'sdp.response', response: response() });
  assert.is(actor.getSnapshot().value, 'discovered');
  assert.equal(output(), found('tls'));
});

test('a request for no TLS carries Security 0x10', () => {
  const { sent } = start({ security: 'tcp' });
  assert.is(sent[0].Security, Security.NoTransportSecurity);
});

test('answered after 3 retries: a new request every 250 ms, none before [V2G20-159]', () => {
  const { clock, sent, actor, output } = start({ security: 'tcp' });
  advance(clock, 249);
  assert.is(sent.length, 1, 'the EVCC waits at least 250 ms');
  advance(clock, 1);
  assert.is(sent.length, 2);
  advance(clock, 500);
  assert.is(sent.length, 4);
  actor.send({ type: 'sdp.response', response: response({ Security: Security.NoTransportSecurity }) });
  assert.equal(output(), found('tcp'));
  advance(clock, 10_000);
  assert.is(sent.length, 4, 'no request after the answer');
});

test('all 50 requests unanswered: SDP fails after 50 × 250 ms with the reason [V2G20-161]', () => {
  const { clock, sent, actor, output } = start({ security: 'tls' });
  advance(clock, 49 * 250);
  assert.is(sent.length, 50);
  assert.is(actor.getSnapshot().status, 'active', 'the 50th request still gets its 250 ms');
  advance(clock, 249);
  assert.is(actor.getSnapshot().status, 'active');
  advance(clock, 1);
  assert.is(actor.getSnapshot().value, 'failed');
  const result = output();
  assert.ok(result && !result.ok);
  assert.match(result.reason, /no usable SDP response after 50 SDP requests, SDP_Response_Timeout 250 ms each$/);
  assert.is(sent.length, 50);
});

test('timing overrides: 3 requests 100 ms apart', () => {
  const timing = { SDP_Response_Timeout: 100, SDP_Max_Request_Counter: 3 };
  const { clock, sent, actor } = start({ security: 'tcp', timing });
  advance(clock, 299);
  assert.is(sent.length, 3);
  assert.is(actor.getSnapshot().status, 'active');
  advance(clock, 1);
  assert.is(actor.getSnapshot().status, 'done');
});

test('invalid timing puts the actor in error before any request', () => {
  const actor = createActor(evccSdpMachine, { input: { security: 'tcp', timing: { SDP_Max_Request_Counter: 0 } } });
  let error: unknown;
  let sent = 0;
  actor.subscribe({ error: (e) => (error = e) });
  actor.on('sdp.send', () => sent++);
  actor.start();
  assert.is(actor.getSnapshot().status, 'error');
  assert.match(String(error), /SDP_Max_Request_Counter must be a whole number >= 1, got 0/);
  assert.is(sent, 0);
});

test('an undecodable datagram is ignored, the timer runs on, a later valid response is taken', () => {
  const { clock, sent, actor, output } = start({ security: 'tls' });
  advance(clock, 100);
  actor.send({ type: 'sdp.invalid', reason: 'SdpError: SDP datagram V2GTP version (byte 0): 0x02' });
  assert.is(actor.getSnapshot().value, 'discovering');
  advance(clock, 150);
  assert.is(sent.length, 2, 'an invalid datagram does not restart SDP_Response_Timeout');
  actor.send({ type: 'sdp.response', response: response() });
  assert.ok(output()?.ok);
});

test('a response offering no TLS to a TLS request is not usable: ignored, named in the failure', () => {
  const { clock, sent, actor, output } = start({ security: 'tls', timing: { SDP_Max_Request_Counter: 2 } });
  actor.send({ type: 'sdp.response', response: response({ Security: Security.NoTransportSecurity }) });
  assert.is(actor.getSnapshot().value, 'discovering');
  advance(clock, 250);
  assert.is(sent.length, 2, 'the EVCC asks again');
  advance(clock, 250);
  const result = output();
  assert.ok(result && !result.ok);
  assert.match(result.reason, /last fault: the SDP response offers no TLS, the EVCC asked for TLS/);
});

test('a response offering TLS to a request for no TLS is not usable', () => {
  const { actor } = start({ security: 'tcp' });
  actor.send({ type: 'sdp.response', response: response({ Security: Security.TLS }) });
  assert.is(actor.getSnapshot().value, 'discovering');
});

test('acceptNoTls: a no-TLS answer to a TLS request is taken', () => {
  const { actor, output } = start({ security: 'tls', acceptNoTls: true });
  actor.send({ type: 'sdp.response', response: response({ Security: Security.NoTransportSecurity }) });
  assert.equal(output(), found('tcp'));
});

test('responses that cannot be connected to are ignored: UDP, wireless, ::, multicast, port 0', () => {
  const { actor } = start({ security: 'tls', timing: { SDP_Max_Request_Counter: 1 } });
  const unusable: [Partial<SdpResponse>, RegExp][] = [
    [{ TransportProtocol: TransportProtocol.UDP }, /offers UDP/],
    [{ wireless: true }, /wireless/],
    [{ SECCIPAddress: new Uint8Array(16) }, /SECCIPAddress :: is not a unicast address/],
    [{ SECCIPAddress: hex('ff02 0000 0000 0000 0000 0000 0000 0001') }, /ff02::1 is not a unicast/],
    [{ SECCPort: 0 }, /SECCPort 0/],
  ];
  for (const [fields, reason] of unusable) {
    actor.send({ type: 'sdp.response', response: response(fields) });
    assert.is(actor.getSnapshot().value, 'discovering');
    assert.match(actor.getSnapshot().context.lastFault ?? '', reason);
  }
});

test('a failed send is counted as a request and named in the failure', () => {
  const { clock, actor, output } = start({ security: 'tcp', timing: { SDP_Max_Request_Counter: 1 } });
  actor.send({ type: 'sdp.sendFailed', reason: 'send ENETUNREACH ff02::1%lo:15118' });
  advance(clock, 250);
  const result = output();
  assert.ok(result && !result.ok);
  assert.match(result.reason, /after 1 SDP requests.*last fault: send ENETUNREACH/);
});

test('every transition of the EVCC\'s SDP machine was taken', () => {
  assert.equal(coverage.missing(evccSdpMachine), []);
});

test.run();
