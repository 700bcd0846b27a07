/**
 * EV and EVSE actors paired through the software PLC modem on a simulated clock: the whole of ISO 15118-3 matching
 * as frames on a (simulated) bundle, including crosstalk between several chargers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMac, nidFromNmk, parseSlacFrame, serializeSlacFrame } from '../../codecs/slac/index.js';
import { settled } from '../shared/async.js';
import { advance, bench, EV_MAC, EVSE_MACS, nmkOf } from './harness.js';

test('one EV, one EVSE: matched on both sides with the EVSE\'s NMK and NID, and the link is up', async () => {
  const b = bench([{ attenuation: 20 }]);
  try {
    advance(b.clock, 1_000);
    const ev = await b.ev.result;
    const evse = await b.evses[0].result;
    assert.equal(ev, { result: 'matched', nmk: nmkOf(1), nid: nidFromNmk(nmkOf(1)), evseMac: EVSE_MACS[0] });
    assert.equal(evse, { result: 'matched', nmk: nmkOf(1), nid: nidFromNmk(nmkOf(1)), evMac: EV_MAC });
    assert.equal(b.sent.get('EV'), [
      'CM_SLAC_PARAM.REQ',
      ...Array<string>(3).fill('CM_START_ATTEN_CHAR.IND'),
      ...Array<string>(10).fill('CM_MNBC_SOUND.IND'),
      'CM_ATTEN_CHAR.RSP',
      'CM_SLAC_MATCH.REQ',
      'CM_SET_KEY.REQ',
    ]);
    assert.equal(b.sent.get('EVSE1'), ['CM_SET_KEY.REQ', 'CM_SLAC_PARAM.CNF', 'CM_ATTEN_CHAR.IND', 'CM_SLAC_MATCH.CNF']);
    assert.is(b.bundle.soundsHeard(EVSE_MACS[0]), 10);
    assert.equal(b.log, []);
  } finally {
    b.close();
  }
});

test('matching takes about what the capture of two real implementations took (PARAM.REQ to link well under 1 s)', async () => {
  const b = bench([{ attenuation: 20 }], {}, { joinDelayMs: 100 });
  try {
    const start = b.clock.now();
    let linkedAt = -1;
    b.ev.result.then(() => (linkedAt = b.clock.now()));
    for (let t = 0; t < 1_000 && linkedAt < 0; t++) {
      advance(b.clock, 1);
      await settled(b.ev.result);
    }
    // 3 + 10 messages 20 ms apart, the exchanges around them, the modem's 100 ms restart.
    assert.ok(linkedAt - start > 300 && linkedAt - start < 600, `linked after ${linkedAt - start} ms`);
  } finally {
    b.close();
  }
});

test('two EVSEs on one bundle (crosstalk): the EV matches the nearer one; the other gives up at TT_EVSE_match_session', async () => {
  const b = bench([{ attenuation: 32 }, { attenuation: 14 }]);
  try {
    advance(b.clock, 1_000);
    const ev = await b.ev.result;
    assert.is(ev.result, 'matched');
    assert.ok(ev.result === 'matched' && formatMac(ev.evseMac) === formatMac(EVSE_MACS[1]), 'the 14 dB EVSE');
    assert.equal(ev.result === 'matched' && ev.nmk, nmkOf(2));
    assert.is((await b.evses[1].result).result, 'matched');
    // The far EVSE heard the sounds too and reported them, then waits for a match that never comes.
    assert.is(b.bundle.soundsHeard(EVSE_MACS[0]), 10);
    assert.ok(b.sent.get('EVSE1')?.includes('CM_ATTEN_CHAR.IND'));
    assert.not.ok(await settled(b.evses[0].result));
    advance(b.clock, 10_000);
    assert.equal(await b.evses[0].result, { result: 'failed', reason: 'TT_EVSE_match_session: no CM_SLAC_MATCH.REQ' });
  } finally {
    b.close();
  }
});

test('three EVSEs: the nearest wins wherever it sits on the bundle', async () => {
  for (const nearest of [0, 1, 2]) {
    const b = bench([0, 1, 2].map((i) => ({ attenuation: i === nearest ? 9 : 25 + 5 * i })));
    try {
      advance(b.clock, 1_000);
      const ev = await b.ev.result;
      assert.ok(ev.result === 'matched', JSON.stringify(ev));
      assert.is(formatMac(ev.evseMac), formatMac(EVSE_MACS[nearest]));
      assert.is((await b.evses[nearest].result).result, 'matched');
    } finally {
      b.close();
    }
  }
});

test('an EVSE beyond C_EV_match_signalattn_direct is not matched, even alone', async () => {
  const b = bench([{ attenuation: 45 }]);
  try {
    advance(b.clock, 2_000);
    const ev = await b.ev.result;
    assert.is(ev.result, 'failed');
    assert.match(ev.result === 'failed' ? ev.reason : '', /no EVSE within C_EV_match_signalattn_direct 40 dB: 02:00:00:00:5e:01 4\d\.\d dB\/10 sounds/);
  } finally {
    b.close();
  }
});

test('a configurable threshold: the same 45 dB EVSE is matched with C_EV_match_signalattn_direct 50', async () => {
  const b = bench([{ attenuation: 45 }], { C_EV_match_signalattn_direct: 50 });
  try {
    advance(b.clock, 1_000);
    assert.is((await b.ev.result).result, 'matched');
  } finally {
    b.close();
  }
});

test('an EVSE modem that never sends CM_ATTEN_PROFILE.IND (not set up for SLAC): no sounds reported, no match', async () => {
  const b = bench([{ attenuation: 20, profiles: 'none' }]);
  try {
    advance(b.clock, 2_000);
    const ev = await b.ev.result;
    assert.is(ev.result, 'failed');
    assert.match(ev.result === 'failed' ? ev.reason : '', /NaN dB\/0 sounds/);
  } finally {
    b.close();
  }
});

test('an EVSE modem that reports sounds with NumGroups 0 to broadcast (QCA7420 in the Model Y capture): still matched', async () => {
  const b = bench([{ attenuation: 20, profiles: 'unmeasured' }]);
  try {
    advance(b.clock, 1_000);
    assert.is((await b.ev.result).result, 'matched');
    assert.is((await b.evses[0].result).result, 'matched');
  } finally {
    b.close();
  }
});

test('modems that answer CM_SET_KEY with Result 0 (as the HomePlug text says) pair as well as those answering 1', async () => {
  for (const setKeyResult of [0, 1]) {
    const b = bench([{ attenuation: 20 }], { linkDetection: false }, { setKeyResult });
    try {
      advance(b.clock, 1_000);
      assert.is((await b.ev.result).result, 'matched', `Result ${setKeyResult}`);
    } finally {
      b.close();
    }
  }
});

test('a malformed frame mid-run is logged and dropped; the run goes on to the match', async () => {
  const b = bench([{ attenuation: 20 }]);
  try {
    advance(b.clock, 100);
    // Another station on the bundle sends the EV a frame whose MMV does not fit its MMTYPE, then a vendor MME.
    const intruder = b.bundle.attach({ mac: EVSE_MACS[2], role: 'ev' }).port;
    const good = serializeSlacFrame({
      type: 'CM_VALIDATE.CNF', ODA: EV_MAC, OSA: intruder.mac, SignalType: 0, ToggleNum: 0, Result: 3,
    });
    const badMmv = Uint8Array.from(good);
    badMmv[14] = 0x00;
    intruder.send(badMmv);
    intruder.send(Uint8Array.of(...good.subarray(0, 12), 0x88, 0xe1, 0x00, 0x4e, 0xa1, 0x00, 0xb0, 0x52, ...new Uint8Array(40)));
    advance(b.clock, 1_000);
    assert.is((await b.ev.result).result, 'matched');
    assert.is(b.log.length, 2);
    assert.match(b.log[0], /^EV: frame from 02:00:00:00:5e:03 ignored, malformed: CM_VALIDATE.CNF: MMV \(byte 14\)/);
    assert.match(b.log[1], /not a SLAC message/);
    assert.throws(() => parseSlacFrame(badMmv));
  } finally {
    b.close();
  }
});

test('IPv6 crosses the bundle only between hosts in the same network, i.e. after the match', async () => {
  const b = bench([{ attenuation: 20 }]);
  try {
    const received: Uint8Array[] = [];
    const [ev, evse] = b.hosts.map((h) => h.port);
    evse.frames$.subscribe((f) => {
      if (f[12] === 0x86 && f[13] === 0xdd) received.push(f);
    });
    const ipv6 = Uint8Array.of(0x33, 0x33, 0, 0, 0, 1, ...EV_MAC, 0x86, 0xdd, ...new Uint8Array(46));
    ev.send(ipv6);
    advance(b.clock, 10);
    assert.is(received.length, 0, 'before the match');
    advance(b.clock, 1_000);
    assert.is((await b.ev.result).result, 'matched');
    ev.send(ipv6);
    advance(b.clock, 10);
    assert.is(received.length, 1, 'after the match');
  } finally {
    b.close();
  }
});

test('a modem restart after the match is ridden out (T_conn_resume); a link that stays down ends the run', async () => {
  const b = bench([{ attenuation: 20 }]);
  try {
    advance(b.clock, 1_000);
    assert.is((await b.ev.result).result, 'matched');
    b.bundle.restartModem(EVSE_MACS[0], 2_000);
    advance(b.clock, 3_000);
    assert.not.ok(await settled(b.ev.done));
    assert.is(b.ev.actor.getSnapshot().value, 'linked');
    b.bundle.restartModem(EVSE_MACS[0], 60_000);
    advance(b.clock, 6_001);
    assert.equal(await b.ev.done, { result: 'failed', reason: 'T_conn_resume: the link stayed down after the match' });
  } finally {
    b.close();
  }
});

test('stop after the match: both runs end with the match as their output', async () => {
  const b = bench([{ attenuation: 20 }]);
  try {
    advance(b.clock, 1_000);
    b.ev.stop();
    b.evses[0].stop();
    assert.is((await b.ev.done).result, 'matched');
    assert.is((await b.evses[0].done).result, 'matched');
  } finally {
    b.close();
  }
});

test.run();
