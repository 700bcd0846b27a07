/** ISO 15118-20's timers beside DIN's and -2's, and overrides. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ISO20_TIMING, STANDARD_TIMING, evccMessageTimeout, iso20TimingFor } from '../../machines/timing/v2g-timers.js';

test('-20 EVCC message timeouts: 2 s, ServiceDetail and CertificateInstallation 5 s, charge loops 0.5 s, PowerDelivery 2 s', () => {
  assert.is(evccMessageTimeout(ISO20_TIMING, 'SessionSetupReq'), 2_000);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'ScheduleExchangeReq'), 2_000);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'ServiceDetailReq'), 5_000);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'CertificateInstallationReq'), 5_000);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'PowerDeliveryReq'), 2_000);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'DC_ChargeLoopReq'), 500);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'AC_ChargeLoopReq'), 500);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'DC_WeldingDetectionReq'), 2_000);
  assert.is(evccMessageTimeout(ISO20_TIMING, 'constructor'), 2_000, "only the table's own keys count");
  assert.is(evccMessageTimeout(STANDARD_TIMING.iso2, 'PowerDeliveryReq'), 5_000, '-2 keeps its own table');
});

test('-20 session timers', () => {
  const s = ISO20_TIMING.session;
  assert.is(s.V2G_SECC_Sequence_Timeout, 60_000);
  assert.is(s.V2G_SECC_Sequence_Timeout_ChargeLoop, 500);
  assert.is(s.V2G_EVCC_Ongoing_Timeout, 60_000);
  assert.is(s.V2G_EVCC_CableCheck_Timeout, 40_000);
  assert.is(s.V2G_EVCC_PreCharge_Timeout, 10_000);
  assert.is(s.V2G_EVCC_CommunicationSetup_Timeout, 20_000);
  assert.is(s.V2G_SECC_CommunicationSetup_Performance_Time, 18_000);
  for (const pair of Object.keys(ISO20_TIMING.V2G_EVCC_Msg_Timeout) as (keyof typeof ISO20_TIMING.V2G_EVCC_Msg_Timeout)[]) {
    assert.ok(ISO20_TIMING.V2G_SECC_Msg_Performance_Time[pair] < ISO20_TIMING.V2G_EVCC_Msg_Timeout[pair], `${pair}: the SECC answers before the EVCC gives up`);
  }
});

test('overrides replace only what they name (a station facing slow EVs in the loop)', () => {
  const t = iso20TimingFor({ session: { V2G_SECC_Sequence_Timeout_ChargeLoop: 60_000 }, V2G_EVCC_Msg_Timeout: { DC_ChargeLoop: 5_000 } });
  assert.is(t.session.V2G_SECC_Sequence_Timeout_ChargeLoop, 60_000);
  assert.is(t.session.V2G_EVCC_PreCharge_Timeout, 10_000);
  assert.is(evccMessageTimeout(t, 'DC_ChargeLoopReq'), 5_000);
  assert.is(evccMessageTimeout(t, 'AC_ChargeLoopReq'), 500);
  assert.is(ISO20_TIMING.session.V2G_SECC_Sequence_Timeout_ChargeLoop, 500, 'the standard table is untouched');
});

test.run();
