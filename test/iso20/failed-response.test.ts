/** Every -20 request gets a minimal response of its own type, valid by the XSD, whatever the code. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode } from '../../codecs/exi/index.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { failedResponse } from '../../machines/iso20/iso20-failed-response.js';
import { meteringConfirmationReq } from '../../machines/iso20/iso20-metering.js';
import { ENERGY_SERVICES } from '../../machines/iso20/iso20-services.js';
import { CTX, sessionCases } from './session-facts.js';

const HEADER = { SessionID: CTX.sessionId, TimeStamp: 1_765_000_000n };

/** Requests no session case builds: Plug & Charge, parking, metering. */
const OTHER_REQUESTS: V2gDocument<'iso20-common'>[] = [
  v2gDocument('iso20-common', {
    CertificateInstallationReq: {
      Header: HEADER,
      OEMProvisioningCertificateChain: { '@Id': 'oem', Certificate: new Uint8Array(8) },
      ListOfRootCertificateIDs: { RootCertificateID: [{ X509IssuerName: 'CN=V2G Root', X509SerialNumber: 1n }] },
      MaximumContractCertificateChains: 1,
    },
  }),
  meteringConfirmationReq(CTX, { id: 'smd', meter: { meterId: 'M1', chargedWh: 1 } }),
  v2gDocument('iso20-common', { VehicleCheckInReq: { Header: HEADER, EVCheckInStatus: 'CheckIn', ParkingMethod: 'Manual' } }),
  v2gDocument('iso20-common', { VehicleCheckOutReq: { Header: HEADER, EVCheckOutStatus: 'CheckOut', CheckOutTime: 1_765_000_000n } }),
];

test('each request of every service × mode, and the others, gets its own response type, strictly valid', () => {
  const requests = [
    ...ENERGY_SERVICES.flatMap((s) => ['Scheduled', 'Dynamic'].flatMap((m) => sessionCases(s, m as 'Scheduled' | 'Dynamic').filter((c) => c.name.endsWith('Req')).map((c) => c.document))),
    ...OTHER_REQUESTS,
  ];
  const seen = new Set<string>();
  for (const request of requests) {
    const name = Object.keys(request.document)[0];
    for (const code of ['FAILED_SequenceError', 'FAILED_UnknownSession'] as const) {
      const response = failedResponse(CTX, request as Parameters<typeof failedResponse>[1], code, { evseId: 'DE*KPR*E1' });
      assert.ok(response, name);
      const element = Object.keys(response.document)[0];
      assert.is(element, name.replace(/Req$/, 'Res'), `${name} is answered in kind`);
      assert.is(response.schema, request.schema, `${name} in its own schema`);
      const back = decode(response.schema, encode(response.schema, response.document)) as unknown as Record<string, { ResponseCode: string }>;
      assert.is(back[element].ResponseCode, code);
      seen.add(name);
    }
  }
  assert.is(seen.size, 20, [...seen].join(', '));
});

test('a document that is no request has nothing to be answered in kind', () => {
  const res = v2gDocument('iso20-common', { SessionStopRes: { Header: HEADER, ResponseCode: 'OK' } });
  assert.is(failedResponse(CTX, res, 'FAILED_SequenceError', { evseId: 'DE*KPR*E1' }), undefined);
});

test.run();
