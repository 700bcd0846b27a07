/**
 * The EVSE machine driven by hand on a simulated clock: each timer and retry of ISO 15118-3 on the EVSE side, the
 * averaging of the modem's profiles, one EV per run, repeated requests.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  formatMac,
  nidFromNmk,
  parseMac,
  type CmAttenCharRsp,
  type CmAttenProfileInd,
  type CmSlacMatchReq,
  type CmSlacParamReq,
  type CmStartAttenCharInd,
  type MacAddress,
} from '../../codecs/slac/index.js';
import { slacEvseMachine } from '../../machines/slac/evse.js';
import { advance, driveEvse, driven, EV_MAC, EVSE_MACS, nmkOf, RUN_ID } from './harness.js';

const EVSE = EVSE_MACS[0];
const OTHER_EV = parseMac('02:00:00:00:0e:02');
const MODEM = parseMac('02:b0:52:5e:5e:01');
const BROADCAST = parseMac('ff:ff:ff:ff:ff:ff');
const ZERO_ID = new Uint8Array(17);
const APP = { APPLICATION_TYPE: 0, SECURITY_TYPE: 0 };

function paramReq(ev: MacAddress = EV_MAC, RunID = RUN_ID): CmSlacParamReq {
  return { type: 'CM_SLAC_PARAM.REQ', ODA: BROADCAST, OSA: ev, ...APP, RunID, CipherSuite: [] };
}

function startAttenChar(NUM_SOUNDS = 10, RunID = RUN_ID): CmStartAttenCharInd {
  return {
    type: 'CM_START_ATTEN_CHAR.IND', ODA: BROADCAST, OSA: EV_MAC, ...APP, NUM_SOUNDS, TIME_OUT: 6, RESP_TYPE: 1,
    FORWARDING_STA: EV_MAC, RunID,
  };
}

function profile(AAG: number[], ev: MacAddress = EV_MAC): CmAttenProfileInd {
  return { type: 'CM_ATTEN_PROFILE.IND', ODA: EVSE, OSA: MODEM, PEV_MAC: ev, AAG };
}

function attenCharRsp(Result = 0): CmAttenCharRsp {
  return {
    type: 'CM_ATTEN_CHAR.RSP', ODA: EVSE, OSA: EV_MAC, ...APP, SOURCE_ADDRESS: EV_MAC, RunID: RUN_ID, SOURCE_ID: ZERO_ID,
    RESP_ID: ZERO_ID, Result,
  };
}

function matchReq(evseMac: MacAddress = EVSE): CmSlacMatchReq {
  return {
    type: 'CM_SLAC_MATCH.REQ', ODA: EVSE, OSA: EV_MAC, ...APP, PEV_ID: ZERO_ID, PEV_MAC: EV_MAC, EVSE_ID: ZERO_ID,
    EVSE_MAC: evseMac, RunID: RUN_ID,
  };
}

const flat = (dB: number) => new Array<number>(58).fill(dB);

/** Up to the CM_ATTEN_CHAR.IND, with `sounds` profiles of `dB`. */
function reported(sounds = 10, dB = 20) {
  const evse = driveEvse();
  evse.frame(paramReq());
  evse.frame(startAttenChar());
  for (let i = 0; i < sounds; i++) evse.frame(profile(flat(dB)));
  return evse;
}

test('at the start, the modem is put into this run\'s network: CM_SET_KEY.REQ with the NMK and its derived NID', () => {
  const evse = driveEvse();
  const [setKey] = evse.emitted.map((e) => e.event);
  assert.ok(setKey.type === 'slac.setKey');
  assert.equal([setKey.nmk, setKey.nid, formatMac(setKey.frame.ODA)], [nmkOf(1), nidFromNmk(nmkOf(1)), '00:b0:52:00:00:01']);
});

test('TT_EVSE_SLAC_init: no CM_SLAC_PARAM.REQ', () => {
  const evse = driveEvse();
  advance(evse.clock, 39_999);
  assert.is(evse.state(), 'waitingForSlacParam');
  advance(evse.clock, 1);
  assert.equal(evse.output(), { result: 'failed', reason: 'TT_EVSE_SLAC_init: no CM_SLAC_PARAM.REQ' });
});

test('CM_SLAC_PARAM.CNF: to the EV, RunID echoed, 10 sounds, TIME_OUT 6, results to this EVSE (RESP_TYPE 1)', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  const [cnf] = evse.sentOf('CM_SLAC_PARAM.CNF');
  assert.equal(
    [formatMac(cnf.ODA), cnf.RunID, cnf.NUM_SOUNDS, cnf.TIME_OUT, cnf.RESP_TYPE, formatMac(cnf.FORWARDING_STA)],
    [formatMac(EV_MAC), RUN_ID, 10, 6, 1, formatMac(EV_MAC)],
  );
});

test('TT_match_sequence: no CM_START_ATTEN_CHAR.IND after the CNF', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  advance(evse.clock, 400);
  assert.equal(evse.output(), { result: 'failed', reason: 'TT_match_sequence: no CM_START_ATTEN_CHAR.IND' });
});

test('one EV per run: a second EV\'s CM_SLAC_PARAM.REQ is not answered', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  evse.frame(paramReq(OTHER_EV));
  assert.equal(evse.sentOf('CM_SLAC_PARAM.CNF').map((c) => formatMac(c.ODA)), [formatMac(EV_MAC)]);
});

test('a repeated CM_SLAC_PARAM.REQ from the same EV restarts its session with the new RunID', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  evse.frame(startAttenChar());
  const second = Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1);
  evse.frame(paramReq(EV_MAC, second));
  assert.equal(evse.sentOf('CM_SLAC_PARAM.CNF').map((c) => c.RunID), [RUN_ID, second]);
  assert.equal(evse.state(), { session: 'waitingForStartAttenChar' });
  evse.frame(startAttenChar(10, RUN_ID));
  assert.equal(evse.state(), { session: 'waitingForStartAttenChar' }, 'the old RunID is over');
});

test('sounding ends early once a profile per announced sound is in; the IND carries the per-group average', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  evse.frame(startAttenChar(4));
  for (const dB of [10, 20, 30]) evse.frame(profile(flat(dB)));
  evse.frame(profile(flat(99), OTHER_EV)); // another car's sound, heard through crosstalk
  assert.equal(evse.sentOf('CM_ATTEN_CHAR.IND'), []);
  evse.frame(profile(Array.from({ length: 58 }, (_, g) => g)));
  const [ind] = evse.sentOf('CM_ATTEN_CHAR.IND');
  assert.is(ind.NUM_SOUNDS, 4);
  assert.equal(ind.AAG, Array.from({ length: 58 }, (_, g) => Math.round((60 + g) / 4)));
  assert.equal([formatMac(ind.SOURCE_ADDRESS), ind.RunID], [formatMac(EV_MAC), RUN_ID]);
});

test('TT_EVSE_match_MNBC: with fewer profiles than sounds, the IND goes out at the end of the window', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  evse.frame(startAttenChar());
  for (let i = 0; i < 7; i++) evse.frame(profile(flat(18)));
  advance(evse.clock, 599);
  assert.equal(evse.sentOf('CM_ATTEN_CHAR.IND'), []);
  advance(evse.clock, 1);
  const [ind] = evse.sentOf('CM_ATTEN_CHAR.IND');
  assert.equal([ind.NUM_SOUNDS, ind.AAG], [7, flat(18)]);
});

test('profiles without groups (a modem that hears but does not measure): unmeasuredAttenuation for every group', () => {
  const evse = driveEvse({ unmeasuredAttenuation: 12 });
  evse.frame(paramReq());
  evse.frame(startAttenChar());
  for (let i = 0; i < 10; i++) evse.frame({ ...profile([]), ODA: BROADCAST });
  const [ind] = evse.sentOf('CM_ATTEN_CHAR.IND');
  assert.equal([ind.NUM_SOUNDS, ind.AAG], [10, flat(12)]);
});

test('no profile at all: NUM_SOUNDS 0 and no groups, which an EV rejects', () => {
  const evse = driveEvse();
  evse.frame(paramReq());
  evse.frame(startAttenChar());
  advance(evse.clock, 600);
  const [ind] = evse.sentOf('CM_ATTEN_CHAR.IND');
  assert.equal([ind.NUM_SOUNDS, ind.AAG], [0, []]);
});

test('CM_ATTEN_CHAR.IND: repeated every TT_match_response without RSP, 1 + C_EV_match_retry times, then failed', () => {
  const evse = reported();
  advance(evse.clock, 600);
  assert.equal(evse.timesOf('CM_ATTEN_CHAR.IND'), [0, 200, 400]);
  assert.equal(evse.output(), { result: 'failed', reason: 'TT_match_response: no CM_ATTEN_CHAR.RSP after C_EV_match_retry' });
});

test('an RSP with Result other than 0 is not the acknowledgement', () => {
  const evse = reported();
  evse.frame(attenCharRsp(1));
  advance(evse.clock, 200);
  assert.is(evse.timesOf('CM_ATTEN_CHAR.IND').length, 2);
});

test('TT_EVSE_match_session: RSP, then no CM_SLAC_MATCH.REQ', () => {
  const evse = reported();
  evse.frame(attenCharRsp());
  advance(evse.clock, 9_999);
  assert.equal(evse.state(), { session: 'waitingForMatch' });
  advance(evse.clock, 1);
  assert.equal(evse.output(), { result: 'failed', reason: 'TT_EVSE_match_session: no CM_SLAC_MATCH.REQ' });
});

test('CM_VALIDATE.REQ is answered "failure" (this EVSE does not validate) and the session goes on', () => {
  const evse = reported();
  evse.frame(attenCharRsp());
  evse.frame({ type: 'CM_VALIDATE.REQ', ODA: EVSE, OSA: EV_MAC, SignalType: 0, Timer: 0, Result: 1 });
  assert.equal(evse.sentOf('CM_VALIDATE.CNF').map((c) => c.Result), [3]);
  evse.frame(matchReq());
  assert.is(evse.sentOf('CM_SLAC_MATCH.CNF').length, 1);
});

test('CM_SLAC_MATCH.REQ for another EVSE is not answered; ours gets NID and NMK; a repeat gets the same CNF', () => {
  const evse = reported();
  evse.frame(attenCharRsp());
  evse.frame(matchReq(EVSE_MACS[1]));
  assert.equal(evse.sentOf('CM_SLAC_MATCH.CNF'), []);
  evse.frame(matchReq());
  evse.send({ type: 'slac.linkUp' });
  evse.frame(matchReq());
  const [first, again] = evse.sentOf('CM_SLAC_MATCH.CNF');
  assert.equal([first.NMK, first.NID, formatMac(first.EVSE_MAC), first.RunID], [nmkOf(1), nidFromNmk(nmkOf(1)), formatMac(EVSE), RUN_ID]);
  assert.equal(again, first);
  assert.is(evse.state(), 'linked');
});

test('a MATCH.REQ while the IND is still being repeated (the RSP was lost) is answered', () => {
  const evse = reported();
  evse.frame(matchReq());
  assert.is(evse.sentOf('CM_SLAC_MATCH.CNF').length, 1);
  assert.is(evse.state(), 'joining');
});

test('a CM_SLAC_MATCH.REQ repeated while the EV joins (our CNF was lost) gets the same CNF again', () => {
  const evse = reported();
  evse.frame(attenCharRsp());
  evse.frame(matchReq());
  evse.frame(matchReq());
  const [first, again] = evse.sentOf('CM_SLAC_MATCH.CNF');
  assert.equal(again, first);
  assert.is(evse.state(), 'joining');
});

test('TT_match_join: the EV does not join after the CNF', () => {
  const evse = reported();
  evse.frame(attenCharRsp());
  evse.frame(matchReq());
  advance(evse.clock, 12_000);
  assert.equal(evse.output(), { result: 'failed', reason: 'TT_match_join: the EV did not join the network' });
});

test('without link detection the EVSE is linked as soon as its CNF is out', () => {
  const evse = driveEvse({ linkDetection: false });
  evse.frame(paramReq());
  evse.frame(startAttenChar());
  for (let i = 0; i < 10; i++) evse.frame(profile(flat(20)));
  evse.frame(attenCharRsp());
  evse.frame(matchReq());
  assert.is(evse.state(), 'linked');
  evse.send({ type: 'slac.stop' });
  assert.equal(evse.output(), { result: 'matched', nmk: nmkOf(1), nid: nidFromNmk(nmkOf(1)), evMac: EV_MAC });
});

test('a lost link after the match is debounced for T_conn_resume', () => {
  const evse = reported();
  evse.frame(attenCharRsp());
  evse.frame(matchReq());
  evse.send({ type: 'slac.linkUp' });
  evse.send({ type: 'slac.linkDown' });
  advance(evse.clock, 3_000);
  evse.send({ type: 'slac.linkUp' });
  assert.is(evse.state(), 'linked');
  evse.send({ type: 'slac.linkDown' });
  advance(evse.clock, 6_000);
  assert.equal(evse.output(), { result: 'failed', reason: 'T_conn_resume: the link stayed down after the match' });
});

test('every transition of the SLAC EVSE machine was taken', () => {
  assert.equal(driven.missing(slacEvseMachine), []);
});

test.run();
