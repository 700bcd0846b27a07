/**
 * [V2G2-538] [V2G2-736]: whatever the EV sends, the SECC can answer it in the request's own response type with a
 * FAILED code and only the mandatory fields. Every request of the schema, AC and DC, through the encoder.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failedResponse } from '../../machines/iso2/failed-response.js';
import { bodyElement, iso2Message, type Iso2RequestName } from '../../machines/iso2/iso2-messages.js';
import { overTheWire, SESSION_ID } from './wiring.js';

/** Every request of ISO 15118-2; the record type makes the compiler check none is missing. */
const REQUESTS: Readonly<Record<Iso2RequestName, true>> = {
  SessionSetupReq: true,
  ServiceDiscoveryReq: true,
  ServiceDetailReq: true,
  PaymentServiceSelectionReq: true,
  PaymentDetailsReq: true,
  AuthorizationReq: true,
  ChargeParameterDiscoveryReq: true,
  PowerDeliveryReq: true,
  MeteringReceiptReq: true,
  SessionStopReq: true,
  CertificateUpdateReq: true,
  CertificateInstallationReq: true,
  ChargingStatusReq: true,
  CableCheckReq: true,
  PreChargeReq: true,
  CurrentDemandReq: true,
  WeldingDetectionReq: true,
};

for (const mode of ['ac', 'dc'] as const) {
  test(`every request has a minimal FAILED response that encodes (${mode})`, () => {
    const basis = { evseId: 'DE*ABC*E1234567*1', mode, energyTransferModes: ['AC_single_phase_core', 'DC_core'] as const };
    const requests = Object.keys(REQUESTS) as Iso2RequestName[];
    assert.is(requests.length, 17);
    for (const request of requests) {
      const decoded = overTheWire(iso2Message(SESSION_ID, failedResponse(request, 'FAILED_SequenceError', basis)));
      const element = bodyElement(decoded);
      assert.ok(element.ok, request);
      if (!element.ok) continue;
      assert.is(element.name, request.replace(/Req$/, 'Res'));
      assert.is((element.value as { ResponseCode: string }).ResponseCode, 'FAILED_SequenceError', request);
    }
  });
}

test('the EVSEStatus of a minimal response is of the session\'s kind', () => {
  const ac = failedResponse('PowerDeliveryReq', 'FAILED', { evseId: 'DE*ABC*E1', mode: 'ac', energyTransferModes: ['AC_single_phase_core'] });
  const dc = failedResponse('PowerDeliveryReq', 'FAILED', { evseId: 'DE*ABC*E1', mode: 'dc', energyTransferModes: ['DC_core'] });
  assert.ok(ac.PowerDeliveryRes?.AC_EVSEStatus && !ac.PowerDeliveryRes.DC_EVSEStatus);
  assert.ok(dc.PowerDeliveryRes?.DC_EVSEStatus && !dc.PowerDeliveryRes.AC_EVSEStatus);
  assert.is(dc.PowerDeliveryRes?.DC_EVSEStatus?.EVSEIsolationStatus, undefined, 'no isolation status in a FAILED answer');
});

test.run();
