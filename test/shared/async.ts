/**
 * Waiting in tests without sleeping: `flushIo` lets queued microtasks and immediates run (in-memory connections
 * deliver on those); `within` bounds a promise so a test that would wait forever fails instead of hanging.
 */
export function flushIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function within<T>(promise: Promise<T>, what: string, ms = 2_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `promise` has settled by now (after what is already queued has run). */
export async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await flushIo();
  return done;
}
