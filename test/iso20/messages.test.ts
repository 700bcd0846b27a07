/**
 * Every ISO 15118-20 message builder, both roles, for each energy service × control mode: the document encodes under
 * the strict codec (which throws on anything the XSD forbids), decodes back equal, and its reader gives back the facts
 * it was built from.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode } from '../../codecs/exi/index.js';
import { messageHeader, readHeader } from '../../machines/iso20/iso20-header.js';
import { meteringConfirmationReq, meteringConfirmationRes, readMeteringConfirmationReq } from '../../machines/iso20/iso20-metering.js';
import { readCodeRes } from '../../machines/iso20/iso20-setup-messages.js';
import { ENERGY_SERVICES } from '../../machines/iso20/iso20-services.js';
import { CTX, sessionCases } from './session-facts.js';

const MODES = ['Scheduled', 'Dynamic'] as const;

for (const service of ENERGY_SERVICES) {
  for (const mode of MODES) {
    test(`${service} × ${mode}: every message encodes strictly, decodes equal and reads back to its facts`, () => {
      const cases = sessionCases(service, mode);
      for (const c of cases) {
        const bytes = encode(c.document.schema, c.document.document);
        const back = decode(c.document.schema, bytes);
        assert.equal(back, c.document.document, `${c.name} decodes equal`);
        assert.equal(c.read(back), c.facts, `${c.name} reads back to its facts`);
        const header = (Object.values(back)[0] as { Header: Parameters<typeof readHeader>[0] }).Header;
        assert.equal(readHeader(header), { sessionId: CTX.sessionId, sentAtMs: 1_765_000_000_000 }, `${c.name} has the session's header`);
      }
      assert.ok(cases.length >= 22, `${cases.length} messages`);
    });
  }
}

test('BPT sessions use the BPT substitution-group elements, the others the plain ones', () => {
  const names = (service: (typeof ENERGY_SERVICES)[number], mode: (typeof MODES)[number]) =>
    sessionCases(service, mode).flatMap((c) => Object.keys(Object.values(c.document.document)[0] as object));
  assert.ok(names('DC_BPT', 'Dynamic').includes('BPT_Dynamic_DC_CLReqControlMode'));
  assert.ok(names('DC_BPT', 'Scheduled').includes('BPT_DC_CPDResEnergyTransferMode'));
  assert.ok(names('AC_BPT', 'Scheduled').includes('BPT_Scheduled_AC_CLResControlMode'));
  assert.ok(names('AC', 'Dynamic').includes('Dynamic_AC_CLResControlMode'));
  assert.not.ok(names('DC', 'Dynamic').some((n) => n.startsWith('BPT_')));
});

test('messages go to the schema of their kind: common, AC or DC', () => {
  const schemaOf = (name: string) => sessionCases('DC', 'Scheduled').find((c) => c.name === name)?.document.schema;
  assert.is(schemaOf('SessionSetupReq'), 'iso20-common');
  assert.is(schemaOf('PowerDeliveryReq'), 'iso20-common');
  assert.is(schemaOf('DC_ChargeLoopReq'), 'iso20-dc');
  assert.is(sessionCases('AC', 'Dynamic').find((c) => c.name === 'AC_ChargeLoopRes')?.document.schema, 'iso20-ac');
});

test('the header: 8-byte SessionID, TimeStamp in whole seconds of the injected clock', () => {
  assert.equal(messageHeader(CTX.sessionId, 1_765_000_000_999), { SessionID: CTX.sessionId, TimeStamp: 1_765_000_000n });
  assert.throws(() => messageHeader(new Uint8Array(4), 0), /4 bytes, not 8/);
  assert.throws(() => messageHeader(CTX.sessionId, Number.NaN), /not a time/);
});

test('MeteringConfirmation, Scheduled and Dynamic, reads back with the session it belongs to', () => {
  for (const selectedScheduleTupleId of [2, undefined]) {
    const facts = { id: 'smd1', meter: { meterId: 'KPR-METER-1', chargedWh: 12_345, dischargedWh: 678, signature: Uint8Array.from([1, 2, 3]) }, ...(selectedScheduleTupleId ? { selectedScheduleTupleId } : {}) };
    const doc = meteringConfirmationReq(CTX, facts);
    const back = decode('iso20-common', encode('iso20-common', doc.document));
    assert.ok('MeteringConfirmationReq' in back);
    assert.equal(readMeteringConfirmationReq(back.MeteringConfirmationReq), { ...facts, sessionId: CTX.sessionId });
  }
  const res = decode('iso20-common', encode('iso20-common', meteringConfirmationRes(CTX, { responseCode: 'FAILED_MeteringSignatureNotValid' }).document));
  assert.ok('MeteringConfirmationRes' in res);
  assert.equal(readCodeRes(res.MeteringConfirmationRes), { responseCode: 'FAILED_MeteringSignatureNotValid' });
});

test.run();
