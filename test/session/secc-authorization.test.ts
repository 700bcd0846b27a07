/**
 * EIM authorization through the runner: the SECC asks its authorization adapter once the EV chose ExternalPayment,
 * answers AuthorizationReq Ongoing until the verdict comes, then as the verdict says; a session that ends first
 * cancels the question.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BehaviorSubject } from 'rxjs';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { runOnChannel } from '../../actors/session/run-on-channel.js';
import type { PowerModule } from '../../adapters/evse.js';
import type { EvseAuthorization } from '../../adapters/evse/authorization.js';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { iso2Message, type Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { iso2SeccMachine } from '../../machines/iso2/iso2-secc.js';
import type { AuthorizationQuestion, AuthorizationReply } from '../../machines/session/secc/secc-pending.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo, within } from '../shared/async.js';
import { EVCC_ID, EVSE, seccInput, SESSION_ID } from '../iso2/wiring.js';

/** An authorization backend the test decides for: each question waits for `decide`. */
function backend() {
  const asked: AuthorizationQuestion[] = [];
  const cancelled: boolean[] = [];
  let decide: (verdict: AuthorizationReply['verdict']) => void = () => undefined;
  const authorization: EvseAuthorization = {
    authorize(question, signal) {
      asked.push(question);
      signal.addEventListener('abort', () => cancelled.push(true));
      return new Promise((resolve) => (decide = resolve));
    },
  };
  return { authorization, asked, cancelled, decide: (verdict: AuthorizationReply['verdict']) => decide(verdict) };
}

function station(authorization: EvseAuthorization) {
  const [evEnd, seccEnd] = memoryConnectionPair();
  const ev = createV2gChannel(evEnd, { protocol: 'iso2' });
  const power: PowerModule = { status$: new BehaviorSubject({ ...EVSE, authorized: false }), command: () => undefined };
  const run = runOnChannel(iso2SeccMachine, { input: seccInput(), channel: createV2gChannel(seccEnd, { protocol: 'iso2' }), power, authorization });
  const answers: Iso2Message[] = [];
  ev.events$.subscribe((e) => e.type === 'channel.received' && e.message.schema === 'iso2' && answers.push(e.message.document as Iso2Message));
  const ask = async (body: BodyType, sessionId = SESSION_ID): Promise<BodyType> => {
    const before = answers.length;
    ev.send(v2gDocument('iso2', iso2Message(sessionId, body)));
    for (let i = 0; i < 50 && answers.length === before; i++) await flushIo();
    assert.ok(answers.length > before, `an answer to ${Object.keys(body)[0]}`);
    return answers.at(-1)!.V2G_Message.Body;
  };
  return { ev, run, ask };
}

const PAYMENT: BodyType = { PaymentServiceSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } };

async function toAuthorization(s: ReturnType<typeof station>): Promise<void> {
  await s.ask({ SessionSetupReq: { EVCCID: EVCC_ID } }, new Uint8Array(8));
  await s.ask({ ServiceDiscoveryReq: {} });
  await s.ask(PAYMENT);
}

test('a late verdict: Ongoing meanwhile, then Finished; asked once, with the EVSE and the session', async () => {
  const b = backend();
  const s = station(b.authorization);
  await toAuthorization(s);
  assert.equal(b.asked, [{ kind: 'authorization', means: 'ExternalPayment', evseId: seccInput().evseId, sessionId: SESSION_ID }]);
  for (let i = 0; i < 2; i++) assert.is((await s.ask({ AuthorizationReq: {} })).AuthorizationRes?.EVSEProcessing, 'Ongoing_WaitingForCustomerInteraction');
  b.decide('accepted');
  await flushIo();
  const finished = (await s.ask({ AuthorizationReq: {} })).AuthorizationRes;
  assert.equal([finished?.ResponseCode, finished?.EVSEProcessing], ['OK', 'Finished']);
  assert.is(b.asked.length, 1);
  s.ev.close('test over');
  assert.is((await within(s.run.output, 'secc')).result, 'failed');
});

test('a refusal: AuthorizationRes FAILED, the session ends', async () => {
  const b = backend();
  const s = station(b.authorization);
  await toAuthorization(s);
  b.decide('refused');
  await flushIo();
  assert.is((await s.ask({ AuthorizationReq: {} })).AuthorizationRes?.ResponseCode, 'FAILED');
  assert.equal(await within(s.run.output, 'secc'), { result: 'failed', reason: 'FAILED answered to AuthorizationReq', sessionId: SESSION_ID });
});

test('no verdict before the session ends: the question is cancelled, a verdict after it goes nowhere', async () => {
  const b = backend();
  const s = station(b.authorization);
  await toAuthorization(s);
  s.ev.close('the EV gave up');
  assert.is((await within(s.run.output, 'secc')).result, 'failed');
  assert.equal(b.cancelled, [true]);
  b.decide('accepted');
  await flushIo();
});

test.run();
