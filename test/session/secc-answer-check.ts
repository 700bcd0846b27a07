/**
 * What the SECC handler tables check of an answer: ResponseCode (in the answer and its body), EVSEProcessing, the
 * route the chart takes, the power commands, the question asked, the facts left; and the verdicts a table row gives.
 */
import * as assert from 'uvu/assert';
import type { SeccAnswer } from '../../machines/session/secc/secc-answer.js';
import type { SeccPending } from '../../machines/session/secc/secc-pending.js';

/** What a table row expects of an answer; a field left out is not checked. */
export interface Expected {
  readonly code: string;
  readonly processing?: string;
  readonly route?: string;
  readonly commands?: readonly object[];
  readonly asks?: boolean;
  readonly update?: object;
}

export function check(answer: SeccAnswer | undefined, expected: Expected | undefined, row: string): void {
  if (expected === undefined) return assert.is(answer, undefined, row);
  assert.ok(answer !== undefined, row);
  assert.is(answer.code, expected.code, row);
  const element = Object.values(answer.body)[0] as { ResponseCode: string; EVSEProcessing?: string };
  assert.is(element.ResponseCode, expected.code, `${row}: the body carries the code`);
  if (expected.processing !== undefined) assert.equal([answer.processing, element.EVSEProcessing], [expected.processing, expected.processing], row);
  if ('route' in expected) assert.is(answer.route, expected.route, row);
  if (expected.commands !== undefined) assert.equal(answer.commands ?? [], expected.commands, row);
  if (expected.asks !== undefined) assert.is(answer.ask?.kind === 'authorization', expected.asks, row);
  if (expected.update !== undefined) assert.equal(answer.update, expected.update, row);
}

export const ACCEPTED: SeccPending = { authorization: { kind: 'authorization', verdict: 'accepted' } };
export const REFUSED: SeccPending = { authorization: { kind: 'authorization', verdict: 'refused' } };
