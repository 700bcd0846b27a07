/**
 * The runner hands an SECC session of the kit each message already classified, by the session's own classifier and
 * with its context of that moment: the machine takes the typed request events (or why a message is none) and never a
 * `channel.received` it would have to classify in a step of its own. The inspector still shows what it received.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BehaviorSubject } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { createStackInspector } from '../../inspector/live/stack-inspector.js';
import { InspectionStore } from '../../inspector/page/model/store.js';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { runOnChannel } from '../../actors/session/run-on-channel.js';
import type { PowerModule } from '../../adapters/evse.js';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { iso2Message, type Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { iso2SeccMachine } from '../../machines/iso2/iso2-secc.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo, within } from '../shared/async.js';
import { EVCC_ID, EVSE, seccInput, SESSION_ID } from '../iso2/wiring.js';

test('requests arrive classified with the context of the moment; another SessionID is FAILED_UnknownSession', async () => {
  const [evEnd, seccEnd] = memoryConnectionPair();
  const ev = createV2gChannel(evEnd, { protocol: 'iso2' });
  const power: PowerModule = { status$: new BehaviorSubject(EVSE), command: () => undefined };
  const received: string[] = [];
  const inspector = createStackInspector();
  const store = new InspectionStore();
  inspector.events$.subscribe((e) => store.add(JSON.parse(JSON.stringify(e)) as StatelyInspectionEvent));
  let run: ReturnType<typeof runOnChannel<typeof iso2SeccMachine>> | undefined;
  const inspect = (e: InspectionEvent): void => {
    inspector.inspect(e);
    if (e.type === '@xstate.event' && e.actorRef === run?.actor && !e.event.type.startsWith('xstate.')) received.push(e.event.type);
  };
  run = runOnChannel(iso2SeccMachine, { id: 'secc', input: seccInput(), channel: createV2gChannel(seccEnd, { protocol: 'iso2' }), power, inspect });
  const answers: Iso2Message[] = [];
  ev.events$.subscribe((e) => e.type === 'channel.received' && e.message.schema === 'iso2' && answers.push(e.message.document as Iso2Message));
  const ask = async (body: BodyType, sessionId: Uint8Array): Promise<BodyType> => {
    const before = answers.length;
    ev.send(v2gDocument('iso2', iso2Message(sessionId, body)));
    for (let i = 0; i < 50 && answers.length === before; i++) await flushIo();
    assert.ok(answers.length > before, `an answer to ${Object.keys(body)[0]}`);
    return answers.at(-1)!.V2G_Message.Body;
  };

  assert.is((await ask({ SessionSetupReq: { EVCCID: EVCC_ID } }, new Uint8Array(8))).SessionSetupRes?.ResponseCode, 'OK_NewSessionEstablished');
  assert.is((await ask({ ServiceDiscoveryReq: {} }, SESSION_ID)).ServiceDiscoveryRes?.ResponseCode, 'OK');
  const other = Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9);
  assert.is((await ask({ ServiceDiscoveryReq: {} }, other)).ServiceDiscoveryRes?.ResponseCode, 'FAILED_UnknownSession');
  assert.is((await within(run.output, 'secc')).result, 'failed');
  assert.equal(received, ['SessionSetupReq', 'ServiceDiscoveryReq', 'secc.unknownSession']);
  const inspected = store.messages.map((m) => `${m.dir} ${m.name}`);
  assert.equal(inspected.slice(0, 4), ['EV->EVSE SessionSetupReq', 'EVSE->EV SessionSetupRes', 'EV->EVSE ServiceDiscoveryReq', 'EVSE->EV ServiceDiscoveryRes']);
  assert.equal(inspected.slice(4), ['EV->EVSE ServiceDiscoveryReq', 'EVSE->EV ServiceDiscoveryRes']);
});

test.run();
