/**
 * `npm run bench:pnc`: what Plug & Charge costs.
 * - XML Signature verification of every signed message type of ISO 15118-2 (ECDSA P-256, SHA-256) and -20 (P-521,
 *   SHA-512), and signing for comparison: median time per message, the message received from its EXI bytes first
 *   (decoding is not timed); each message is the schema's random walk with the signed elements present, so sizes
 *   vary by type.
 * - A CertificateInstallation with the local backend over a lab PKI, -2 and -20: wall time of get15118EvCertificate
 *   from the EV's base64 EXI request to the signed base64 Res (decode, request signature, OEM chain, contract key
 *   and certificate, ECDH and AES, Res signature, encode), without revocation (the responders' round trips are the
 *   network's, not ours), one call at a time; and the EV's side of the -2 one (verify the Res, decrypt the key).
 * - A full PnC session, both roles in this process over loopback: ISO 15118-2 DC over TLS 1.2 with a contract the EV
 *   holds (PaymentDetails, the signed AuthorizationReq, a signed MeteringReceipt, to SessionStop), and ISO 15118-20 DC
 *   over mutual TLS 1.3 (AuthorizationReq PnC): the process CPU of one session (user + system, EV and SECC together,
 *   SDP and handshakes included) and its wall time, median of several sessions one after another on one station,
 *   after one to warm up; each EV charges 50 → 52 % on physics 400 times real time, the loop every 5 ms. The contracts are checked without OCSP (the lab names no responders): revocation is the responders'.
 *
 * `npm run bench:pnc -- [--seconds S] [--installs N] [--sessions M] [--json]`: S scales the time per figure
 * (default 0.2), N installations (default 30), M sessions per protocol (default 7).
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { map, type Observable } from 'rxjs';
import { evccContractService } from '../actors/session/evcc-contract-service.js';
import { evccPlugAndCharge } from '../actors/session/evcc-contract-channel.js';
import { contractService } from '../actors/session/secc-contract-service.js';
import { runEvcc, type EvccOptions, type EvccResult } from '../actors/stack/evcc-client.js';
import { startSeccStation, type SeccSession, type SeccStationOptions } from '../actors/stack/secc-station.js';
import type { EvseStatus } from '../adapters/evse.js';
import { scaledClock, systemClock } from '../base/clock.js';
import { evccSettingsFor, seccSettingsFor } from '../cli/protocol-choice.js';
import { simulatedBattery, simulatedSupply } from '../cli/simulation.js';
import { memoryContractStore } from '../crypto/contract-store/ev-contract-store.js';
import { decode, encode, type SchemaName } from '../codecs/exi/index.js';
import type { CertificateInstallationResType, V2G_MessageType } from '../codecs/exi/generated/iso2.types.js';
import { labContractBackend } from '../crypto/backend/index.js';
import { decryptContractKeyIso2 } from '../crypto/contract-key/index.js';
import { DEFAULT_EMAID, generateLabPki, seccTlsCredentials, vehicleTlsCredentials } from '../crypto/index.js';
import { softwareSigner } from '../crypto/signer.js';
import { signMessage, verifyMessage, type SignatureSchema } from '../crypto/xmldsig/index.js';
import { SIGNED_TYPES, unsignedMessage } from '../test/crypto/signed-documents.js';
import { loadAverage } from './host-load.js';
import { machine } from './machine.js';
import { medianNsPerOp, type TimingPlan } from './measure.js';

type Iso2Document = { V2G_Message: V2G_MessageType };

interface SessionFigure {
  readonly what: string;
  readonly schema: string;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly messages: number;
  readonly count: number;
}

interface Figure {
  readonly what: string;
  readonly schema: string;
  readonly medianUs: number;
  readonly p90Us?: number;
  readonly count?: number;
}

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '0.2' }, installs: { type: 'string', default: '30' }, sessions: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } },
});
const seconds = Number(values.seconds);
const installs = Number(values.installs);
if (!(seconds > 0)) throw new RangeError(`--seconds ${values.seconds}: a positive number`);
if (!Number.isInteger(installs) || installs < 1) throw new RangeError(`--installs ${values.installs}: a whole number, 1 or more`);
const sessions = Number(values.sessions);
if (!Number.isInteger(sessions) || sessions < 1) throw new RangeError(`--sessions ${values.sessions}: a whole number, 1 or more`);
/** The sessions' physics run this many times faster than real time: a 2 % DC window takes a fraction of a second. */
const PHYSICS_SPEED = 400;
const plan: TimingPlan = { runs: 5, runSeconds: seconds, warmupSeconds: seconds };

const figures: Figure[] = [...(await signatureFigures()), ...(await installationFigures())];
const sessionRuns: SessionFigure[] = [await iso2Sessions(), await iso20Sessions()];
if (values.json) {
  for (const f of [...figures, ...sessionRuns]) console.log(JSON.stringify({ ...f, machine: machine(), loadAverage: loadAverage() }));
} else {
  console.log(`Plug & Charge benchmark (bench:pnc) on ${machine()}`);
  console.log(`signatures: median of ${plan.runs} runs of ~${seconds} s; installation: ${installs} calls one after another; load average at the end ${loadAverage().toFixed(1)}\n`);
  const width = Math.max(...figures.map((f) => f.what.length));
  for (const f of figures) {
    const spread = f.p90Us === undefined ? '' : `  (p90 ${f.p90Us.toFixed(0)} µs, ${f.count} calls)`;
    console.log(`${f.what.padEnd(width)}  ${f.schema.padEnd(12)} ${f.medianUs.toFixed(1).padStart(9)} µs${spread}`);
  }
  console.log(`\nA full PnC session, EV and SECC in this process over loopback (median of ${sessions} sessions, one after another):`);
  for (const f of sessionRuns) {
    console.log(`${f.what.padEnd(width)}  ${f.schema.padEnd(12)} CPU ${f.cpuMs.toFixed(1).padStart(6)} ms  wall ${f.wallMs.toFixed(0).padStart(5)} ms  (${f.messages} messages)`);
  }
}

async function signatureFigures(): Promise<Figure[]> {
  const keys = { iso2: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), iso20: generateKeyPairSync('ec', { namedCurve: 'secp521r1' }) };
  const result: Figure[] = [];
  for (const { schema, entry } of SIGNED_TYPES) {
    const { privateKey, publicKey } = schema === 'iso2' ? keys.iso2 : keys.iso20;
    const signer = softwareSigner(privateKey);
    const unsigned = unsignedMessage(schema, entry, 1);
    const signed = received(schema, await signMessage(schema, unsigned, signer));
    if (!verifyMessage(schema, signed, publicKey).verified) throw new Error(`${schema} ${entry.message}: the signed message does not verify`);
    const refs = entry.everyWithId ? 'every tariff' : `${entry.references.length} reference${entry.references.length > 1 ? 's' : ''}`;
    const name = `${entry.message} (${refs})`;
    result.push({ what: `verify ${name}`, schema: title(schema), medianUs: medianNsPerOp(() => verifyMessage(schema, signed, publicKey), plan) / 1000 });
    result.push({ what: `sign   ${name}`, schema: title(schema), ...(await timed(() => signMessage(schema, unsigned, signer), Math.max(5, Math.round(seconds * 100)))) });
  }
  return result;
}

async function installationFigures(): Promise<Figure[]> {
  const lab = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false });
  const c = lab.certificates;
  const backend = labContractBackend(lab, { revocation: false });
  const request: Iso2Document = {
    V2G_Message: {
      Header: { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) },
      Body: {
        CertificateInstallationReq: {
          '@Id': 'req',
          OEMProvisioningCert: c.oemProvisioningLeaf.der,
          ListOfRootCertificateIDs: { RootCertificateID: [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: BigInt(`0x${new X509Certificate(c.v2gRootCa.der).serialNumber}`) }] },
        },
      },
    },
  };
  const exiRequest = Buffer.from(encode('iso2', await signMessage('iso2', request, softwareSigner(c.oemProvisioningLeaf.privateKeyPem)))).toString('base64');
  const signal = new AbortController().signal;
  const install = async (): Promise<string> => {
    const response = await backend.get15118EvCertificate({ iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest }, signal);
    if (response.status !== 'Accepted') throw new Error(`the installation was refused: ${response.exiResponse}`);
    return response.exiResponse;
  };
  const exiResponse = await install();
  const oemKey = createPrivateKey(c.oemProvisioningLeaf.privateKeyPem);
  const evSide = (): unknown => {
    const document = decode('iso2', new Uint8Array(Buffer.from(exiResponse, 'base64'))) as Iso2Document;
    const res = document.V2G_Message.Body.CertificateInstallationRes as CertificateInstallationResType;
    const provisioning = new X509Certificate(res.SAProvisioningCertificateChain.Certificate);
    if (!verifyMessage('iso2', document, provisioning).verified) throw new Error('the Res does not verify');
    return decryptContractKeyIso2({
      receiver: oemKey,
      encryptedPrivateKey: res.ContractSignatureEncryptedPrivateKey['#text'],
      dhPublicKey: res.DHpublickey['#text'],
      contractPublicKey: new X509Certificate(res.ContractSignatureCertChain.Certificate).publicKey,
    });
  };
  return [
    { what: 'CertificateInstallation, local backend (wall)', schema: title('iso2'), ...(await timed(install, installs)) },
    { what: 'CertificateInstallationRes, EV side (verify, decrypt)', schema: title('iso2'), medianUs: medianNsPerOp(evSide, plan) / 1000 },
    { what: 'CertificateInstallation, local backend (wall)', schema: title('iso20'), ...(await timed(await iso20Installation(), installs)) },
  ];
}

/** The -20 installation's call: a P-521 lab, the EV's request with its OEM provisioning chain signed. */
async function iso20Installation(): Promise<() => Promise<unknown>> {
  const lab = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false });
  const c = lab.certificates;
  const backend = labContractBackend(lab, { revocation: false });
  const request = {
    CertificateInstallationReq: {
      Header: { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), TimeStamp: BigInt(Math.floor(Date.now() / 1000)) },
      OEMProvisioningCertificateChain: { '@Id': 'oem', Certificate: c.oemProvisioningLeaf.der, SubCertificates: { Certificate: [c.oemSubCa2.der, c.oemSubCa1.der] } },
      ListOfRootCertificateIDs: { RootCertificateID: [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: BigInt(`0x${new X509Certificate(c.v2gRootCa.der).serialNumber}`) }] },
      MaximumContractCertificateChains: 1,
    },
  };
  const exiRequest = Buffer.from(encode('iso20-common', await signMessage('iso20-common', request, softwareSigner(c.oemProvisioningLeaf.privateKeyPem)))).toString('base64');
  const signal = new AbortController().signal;
  return async () => {
    const response = await backend.get15118EvCertificate({ iso15118SchemaVersion: 'urn:iso:std:iso:15118:-20:CommonMessages', action: 'Install', exiRequest }, signal);
    if (response.status !== 'Accepted') throw new Error(`the -20 installation was refused: ${response.exiResponse}`);
  };
}

/** ISO 15118-2 DC over TLS 1.2, the EV holding the lab's contract: Contract payment, signed challenge and receipt. */
async function iso2Sessions(): Promise<SessionFigure> {
  const lab = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false });
  const c = lab.certificates;
  const moRoots = [c.moRootCa.der];
  const station = await pncStation('iso2', { credentials: seccTlsCredentials(c) }, { moRoots, contracts: contractService({ backend: labContractBackend(lab, { revocation: false }), moRoots }) });
  const { protocol, settings } = evccSettingsFor('iso2-dc');
  const paidByContract = (messages: EvccResult['messages']): boolean => messages.some((m) => m.name === 'PaymentDetailsRes' && m.responseCode === 'OK');
  return station.measure('ISO 15118-2 DC PnC session, TLS 1.2', 'iso2', paidByContract, () => {
    const store = memoryContractStore({
      contract: { emaid: DEFAULT_EMAID, chain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der], keyPem: c.contractLeaf.privateKeyPem },
      provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem },
      v2gRoots: [c.v2gRootCa.der],
    });
    return {
      protocols: [protocol],
      tls: { trustedRoots: [c.v2gRootCa.pem] },
      contractStore: store,
      settings: { ...settings, iso2: { ...settings.iso2!, plugAndCharge: evccPlugAndCharge(store) } },
    };
  });
}

/** ISO 15118-20 DC over mutual TLS 1.3, the EV holding the lab's contract: AuthorizationReq PnC over the challenge. */
async function iso20Sessions(): Promise<SessionFigure> {
  const lab = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false });
  const c = lab.certificates;
  const moRoots = [c.moRootCa.der];
  const tls13 = { credentials: seccTlsCredentials(c), clientAuthentication: { trustedRoots: [c.oemRootCa.pem], required: true } };
  const station = await pncStation('iso20-dc', { tls13 }, { moRoots, contracts: contractService({ backend: labContractBackend(lab, { revocation: false }), moRoots }) });
  const { protocol, settings } = evccSettingsFor('iso20-dc');
  const selectedPnc = (messages: EvccResult['messages']): boolean =>
    messages.some((m) => m.name === 'AuthorizationReq' && (m.message as { AuthorizationReq?: { SelectedAuthorizationService?: string } }).AuthorizationReq?.SelectedAuthorizationService === 'PnC');
  return station.measure('ISO 15118-20 DC PnC session, TLS 1.3', 'iso20', selectedPnc, () => ({
    protocols: [protocol],
    tls: { trustedRoots: [c.v2gRootCa.pem], credentials: vehicleTlsCredentials(c) },
    settings: { ...settings, iso20: { ...settings.iso20!, authorization: 'PnC' as const } },
    contracts: evccContractService({
      store: memoryContractStore({
        contract: { emaid: DEFAULT_EMAID, chain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der], keyPem: c.contractLeaf.privateKeyPem },
        provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem },
        v2gRoots: [c.v2gRootCa.der],
      }),
      provisioningSubCas: [c.oemSubCa2.der, c.oemSubCa1.der],
    }),
  }));
}

type EvSide = Pick<EvccOptions, 'protocols' | 'tls' | 'settings' | 'contractStore' | 'contracts'>;

/**
 * A DC station on [::1] for `protocol` with Plug & Charge over `tls`, its stage reporting a meter (PnC asks for a receipt of it), and
 * what runs `sessions` EVs against it one after another, after one to warm up, and closes it.
 */
async function pncStation(protocol: 'iso2' | 'iso20-dc', tls: SeccStationOptions['tls'], plugAndCharge: SeccStationOptions['plugAndCharge']) {
  const physics = scaledClock(systemClock, PHYSICS_SPEED);
  const stops: Array<() => void> = [];
  const outcomes: Array<SeccSession['outcome']> = [];
  const station = await startSeccStation({
    host: '::1',
    sdpPort: 0,
    protocols: [protocol],
    evseId: 'DE*KPH*E0000001',
    settings: seccSettingsFor('dc'),
    tls,
    plugAndCharge,
    powerModule: () => {
      const supply = simulatedSupply(physics, 'dc');
      stops.push(() => supply.stop());
      return { status$: (supply.status$ as Observable<EvseStatus>).pipe(map((status) => ({ ...status, meterId: 'KPH-METER-1' }))), command: (command) => supply.command(command) };
    },
  });
  station.sessions$.subscribe((session) => outcomes.push(session.outcome));
  const one = async (ev: EvSide, byContract: (messages: EvccResult['messages']) => boolean): Promise<{ cpuMs: number; wallMs: number; messages: number }> => {
    const battery = simulatedBattery(physics, 'dc', { initialSoc: 50, targetSoc: 52 });
    stops.push(() => battery.stop());
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await runEvcc({ sdpTarget: '::1', sdpPort: station.sdpPort, evccId: Uint8Array.of(2, 0x4b, 0x50, 0x48, 0, 1), loopInterval: 5, vehicle: battery, ...ev });
    const secc = await outcomes.at(-1);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (result.outcome.result !== 'stopped' || secc?.result !== 'stopped') throw new Error(`the PnC session did not end in SessionStop: EV ${JSON.stringify(result.outcome)}, SECC ${JSON.stringify(secc)}`);
    if (!byContract(result.messages)) throw new Error('the session did not authorize by Plug & Charge');
    return { cpuMs: (used.user + used.system) / 1000, wallMs, messages: result.messages.length };
  };
  return {
    async measure(what: string, schema: string, byContract: (messages: EvccResult['messages']) => boolean, ev: () => EvSide): Promise<SessionFigure> {
      try {
        await one(ev(), byContract);
        const runs: Array<Awaited<ReturnType<typeof one>>> = [];
        for (let i = 0; i < sessions; i++) runs.push(await one(ev(), byContract));
        const median = (pick: (r: (typeof runs)[number]) => number): number => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
        return { what, schema: title(schema), cpuMs: median((r) => r.cpuMs), wallMs: median((r) => r.wallMs), messages: median((r) => r.messages), count: sessions };
      } finally {
        await station.close();
        for (const stop of stops) stop();
      }
    },
  };
}

/** Median and 90th percentile wall time of `count` calls, one after the other, after one call to warm up. */
async function timed(op: () => Promise<unknown>, count: number): Promise<Pick<Figure, 'medianUs' | 'p90Us' | 'count'>> {
  await op();
  const us: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await op();
    us.push((performance.now() - start) * 1000);
  }
  us.sort((a, b) => a - b);
  return { medianUs: us[Math.floor(us.length / 2)]!, p90Us: us[Math.min(us.length - 1, Math.floor(us.length * 0.9))]!, count };
}

function received(schema: SignatureSchema, document: unknown): unknown {
  return decode(schema as SchemaName, encode(schema as SchemaName, document as never));
}

function title(schema: string): string {
  return schema === 'iso2' ? '-2 P-256' : '-20 P-521';
}
