/**
 * Our machines against the frames of real peers and real modems, from the captures in ../shared/captures: the EV
 * side is answered with a real charger's frames (Alpitronic HPC; a dSPACE lab EVSE), the EVSE side is fed a real
 * car's frames (Tesla Model Y; a dSPACE lab EV) together with the attenuation profiles its real modem reported
 * (a QCA7420 sending NumGroups 0 to broadcast; a lab modem sending 58 groups to broadcast). Frames go through the
 * actors and their port, so filtering and parsing are part of what is checked.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { runSlacEv } from '../../actors/slac/run-slac-ev.js';
import { runSlacEvse } from '../../actors/slac/run-slac-evse.js';
import { LINKTYPE_ETHERNET, readCapture } from '../../codecs/pcap/index.js';
import {
  ETHERTYPE_HOMEPLUG_AV,
  formatMac,
  nidFromNmk,
  parseMac,
  parseSlacFrame,
  type MacAddress,
  type SlacMessage,
} from '../../codecs/slac/index.js';
import { memoryFramePort } from '../../transport/ethernet/memory-frame-port.js';
import { settled } from '../shared/async.js';
import { sharedOrSkip } from '../shared/shared-dir.js';
import { advance, nmkOf } from './harness.js';

interface Captured {
  readonly at: number;
  readonly frame: Uint8Array;
  readonly message: SlacMessage | undefined;
}

function capture(path: string): Captured[] {
  const out: Captured[] = [];
  for (const p of readCapture(new Uint8Array(readFileSync(path)))) {
    const d = p.data;
    if (p.linkType !== LINKTYPE_ETHERNET || d.length < 14 || ((d[12] << 8) | d[13]) !== ETHERTYPE_HOMEPLUG_AV) continue;
    let message: SlacMessage | undefined;
    try {
      message = parseSlacFrame(d);
    } catch {
      message = undefined;
    }
    out.push({ at: p.timestampMicros / 1000, frame: Uint8Array.from(d), message });
  }
  return out;
}

const first = (frames: Captured[], type: SlacMessage['type'], from?: MacAddress) =>
  frames.find((f) => f.message?.type === type && (from === undefined || formatMac(f.message.OSA) === formatMac(from)));

/**
 * Our EV, answered by a real charger: each captured answer is delivered when our EV sends what it answered in the
 * capture (our timing differs from the captured EV's, so timestamps cannot be replayed on this side).
 */
async function evAgainst(path: string, ev: MacAddress, modemSetKeyCnfAfterMatch: boolean) {
  const frames = capture(path);
  const paramReq = first(frames, 'CM_SLAC_PARAM.REQ', ev);
  assert.ok(paramReq?.message?.type === 'CM_SLAC_PARAM.REQ');
  const answers = new Map<SlacMessage['type'], Captured | undefined>([
    ['CM_SLAC_PARAM.REQ', first(frames, 'CM_SLAC_PARAM.CNF')],
    ['CM_MNBC_SOUND.IND', first(frames, 'CM_ATTEN_CHAR.IND')],
    ['CM_SLAC_MATCH.REQ', first(frames, 'CM_SLAC_MATCH.CNF')],
  ]);
  if (modemSetKeyCnfAfterMatch) {
    const matchAt = answers.get('CM_SLAC_MATCH.REQ')?.at ?? 0;
    answers.set('CM_SET_KEY.REQ', frames.find((f) => f.message?.type === 'CM_SET_KEY.CNF' && f.at > matchAt));
  }
  const clock = new SimulatedClock();
  const sent: SlacMessage[] = [];
  const port = memoryFramePort(ev, (frame) => {
    const message = parseSlacFrame(frame);
    sent.push(message);
    const answer = answers.get(message.type);
    if (answer === undefined || (message.type === 'CM_MNBC_SOUND.IND' && message.CNT !== 0)) return;
    clock.setTimeout(() => port.deliver(answer.frame), 5);
  });
  const log: string[] = [];
  const run = runSlacEv({
    port,
    clock,
    log: (line) => log.push(line),
    input: { mac: ev, runId: paramReq.message.RunID, linkDetection: false },
  });
  advance(clock, 2_000);
  return { run, sent, frames, log, result: (await settled(run.result)) ? await run.result : undefined };
}

sharedOrSkip(test, 'our EV against an Alpitronic charger (pyPLC capture): matched with its NMK/NID, its QCA7420 confirming the key', ['captures', 'pyplc-alpitronic-slac-until-sdp.pcapng'], async (path) => {
  const EV = parseMac('dc:0e:a1:11:67:08');
  const replay = await evAgainst(path, EV, true);
  const cnf = first(replay.frames, 'CM_SLAC_MATCH.CNF')?.message;
  assert.ok(cnf?.type === 'CM_SLAC_MATCH.CNF');
  assert.equal(replay.result, { result: 'matched', nmk: cnf.NMK, nid: cnf.NID, evseMac: cnf.OSA });
  // What our EV sent in reply to the charger is what the charger accepted from pyPLC, field for field.
  const theirs = first(replay.frames, 'CM_SLAC_MATCH.REQ', EV)?.message;
  const ours = replay.sent.find((m) => m.type === 'CM_SLAC_MATCH.REQ');
  assert.equal(ours, theirs);
  assert.equal(replay.log, []);
});

sharedOrSkip(test, 'our EV against a dSPACE lab EVSE (dsV2Gshark capture): matched with its NMK/NID', ['captures', 'dsv2gshark-iso2-ac.pcapng'], async (path) => {
  const EV = parseMac('64:4d:70:01:02:c8');
  const replay = await evAgainst(path, EV, false);
  const cnf = first(replay.frames, 'CM_SLAC_MATCH.CNF')?.message;
  assert.ok(cnf?.type === 'CM_SLAC_MATCH.CNF');
  // This capture has no CM_SET_KEY.CNF of the EV's modem: the key is set, the join is what remains.
  assert.is(replay.run.actor.getSnapshot().value, 'joining');
  const setKey = replay.sent.find((m) => m.type === 'CM_SET_KEY.REQ');
  assert.ok(setKey?.type === 'CM_SET_KEY.REQ');
  assert.equal([setKey.NewKey, setKey.NID], [cnf.NMK, cnf.NID]);
});

/**
 * Our EVSE fed a real car's frames and its real modem's profiles at their captured times, from shortly before the
 * car's CM_SLAC_PARAM.REQ until 2 s after its CM_SLAC_MATCH.REQ. The captured EVSE host's own frames are delivered
 * too: the actor must drop them as its own.
 */
async function evseAgainst(path: string, evse: MacAddress) {
  const frames = capture(path);
  const paramReq = frames.find((f) => f.message?.type === 'CM_SLAC_PARAM.REQ');
  const matchReq = frames.find((f) => f.message?.type === 'CM_SLAC_MATCH.REQ');
  assert.ok(paramReq && matchReq);
  const from = paramReq.at - 100;
  const clock = new SimulatedClock();
  const sent: SlacMessage[] = [];
  const port = memoryFramePort(evse, (frame) => sent.push(parseSlacFrame(frame)));
  const log: string[] = [];
  const run = runSlacEvse({
    port,
    clock,
    log: (line) => log.push(line),
    input: { mac: evse, nmk: nmkOf(7), linkDetection: false },
  });
  for (const f of frames.filter((c) => c.at >= from && c.at <= matchReq.at + 2_000)) {
    advance(clock, Math.max(0, Math.round(f.at - from) - clock.now()));
    port.deliver(f.frame);
  }
  const result = (await settled(run.result)) ? await run.result : undefined;
  return { run, sent, frames, log, ev: paramReq.frame.slice(6, 12), result };
}

sharedOrSkip(test, 'our EVSE and a Tesla Model Y with a QCA7420 EVSE modem reporting NumGroups 0 (pyPLC capture): matched', ['captures', 'pyplc-modelY-din-until-precharge.pcapng'], async (path) => {
  const EVSE = parseMac('dc:0e:a1:11:67:08');
  const replay = await evseAgainst(path, EVSE);
  assert.equal(replay.result, { result: 'matched', nmk: nmkOf(7), nid: nidFromNmk(nmkOf(7)), evMac: replay.ev });
  assert.equal(
    replay.sent.map((m) => m.type),
    ['CM_SET_KEY.REQ', 'CM_SLAC_PARAM.CNF', 'CM_ATTEN_CHAR.IND', 'CM_SLAC_MATCH.CNF'],
  );
  const ind = replay.sent.find((m) => m.type === 'CM_ATTEN_CHAR.IND');
  assert.ok(ind?.type === 'CM_ATTEN_CHAR.IND');
  assert.equal([ind.NUM_SOUNDS, ind.AAG.length, ind.AAG[0]], [10, 58, 10], 'sounds counted, unmeasured groups filled');
  // Beside each profile the modem sends a vendor MME (0xA14E): logged as not SLAC, not fed to the machine.
  assert.is(replay.log.length, 10);
  assert.ok(replay.log.every((l) => l.includes('not a SLAC message')));
});

sharedOrSkip(test, 'our EVSE and a dSPACE lab EV with a modem reporting 58 groups to broadcast (dsV2Gshark capture): matched', ['captures', 'dsv2gshark-iso2-ac.pcapng'], async (path) => {
  const EVSE = parseMac('64:4d:70:01:03:bf');
  const replay = await evseAgainst(path, EVSE);
  assert.is(replay.result?.result, 'matched');
  const profiles = replay.frames.flatMap((f) => (f.message?.type === 'CM_ATTEN_PROFILE.IND' ? [f.message.AAG] : []));
  assert.is(profiles.length, 10);
  const ind = replay.sent.find((m) => m.type === 'CM_ATTEN_CHAR.IND');
  assert.ok(ind?.type === 'CM_ATTEN_CHAR.IND');
  const average = Array.from({ length: 58 }, (_, g) => Math.round(profiles.reduce((s, p) => s + p[g], 0) / 10));
  assert.equal([ind.NUM_SOUNDS, ind.AAG], [10, average]);
});

test.run();
