/** Bounded waits and cleanup for the transport tests: no test may hang on a socket that never answers. */
import { createServer } from 'node:net';
import { firstValueFrom, lastValueFrom, timeout, toArray, type Observable } from 'rxjs';

export const BOUND_MS = 2_000;

export const first = <T>(source: Observable<T>): Promise<T> => firstValueFrom(source.pipe(timeout(BOUND_MS)));

/** Every chunk until data$ ends; rejects with data$'s error, or after BOUND_MS. */
export const drain = (data$: Observable<Uint8Array>): Promise<string> =>
  lastValueFrom(data$.pipe(timeout(BOUND_MS), toArray())).then((chunks) => Buffer.concat(chunks).toString());

/** The error data$ ends with; fails the test if it completes or times out instead. */
export async function failureOf(data$: Observable<Uint8Array>): Promise<unknown> {
  try {
    await drain(data$);
  } catch (e) {
    return e;
  }
  throw new Error('data$ completed where an error was expected');
}

/** Whether this machine can bind [::1]; where it cannot, a NOTICE says so and the tests fall back to IPv4. */
export async function ipv6LoopbackAvailable(): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => resolve(true));
  });
  if (ok) await new Promise((resolve) => server.close(resolve));
  else console.log('NOTICE: IPv6 loopback [::1] is unavailable; the transport tests run over 127.0.0.1 instead.');
  return ok;
}

/** Runs `body`, then closes everything it registered, even when it throws. */
export async function withCleanup(body: (defer: (close: () => unknown) => void) => Promise<void>): Promise<void> {
  const closers: (() => unknown)[] = [];
  try {
    await body((close) => closers.push(close));
  } finally {
    for (const close of closers.reverse()) await close();
  }
}
