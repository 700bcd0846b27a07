/**
 * Starts a station with the TLS credentials given in workerData, in a worker of its own: the test then knows that
 * nothing was left open (a server, a socket, a timer) by the worker exiting on its own, and can still end it if not.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSeccStation } from '../../actors/stack/secc-station.js';
import type { TlsCredentials } from '../../crypto/index.js';

const credentials = workerData as TlsCredentials;
try {
  const station = await startSeccStation({
    host: '::1',
    sdpPort: 0,
    protocols: ['iso2'],
    evseId: 'DE*KPH*E0000001',
    tls: { credentials },
    powerModule: () => {
      throw new Error('no session expected');
    },
  });
  await station.close();
  parentPort?.postMessage('started');
} catch (error) {
  parentPort?.postMessage(`rejected: ${(error as Error).message}`);
}
