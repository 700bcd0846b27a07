/**
 * Values the EXI representation carries beyond the XSD's facets: strict decoding (the default) rejects them with an
 * ExiError naming schema, bit and path; lenient decoding (`outOfFacet`) reads them with a warning naming path and facet.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, ExiError, toJson, type Documents, type ExiWarning } from '../../codecs/exi/index.js';
import { firstDifference, lengthThenOctets, replaceBits, withBits } from './stream-bits.js';

const SESSION = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

const iso2Message = (d: Documents['iso2']) => (d as Extract<Documents['iso2'], { V2G_Message: unknown }>).V2G_Message;
const dinMessage = (d: Documents['din']) => (d as Extract<Documents['din'], { V2G_Message: unknown }>).V2G_Message;

function powerDelivery(phases: 1 | 2 | 3): Documents['iso2'] {
  return {
    V2G_Message: {
      Header: { SessionID: SESSION },
      Body: {
        PowerDeliveryReq: {
          ChargeProgress: 'Start',
          SAScheduleTupleID: 1,
          ChargingProfile: {
            ProfileEntry: [
              { ChargingProfileEntryStart: 0, ChargingProfileEntryMaxPower: { Multiplier: 0, Unit: 'W', Value: 11000 }, ChargingProfileEntryMaxNumberOfPhasesInUse: phases },
            ],
          },
        },
      },
    },
  };
}

/** What a car in the field sent: MaxNumberOfPhasesInUse 4 in the 2-bit field of 1..3 (binary 11). */
function fourPhases(): { bytes: Uint8Array; at: number } {
  const at = firstDifference(encode('iso2', powerDelivery(1)), encode('iso2', powerDelivery(3)));
  return { bytes: withBits(encode('iso2', powerDelivery(3)), at, 2, 3), at };
}

function lenientWarnings<S extends 'iso2' | 'din'>(schema: S, bytes: Uint8Array): { doc: Documents[S]; warnings: ExiWarning[] } {
  const warnings: ExiWarning[] = [];
  const doc = decode(schema, bytes, { lenient: ['outOfFacet'], onWarning: (w) => warnings.push(w) });
  return { doc, warnings };
}

const PHASES_PATH = '/V2G_Message/Body/PowerDeliveryReq/ChargingProfile/ProfileEntry[0]/ChargingProfileEntryMaxNumberOfPhasesInUse';

test('an n-bit integer above maxInclusive: strict names schema, bit and path; lenient reads it with a warning', () => {
  const { bytes, at } = fourPhases();
  assert.throws(
    () => decode('iso2', bytes),
    (e: unknown) => e instanceof ExiError && e.schema === 'iso2' && e.bitOffset === at && e.path === PHASES_PATH && /value 4 outside 1\.\.3/.test(e.reason),
  );
  const { doc, warnings } = lenientWarnings('iso2', bytes);
  const entry = iso2Message(doc).Body.PowerDeliveryReq?.ChargingProfile?.ProfileEntry[0];
  assert.is(entry?.ChargingProfileEntryMaxNumberOfPhasesInUse, 4);
  assert.is(warnings.length, 1);
  assert.equal({ ...warnings[0], message: undefined }, { bitOffset: at, path: PHASES_PATH, quirk: 'outOfFacet', message: undefined });
  assert.match(warnings[0].message, /value 4 outside 1\.\.3 \(tolerated: outOfFacet\)/);
});

test('lenient: true includes outOfFacet; other quirks alone do not', () => {
  const { bytes } = fourPhases();
  assert.is(iso2Message(decode('iso2', bytes, { lenient: true })).Body.PowerDeliveryReq?.ChargingProfile?.ProfileEntry[0].ChargingProfileEntryMaxNumberOfPhasesInUse, 4);
  assert.throws(() => decode('iso2', bytes, { lenient: ['nonZeroPadding', 'cbv2gWptLfOnlyAfterVendorData'] }), (e: unknown) => e instanceof ExiError);
});

function notification(n: 'None' | 'ReNegotiation'): Documents['din'] {
  return {
    V2G_Message: {
      Header: { SessionID: SESSION },
      Body: {
        CableCheckRes: {
          ResponseCode: 'OK',
          DC_EVSEStatus: { EVSEIsolationStatus: 'Valid', EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: n },
          EVSEProcessing: 'Finished',
        },
      },
    },
  };
}

test('an enumeration index past the last literal (3 of None, StopCharging, ReNegotiation in 2 bits) is read as #3', () => {
  const at = firstDifference(encode('din', notification('None')), encode('din', notification('ReNegotiation')));
  const bytes = withBits(encode('din', notification('None')), at, 2, 3);
  assert.throws(() => decode('din', bytes), (e: unknown) => e instanceof ExiError && /EVSENotification$/.test(e.path) && /enumeration index 3 outside 0\.\.2/.test(e.reason));
  const { doc, warnings } = lenientWarnings('din', bytes);
  assert.is(dinMessage(doc).Body.CableCheckRes?.DC_EVSEStatus.EVSENotification, '#3');
  assert.match(JSON.stringify(toJson('din', doc)), /"EVSENotification":"#3"/, 'JSON shows the index as it came');
  assert.is(warnings.length, 1);
  assert.match(warnings[0].path, /DC_EVSEStatus\/EVSENotification$/);
});

function sessionSetupRes(evseId: string, session: Uint8Array): Documents['iso2'] {
  return { V2G_Message: { Header: { SessionID: session }, Body: { SessionSetupRes: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: evseId } } } };
}

test('a string longer than its maxLength (EVSEID, 37) and a binary longer than its maxLength (SessionID, 8)', () => {
  const A = 0x41;
  const atMax = encode('iso2', sessionSetupRes('A'.repeat(37), SESSION));
  // Strings are written as length + 2, then one octet per ASCII character.
  const longString = replaceBits(atMax, lengthThenOctets(39, Array(37).fill(A)), lengthThenOctets(40, Array(38).fill(A)));
  assert.throws(() => decode('iso2', longString), (e: unknown) => e instanceof ExiError && /EVSEID$/.test(e.path) && /string length 38 exceeds maxLength 37/.test(e.reason));
  const s = lenientWarnings('iso2', longString);
  assert.is(iso2Message(s.doc).Body.SessionSetupRes?.EVSEID, 'A'.repeat(38));
  assert.match(s.warnings[0].message, /maxLength 37/);

  const longSession = replaceBits(atMax, lengthThenOctets(8, [...SESSION]), lengthThenOctets(9, [...SESSION, 9]));
  assert.throws(() => decode('iso2', longSession), (e: unknown) => e instanceof ExiError && /SessionID$/.test(e.path) && /binary length 9 exceeds maxLength 8/.test(e.reason));
  const b = lenientWarnings('iso2', longSession);
  assert.equal([...iso2Message(b.doc).Header.SessionID], [...SESSION, 9]);
  assert.match(b.warnings[0].path, /Header\/SessionID$/);
});

test('a length beyond the rest of the stream stays an error in lenient mode: no allocation from a length field', () => {
  const atMax = encode('iso2', sessionSetupRes('A', SESSION));
  const huge = replaceBits(atMax, lengthThenOctets(3, [0x41]), [...lengthThenOctets(0xff, []), 0, 1, 1, 1, 1, 1, 1, 1]);
  assert.throws(() => decode('iso2', huge, { lenient: true }), (e: unknown) => e instanceof ExiError && /exceeds the rest of the stream/.test(e.reason));
});

test('encode: an unknown key or an array where element content belongs is an ExiError naming the path', () => {
  const doc = { V2G_Message: iso2Message(powerDelivery(3)) };
  const req = doc.V2G_Message.Body.PowerDeliveryReq as unknown as Record<string, unknown>;
  assert.throws(
    () => encode('iso2', { V2G_Message: { ...doc.V2G_Message, Body: { PowerDeliveryReq: { ...req, ChargeProgres: 'Stop' } } } } as never),
    (e: unknown) => e instanceof ExiError && e.path === '/V2G_Message/Body/PowerDeliveryReq' && /ChargeProgres is not a field of PowerDeliveryReqType/.test(e.reason),
  );
  assert.throws(
    () => encode('iso2', { V2G_Message: { ...doc.V2G_Message, Body: { PowerDeliveryReq: { ...req, ChargingProfile: [req.ChargingProfile] } } } } as never),
    (e: unknown) => e instanceof ExiError && e.path === '/V2G_Message/Body/PowerDeliveryReq/ChargingProfile' && /got an array/.test(e.reason),
  );
  assert.throws(
    () => encode('iso2', { V2G_Message: { ...doc.V2G_Message, Body: { PowerDeliveryReq: { ...req, ChargingProfile: { ProfileEntry: { ChargingProfileEntryStart: 0 } } } } } } as never),
    (e: unknown) => e instanceof ExiError && /ChargingProfile$/.test(e.path) && /ProfileEntry: expected an array/.test(e.reason),
  );
});

test.run();
