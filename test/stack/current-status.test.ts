/**
 * currentStatus: the status an adapter replays on subscription, and a clear error naming the adapter when it replays
 * nothing or its stream has already failed (instead of an error RxJS would rethrow later, outside any handler).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BehaviorSubject, NEVER, throwError } from 'rxjs';
import { currentStatus } from '../../actors/stack/current-status.js';

test('the replayed status, the latest one', () => {
  const status$ = new BehaviorSubject({ soc: 10 });
  status$.next({ soc: 20 });
  assert.equal(currentStatus(status$, 'vehicle'), { soc: 20 });
  assert.not.ok(status$.observed, 'unsubscribed again');
});

test('an adapter that replays nothing is named', () => {
  assert.throws(() => currentStatus(NEVER, 'vehicle'), /the vehicle did not report its status on subscription/);
});

test('an adapter whose stream has failed is named with the failure', () => {
  assert.throws(() => currentStatus(throwError(() => new Error('BMS gone')), 'vehicle'), /the vehicle's status failed: BMS gone/);
});

test.run();
