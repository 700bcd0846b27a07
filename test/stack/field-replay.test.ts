/**
 * Field replay: the requests real cars sent, read from captures as the sessions read them (leniently), played in order
 * against our SECC session machine for the capture's protocol. Where the field's charger answered a request with an
 * OK-class ResponseCode ours must too, and where it answered with EVSEProcessing ours answers the same (so the car's
 * next recorded request is the one it would send to us); ours never ends the session before the car does; every
 * response it sends passes the strict encoder. The car's SessionID becomes the one our SECC gave; a power stage on
 * the simulated clock ends the insulation test where the field's charger reported it finished and follows the
 * precharge setpoint, so the car's Ongoing repeats resolve as in the field. A capture that ends mid-session ends the
 * replay there.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock, type Actor } from 'xstate';
import { decodeCapture, type CaptureEvent } from '../../codecs/capture/index.js';
import { encode, fromJson, toJson } from '../../codecs/exi/index.js';
import type { DinMessage } from '../../machines/din/din-messages.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import type { Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { iso2SeccMachine } from '../../machines/iso2/iso2-secc.js';
import { EVSE as DIN_EVSE, seccInput as dinSeccInput } from '../din/harness.js';
import { EVSE as ISO2_EVSE, PowerModule, seccInput as iso2SeccInput } from '../iso2/wiring.js';
import { sharedOrSkip } from '../shared/shared-dir.js';

type Protocol = 'din' | 'iso2';
type V2gMessage = DinMessage | Iso2Message;

/** One request of the car and what the field's charger answered to it. */
interface Exchange {
  readonly t: number;
  readonly request: V2gMessage;
  readonly fieldResponse?: V2gMessage;
}

/** Each SECC takes the same channel events; one listener type serves both, as the session runner treats them. */
type AnySecc = Actor<typeof dinSeccMachine>;

function asMessage(protocol: Protocol, json: unknown): V2gMessage {
  const document = fromJson(protocol, json);
  if (!('V2G_Message' in document)) throw new Error(`a ${protocol} event holds no V2G_Message`);
  return document as V2gMessage;
}

/** The V2G exchanges of the capture's session in `protocol`, read leniently as the sessions read them. */
function exchanges(bytes: Uint8Array, protocol: Protocol): Exchange[] {
  const events = [...decodeCapture(bytes)].filter(
    (e): e is Extract<CaptureEvent, { message: unknown }> => e.layer === 'v2g' && 'message' in e && e.schema === protocol,
  );
  const out: Exchange[] = [];
  for (const [i, event] of events.entries()) {
    if (event.dir !== 'EV->EVSE') continue;
    const answer = events[i + 1];
    const fieldResponse = answer?.dir === 'EVSE->EV' ? asMessage(protocol, answer.message) : undefined;
    out.push({ t: event.t, request: asMessage(protocol, event.message), fieldResponse });
  }
  return out;
}

function bodyOf(message: V2gMessage): [string, { ResponseCode?: string; EVSEProcessing?: string } | undefined] {
  const [name, body] = Object.entries(message.V2G_Message.Body).find(([, value]) => value !== undefined) ?? ['(empty body)', undefined];
  return [name, body as { ResponseCode?: string; EVSEProcessing?: string } | undefined];
}

const isOk = (code: string | undefined): boolean => code !== undefined && code.startsWith('OK');

function startSecc(protocol: Protocol, clock: SimulatedClock): { secc: AnySecc; sessionId: Uint8Array } {
  if (protocol === 'din') {
    const input = dinSeccInput();
    return { secc: createActor(dinSeccMachine, { clock, input }), sessionId: input.newSessionId };
  }
  const input = iso2SeccInput();
  const secc = createActor(iso2SeccMachine, { clock, input }) as unknown as AnySecc;
  return { secc, sessionId: input.newSessionId };
}

/** The field's answer tells how far the power stage had come when the car asked: the insulation test done or not. */
function followField(power: PowerModule, fieldResponse: V2gMessage | undefined): void {
  if (fieldResponse === undefined) return;
  const [name, body] = bodyOf(fieldResponse);
  if (name === 'CableCheckRes' && body?.EVSEProcessing === 'Finished') power.set({ isolationCheckRunning: false, isolation: 'Valid' });
}

function replay(protocol: Protocol, capture: Exchange[]): { answered: number } {
  const clock = new SimulatedClock();
  const { secc, sessionId } = startSecc(protocol, clock);
  // The insulation test ends where the field's charger said it had, not on a timer of its own.
  const power = new PowerModule(clock, { ...(protocol === 'din' ? DIN_EVSE : ISO2_EVSE) }, { isolationMs: Infinity });
  const sent: V2gMessage[] = [];
  const closes: string[] = [];
  secc.on('channel.send', ({ message: { document: message } }) => {
    const [name] = bodyOf(message);
    assert.not.throws(() => encode(protocol, message as never), `our ${name} encodes strictly`);
    sent.push(message);
  });
  secc.on('channel.close', ({ reason }) => closes.push(reason));
  secc.on('evse.command', ({ command }) => power.command(command));
  secc.start();

  let previousT = capture[0]?.t ?? 0;
  for (const [i, { t, request, fieldResponse }] of capture.entries()) {
    clock.increment(Math.max(0, Math.round(t - previousT)));
    previousT = t;
    followField(power, fieldResponse);
    const [name] = bodyOf(request);
    const header = name === 'SessionSetupReq' ? request.V2G_Message.Header : { ...request.V2G_Message.Header, SessionID: sessionId };
    const message = { V2G_Message: { ...request.V2G_Message, Header: header } } as DinMessage;
    const before = sent.length;
    const where = `request #${i + 1} ${name} ${JSON.stringify(toJson(protocol, request))}`;
    assert.is(closes.length, 0, `our SECC closed the session (${closes.join('; ')}) before ${where}`);
    secc.send({ type: 'channel.received', message: { schema: 'din', document: message }, evse: power.status, time: clock.now() });
    assert.is(sent.length, before + 1, `one answer to ${where}`);
    const [ourName, ours] = bodyOf(sent[sent.length - 1]);
    assert.is(ourName, name.replace(/Req$/, 'Res'), `the answer type to ${where}`);
    const field = fieldResponse && bodyOf(fieldResponse)[1];
    if (isOk(field?.ResponseCode)) {
      assert.ok(isOk(ours?.ResponseCode), `the field answered ${field?.ResponseCode}, ours ${ours?.ResponseCode}, to ${where}`);
    }
    if (field?.EVSEProcessing !== undefined) {
      assert.is(ours?.EVSEProcessing, field.EVSEProcessing, `EVSEProcessing as in the field, to ${where}`);
    }
    const last = i === capture.length - 1;
    if (!last) assert.is(secc.getSnapshot().status, 'active', `our SECC is still in session after ${where}`);
  }
  secc.stop();
  return { answered: sent.length };
}

const CAPTURES: readonly [string, Protocol, string][] = [
  ['pyplc-modelY-din-until-precharge.pcapng', 'din', 'a Tesla Model Y (DIN 70121, up to PreCharge)'],
  ['dsv2gshark-iso2-ac.pcapng', 'iso2', 'an ISO 15118-2 AC session'],
];

for (const [file, protocol, what] of CAPTURES) {
  sharedOrSkip(test, `field replay: the requests of ${what} are answered as the field's charger did`, ['captures', file], (path) => {
    const capture = exchanges(new Uint8Array(readFileSync(path)), protocol);
    assert.ok(capture.length > 5, `the capture holds a ${protocol} session (${capture.length} requests)`);
    const { answered } = replay(protocol, capture);
    assert.is(answered, capture.length);
  });
}

test.run();
