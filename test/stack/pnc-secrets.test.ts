/**
 * Private keys never appear in what the stack shows or keeps [issue 17]: a Plug & Charge session in which the EV signs
 * with its OEM provisioning key, has a contract installed (its key delivered encrypted, decrypted by the EV), signs the
 * GenChallenge and a MeteringReceipt with the new contract key, over TLS with the SECC's key, watched by the inspector
 * on both sides. None of those keys' private scalars, in any of the encodings a log or an event would carry them
 * (hex, base64, base64url, PEM), is in the inspection events (snapshots and their machines' contexts included), the
 * station's log lines or either side's message log.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccPlugAndCharge } from '../../actors/session/evcc-contract-channel.js';
import { contractService } from '../../actors/session/secc-contract-service.js';
import { evccSettingsFor } from '../../cli/protocol-choice.js';
import { labContractBackend } from '../../crypto/backend/index.js';
import { memoryContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID } from '../../crypto/index.js';
import { createStackInspector } from '../../inspector/live/stack-inspector.js';
import { respondingLab, type RespondingLab } from '../crypto/contract-pki-fixtures.js';
import { opensslAbsent } from '../crypto/ocsp-fixtures.js';
import { chargeEv, startTestStation } from './harness.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-pnc-secrets-'));
let world: RespondingLab | undefined;

test.before(async () => {
  if (opensslAbsent) return;
  world = await respondingLab(folder, 'iso2', new Date());
});

test.after(async () => {
  await world?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * The ways a private key's scalar could be written down: raw bytes as hex, base64 and base64url, and its PEM's lines
 * after the first (the first holds only the algorithm's identifiers, the same for every key of a curve).
 */
function encodingsOf(key: KeyObject): string[] {
  const d = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
  const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
  const lines = pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----')).slice(1);
  return [d.toString('hex'), d.toString('base64').replace(/=+$/, ''), d.toString('base64url'), ...lines];
}

/** JSON of what a log keeps, bytes as hex (the form a key's bytes would take there) and big numbers as digits. */
const written = (_: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value;

test('no private key in inspection events, logs or message logs of a Plug & Charge session with a contract installed', async () => {
  if (opensslAbsent || world === undefined) return console.log(`NOTICE: skipped: ${opensslAbsent}`);
  const c = world.lab.certificates;
  const backend = labContractBackend(world.lab, { caDatabase: world.contractDatabase, activeContracts: [DEFAULT_EMAID] });
  const moRoots = [c.moRootCa.der];
  const shown: string[] = [];
  const watch = (): ReturnType<typeof createStackInspector> => {
    const inspector = createStackInspector();
    inspector.events$.subscribe((e) => shown.push(JSON.stringify(e)));
    return inspector;
  };
  const seccInspector = watch();
  const evInspector = watch();
  const s = await startTestStation('dc', {
    pki: c,
    meterId: 'KPH-METER-1',
    inspect: seccInspector.inspect,
    plugAndCharge: {
      moRoots,
      contracts: contractService({
        backend: {
          authorize: (request, signal) => backend.authorize(request, signal),
          get15118EvCertificate: async (request, signal) => {
            const response = await backend.get15118EvCertificate(request, signal);
            await world!.refresh();
            return response;
          },
        },
        moRoots,
      }),
    },
  });
  const store = memoryContractStore({ provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem }, v2gRoots: [c.v2gRootCa.der] });
  let delivered: KeyObject | undefined;
  const keeping = { ...store, install: async (contract: Parameters<typeof store.install>[0], key: KeyObject) => ((delivered = key), store.install(contract, key)) };
  try {
    const { settings } = evccSettingsFor('iso2-dc');
    const { result } = await chargeEv(s.station, 'iso2-dc', {
      pki: c,
      contractStore: keeping,
      inspect: evInspector.inspect,
      settings: { ...settings, iso2: { ...settings.iso2!, plugAndCharge: evccPlugAndCharge(keeping) } },
    });
    assert.is(result.outcome.result, 'stopped', JSON.stringify(result.outcome));
    assert.ok(result.messages.some((m) => m.name === 'CertificateInstallationRes' && m.responseCode === 'OK'), 'a contract was installed');
    assert.ok(delivered !== undefined, 'the EV decrypted a delivered key');
    const kept = [...shown, ...s.lines, JSON.stringify(result.messages, written), JSON.stringify((await s.sessions[0]?.outcome) ?? {}, written)].join('\n');
    assert.ok(shown.length > 100, `the inspectors saw the session (${shown.length} events)`);
    const keys = {
      'the delivered contract key': delivered!,
      'the OEM provisioning key': createPrivateKey(c.oemProvisioningLeaf.privateKeyPem),
      'the SECC leaf key': createPrivateKey(c.seccLeaf.privateKeyPem),
    };
    for (const [name, key] of Object.entries(keys)) {
      for (const written of encodingsOf(key)) assert.not.ok(kept.includes(written), `${name} appears as ${written.slice(0, 12)}…`);
    }
  } finally {
    await s.close();
  }
});

test.run();
