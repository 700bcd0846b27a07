/** The standard's timer values and how a deployment overrides them. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccMessageTimeout, STANDARD_TIMING, timingFor } from '../../machines/timing/v2g-timers.js';

test('per-message EVCC timeouts: CurrentDemand 250 ms, ISO-2 PowerDelivery 5 s, DIN PowerDelivery 2 s, others 2 s', () => {
  assert.is(evccMessageTimeout(STANDARD_TIMING.iso2, 'CurrentDemandReq'), 250);
  assert.is(evccMessageTimeout(STANDARD_TIMING.iso2, 'PowerDeliveryReq'), 5_000);
  assert.is(evccMessageTimeout(STANDARD_TIMING.din, 'PowerDeliveryReq'), 2_000);
  assert.is(evccMessageTimeout(STANDARD_TIMING.din, 'CableCheckReq'), 2_000);
  assert.is(evccMessageTimeout(STANDARD_TIMING.iso2, 'toString'), 2_000, 'only the table\'s own keys count');
});

test('session timers of both protocols', () => {
  for (const p of ['din', 'iso2'] as const) {
    const s = STANDARD_TIMING[p].session;
    assert.is(s.V2G_SECC_Sequence_Timeout, 60_000);
    assert.is(s.V2G_EVCC_CommunicationSetup_Timeout, 20_000);
    assert.is(s.V2G_EVCC_CableCheck_Timeout, 40_000);
    assert.is(s.V2G_EVCC_PreCharge_Timeout, 7_000);
  }
  assert.is(STANDARD_TIMING.iso2.V2G_SECC_Msg_Performance_Time.CurrentDemand, 25);
});

test('overrides replace only what they name', () => {
  const t = timingFor('din', { V2G_EVCC_Msg_Timeout: { CurrentDemand: 5_000 }, session: { V2G_EVCC_PreCharge_Timeout: 5_000 } });
  assert.is(evccMessageTimeout(t, 'CurrentDemandReq'), 5_000);
  assert.is(evccMessageTimeout(t, 'SessionSetupReq'), 2_000);
  assert.is(t.session.V2G_EVCC_PreCharge_Timeout, 5_000);
  assert.is(t.session.V2G_SECC_Sequence_Timeout, 60_000);
  assert.is(STANDARD_TIMING.din.V2G_EVCC_Msg_Timeout.CurrentDemand, 250, 'the standard table is untouched');
});

test.run();
