/**
 * The EV machine driven by hand on a simulated clock: each timer and retry counter of ISO 15118-3 on the EV side,
 * the choice among several EVSEs, and late, duplicate or foreign frames.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMac, type CmAttenCharInd, type CmSlacMatchCnf, type CmSlacParamCnf, type MacAddress } from '../../codecs/slac/index.js';
import { SimulatedClock } from 'xstate';
import { runSlacEv } from '../../actors/slac/run-slac-ev.js';
import { slacEvMachine } from '../../machines/slac/ev.js';
import { memoryFramePorts } from '../../transport/ethernet/memory-frame-port.js';
import { advance, driveEv, driven, EV_MAC, EVSE_MACS, nmkOf, RUN_ID } from './harness.js';

const [A, B, C] = EVSE_MACS;
const ZERO_ID = new Uint8Array(17);
const APP = { APPLICATION_TYPE: 0, SECURITY_TYPE: 0 };

function paramCnf(evse: MacAddress, RunID = RUN_ID): CmSlacParamCnf {
  return {
    type: 'CM_SLAC_PARAM.CNF', ODA: EV_MAC, OSA: evse, M_SOUND_TARGET: new Uint8Array(6).fill(0xff), NUM_SOUNDS: 10,
    TIME_OUT: 6, RESP_TYPE: 1, FORWARDING_STA: EV_MAC, ...APP, RunID,
  };
}

function attenCharInd(evse: MacAddress, dB: number, NUM_SOUNDS = 10): CmAttenCharInd {
  return {
    type: 'CM_ATTEN_CHAR.IND', ODA: EV_MAC, OSA: evse, ...APP, SOURCE_ADDRESS: EV_MAC, RunID: RUN_ID,
    SOURCE_ID: ZERO_ID, RESP_ID: ZERO_ID, NUM_SOUNDS, AAG: new Array<number>(58).fill(dB),
  };
}

function matchCnf(evse: MacAddress): CmSlacMatchCnf {
  return {
    type: 'CM_SLAC_MATCH.CNF', ODA: EV_MAC, OSA: evse, ...APP, PEV_ID: ZERO_ID, PEV_MAC: EV_MAC, EVSE_ID: ZERO_ID,
    EVSE_MAC: evse, RunID: RUN_ID, NID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7), NMK: nmkOf(9),
  };
}

/** Through parameter exchange and sounding with the given EVSEs answering, up to the IND results. */
function sounded(evses: readonly MacAddress[], input: Parameters<typeof driveEv>[0] = {}) {
  const ev = driveEv(input);
  advance(ev.clock, 5);
  for (const m of evses) ev.frame(paramCnf(m));
  advance(ev.clock, 400);
  return ev;
}

test('no EVSE answers: CM_SLAC_PARAM.REQ every TT_match_response, 1 + C_EV_match_retry times, then failed', () => {
  const ev = driveEv();
  advance(ev.clock, 599);
  assert.equal(ev.timesOf('CM_SLAC_PARAM.REQ'), [0, 200, 400]);
  assert.not.ok(ev.done());
  advance(ev.clock, 1);
  assert.equal(ev.output(), { result: 'failed', reason: 'TT_match_response: no CM_SLAC_PARAM.CNF after C_EV_match_retry' });
});

test('C_EV_match_retry from input: 100 retries as EVerest\'s EV allows for CM_SLAC_PARAM.REQ', () => {
  const ev = driveEv({ timing: { C_EV_match_retry: 100 } });
  advance(ev.clock, 20_200);
  assert.is(ev.timesOf('CM_SLAC_PARAM.REQ').length, 101);
  assert.ok(ev.done());
});

test('a CNF with another RunID is not an answer', () => {
  const ev = driveEv();
  ev.frame(paramCnf(A, Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9)));
  advance(ev.clock, 600);
  assert.is(ev.output()?.result, 'failed');
});

test('sounding: TP_match_sequence after the first CNF, 3 START_ATTEN_CHAR then 10 sounds TP_EV_batch_msg_interval apart', () => {
  const ev = driveEv();
  advance(ev.clock, 5);
  ev.frame(paramCnf(A));
  advance(ev.clock, 400);
  const start = ev.timesOf('CM_START_ATTEN_CHAR.IND');
  assert.equal(start, [55, 75, 95]);
  assert.equal(ev.timesOf('CM_MNBC_SOUND.IND'), Array.from({ length: 10 }, (_, i) => 115 + 20 * i));
  assert.equal(ev.sentOf('CM_MNBC_SOUND.IND').map((s) => s.CNT), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  const first = ev.sentOf('CM_START_ATTEN_CHAR.IND')[0];
  assert.equal([first.NUM_SOUNDS, first.TIME_OUT, first.RESP_TYPE, formatMac(first.FORWARDING_STA)], [10, 6, 1, formatMac(EV_MAC)]);
});

test('timers from input: TP_EV_batch_msg_interval 40 ms and C_EV_match_MNBC 5', () => {
  const ev = driveEv({ timing: { TP_EV_batch_msg_interval: 40, C_EV_match_MNBC: 5 } });
  ev.frame(paramCnf(A));
  advance(ev.clock, 600);
  assert.equal(ev.timesOf('CM_MNBC_SOUND.IND'), [170, 210, 250, 290, 330]);
});

test('duplicate and late CNFs: one candidate per EVSE, a late one still counts, a foreign RunID does not', () => {
  const ev = driveEv();
  ev.frame(paramCnf(A));
  ev.frame(paramCnf(A));
  advance(ev.clock, 100); // sounding has started
  ev.frame(paramCnf(B)); // late
  ev.frame(paramCnf(C, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1)));
  advance(ev.clock, 300);
  ev.frame(attenCharInd(A, 20));
  // B answered too, so the EV waits for its IND until TT_EV_atten_results.
  assert.equal(ev.sentOf('CM_SLAC_MATCH.REQ'), []);
  ev.frame(attenCharInd(B, 15));
  assert.is(formatMac(ev.sentOf('CM_SLAC_MATCH.REQ')[0].ODA), formatMac(B));
});

test('every CM_ATTEN_CHAR.IND gets its RSP, a repeated one too, and counts once', () => {
  const ev = sounded([A, B]);
  ev.frame(attenCharInd(A, 30));
  ev.frame(attenCharInd(A, 30));
  assert.equal(ev.sentOf('CM_ATTEN_CHAR.RSP').map((r) => [formatMac(r.ODA), r.Result]), [[formatMac(A), 0], [formatMac(A), 0]]);
  assert.equal(ev.sentOf('CM_SLAC_MATCH.REQ'), []);
  ev.frame(attenCharInd(B, 25));
  assert.is(formatMac(ev.sentOf('CM_SLAC_MATCH.REQ')[0].ODA), formatMac(B));
});

test('TT_EV_atten_results: an EVSE that never reports is not waited for beyond it', () => {
  const ev = driveEv();
  ev.frame(paramCnf(A));
  ev.frame(paramCnf(B));
  advance(ev.clock, 400);
  ev.frame(attenCharInd(B, 25));
  const firstStart = ev.timesOf('CM_START_ATTEN_CHAR.IND')[0];
  advance(ev.clock, firstStart + 1_200 - ev.clock.now() - 1);
  assert.equal(ev.sentOf('CM_SLAC_MATCH.REQ'), []);
  advance(ev.clock, 1);
  assert.equal(ev.timesOf('CM_SLAC_MATCH.REQ'), [firstStart + 1_200]);
});

test('no CM_ATTEN_CHAR.IND at all: failed at TT_EV_atten_results, naming who answered the PARAM.REQ', () => {
  const ev = sounded([A]);
  advance(ev.clock, 1_000);
  assert.equal(ev.output(), {
    result: 'failed',
    reason: 'TT_EV_atten_results: no CM_ATTEN_CHAR.IND (CM_SLAC_PARAM.CNF from 02:00:00:00:5e:01)',
  });
});

test('the lowest mean wins; 0 dB (a defective measurement) and no sounds heard are rejected', () => {
  const ev = sounded([A, B, C]);
  ev.frame(attenCharInd(A, 0));
  ev.frame(attenCharInd(B, 5, 0));
  ev.frame(attenCharInd(C, 33));
  assert.is(formatMac(ev.sentOf('CM_SLAC_MATCH.REQ')[0].ODA), formatMac(C));
});

test('CM_SLAC_MATCH.REQ: retried every TT_match_response, 1 + C_EV_match_retry times, then failed', () => {
  const ev = sounded([A]);
  ev.frame(attenCharInd(A, 20));
  const first = ev.timesOf('CM_SLAC_MATCH.REQ')[0];
  advance(ev.clock, 600);
  assert.equal(ev.timesOf('CM_SLAC_MATCH.REQ'), [first, first + 200, first + 400]);
  assert.equal(ev.output(), { result: 'failed', reason: 'TT_match_response: no CM_SLAC_MATCH.CNF after C_EV_match_retry' });
});

test('a CM_SLAC_MATCH.CNF from another EVSE than the chosen one is not the answer', () => {
  const ev = sounded([A, B]);
  ev.frame(attenCharInd(A, 20));
  ev.frame(attenCharInd(B, 30));
  ev.frame(matchCnf(B));
  assert.equal(ev.emitted.filter((e) => e.event.type === 'slac.setKey'), []);
  ev.frame(matchCnf(A));
  const setKey = ev.emitted.find((e) => e.event.type === 'slac.setKey')?.event;
  assert.ok(setKey?.type === 'slac.setKey');
  assert.equal([setKey.nmk, setKey.nid, formatMac(setKey.destination)], [nmkOf(9), Uint8Array.of(1, 2, 3, 4, 5, 6, 7), '00:b0:52:00:00:01']);
  assert.equal([setKey.frame.KeyType, setKey.frame.PID, setKey.frame.NewEKS, setKey.frame.NewKey], [1, 4, 1, nmkOf(9)]);
});

test('a CM_ATTEN_CHAR.IND repeated while matching and joining (our RSP was lost) gets its RSP again', () => {
  const ev = sounded([A]);
  ev.frame(attenCharInd(A, 20));
  assert.equal(ev.state(), { matching: 'requesting' });
  ev.frame(attenCharInd(A, 20));
  ev.frame(matchCnf(A));
  assert.is(ev.state(), 'joining');
  ev.frame(attenCharInd(A, 20));
  assert.is(ev.sentOf('CM_ATTEN_CHAR.RSP').length, 3);
  assert.is(ev.sentOf('CM_SLAC_MATCH.REQ').length, 1, 'the match goes on, not restarted');
});

test('TT_match_join: the link does not come up after CM_SET_KEY', () => {
  const ev = sounded([A]);
  ev.frame(attenCharInd(A, 20));
  ev.frame(matchCnf(A));
  advance(ev.clock, 11_999);
  assert.is(ev.state(), 'joining');
  advance(ev.clock, 1);
  assert.equal(ev.output(), { result: 'failed', reason: 'TT_match_join: the link did not come up after CM_SET_KEY' });
});

test('link up: D-LINK_READY with the EVSE\'s key; a lost link is debounced for T_conn_resume', () => {
  const ev = sounded([A]);
  ev.frame(attenCharInd(A, 20));
  ev.frame(matchCnf(A));
  ev.send({ type: 'slac.linkUp' });
  assert.is(ev.state(), 'linked');
  const ready = ev.emitted.filter((e) => e.event.type === 'slac.linkReady').map((e) => e.event);
  assert.equal(ready, [{ type: 'slac.linkReady', nmk: nmkOf(9), nid: Uint8Array.of(1, 2, 3, 4, 5, 6, 7), peer: A }]);
  ev.send({ type: 'slac.linkDown' });
  advance(ev.clock, 5_999);
  ev.send({ type: 'slac.linkUp' });
  assert.is(ev.state(), 'linked');
  ev.send({ type: 'slac.linkDown' });
  advance(ev.clock, 6_000);
  assert.equal(ev.output(), { result: 'failed', reason: 'T_conn_resume: the link stayed down after the match' });
});

test('without link detection, the modem\'s CM_SET_KEY.CNF (Result 0 or 1) is the link, as EVerest\'s EV takes it', () => {
  for (const Result of [0, 1]) {
    const ev = sounded([A], { linkDetection: false });
    ev.frame(attenCharInd(A, 20));
    ev.frame(matchCnf(A));
    ev.send({ type: 'slac.linkUp' });
    assert.is(ev.state(), 'joining', 'a link event is not what this EV waits for');
    ev.frame({
      type: 'CM_SET_KEY.CNF', ODA: EV_MAC, OSA: Uint8Array.of(2, 0xb0, 0x52, 0, 0, 1), Result,
      MyNonce: new Uint8Array(4), YourNonce: new Uint8Array(4), PID: 4, PRN: 0, PMN: 0xff, CCoCapability: 0,
    });
    assert.is(ev.state(), 'linked');
  }
});

test('stop before the match: failed, "stopped before the match"', () => {
  const ev = driveEv();
  ev.send({ type: 'slac.stop' });
  assert.equal(ev.output(), { result: 'failed', reason: 'stopped before the match' });
});

test('a RunID that is not 8 octets is refused: the run rejects with a RangeError, nothing is sent', async () => {
  const [port, peer] = memoryFramePorts(EV_MAC, A);
  const seen: Uint8Array[] = [];
  peer.frames$.subscribe((f) => seen.push(f));
  const run = runSlacEv({ port, clock: new SimulatedClock(), input: { mac: EV_MAC, runId: Uint8Array.of(1, 2, 3) } });
  for (const outcome of [run.done, run.result]) {
    const err = await outcome.then(() => undefined, (e: unknown) => e);
    assert.instance(err, RangeError);
    assert.match((err as Error).message, 'RunID must be 8 octets, got 3');
  }
  assert.is(seen.length, 0);
});

test('every transition of the SLAC EV machine was taken', () => {
  assert.equal(driven.missing(slacEvMachine), []);
});

test.run();
