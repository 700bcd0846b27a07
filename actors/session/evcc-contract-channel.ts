/**
 * The EV's side of Plug & Charge around its channel, so the EVCC machine stays pure and no private key enters it:
 * requests the standard has the EV sign leave signed by its contract store's keys (AuthorizationReq and
 * MeteringReceiptReq with the contract key, CertificateInstallationReq with the OEM provisioning key,
 * CertificateUpdateReq with the contract being updated); a CertificateInstallationRes or CertificateUpdateRes that
 * delivers a contract reaches the machine only once the SA provisioning chain verified to a trusted V2G root, the
 * signature over the delivered elements verified with its leaf, the contract key decrypted and found to belong to
 * the contract certificate [V2G2-823], and the store kept it. A delivery that fails any of these ends the session
 * with the reason, the store unchanged.
 */
import { X509Certificate } from 'node:crypto';
import { concatMap, from, type Observable } from 'rxjs';
import type { CertificateInstallationResType, CertificateUpdateResType } from '../../codecs/exi/generated/iso2.types.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { verifyCertificateChain } from '../../crypto/backend/contract-chain.js';
import { decryptContractKeyIso2 } from '../../crypto/contract-key/iso2.js';
import type { EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import type { EcdsaSigner } from '../../crypto/signer.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import { verifyMessage } from '../../crypto/xmldsig/verify.js';
import type { Iso2EvccPlugAndCharge } from '../../machines/iso2/evcc-context.js';
import type { Iso2Message } from '../../machines/iso2/iso2-messages.js';
import type { ChannelEvent } from '../../machines/session/session-events.js';
import type { V2gChannel } from '../channel/v2g-channel-actor.js';

type Delivery = CertificateInstallationResType | CertificateUpdateResType;

function bodyOf(message: V2gDocument): { readonly name: string; readonly element: Record<string, unknown> } | undefined {
  if (message.schema !== 'iso2') return undefined;
  const body = (message.document as Iso2Message).V2G_Message.Body as Record<string, Record<string, unknown> | undefined>;
  const name = Object.keys(body).find((key) => body[key] !== undefined);
  return name === undefined ? undefined : { name, element: body[name]! };
}

/** Who signs a request: none for one that carries no Id to sign (EIM's AuthorizationReq and MeteringReceiptReq). */
function signerOf(store: EvContractStore, name: string, element: Record<string, unknown>): EcdsaSigner | undefined {
  if (element['@Id'] === undefined) return undefined;
  if (name === 'CertificateInstallationReq') return store.provisioning.signer;
  if (name === 'AuthorizationReq' || name === 'MeteringReceiptReq' || name === 'CertificateUpdateReq') return store.contractSigner();
  return undefined;
}

/** Checks and keeps a delivered contract; the reason it is refused otherwise. */
async function accept(store: EvContractStore, action: 'Install' | 'Update', message: Iso2Message, res: Delivery): Promise<string | undefined> {
  const sa = [res.SAProvisioningCertificateChain.Certificate, ...(res.SAProvisioningCertificateChain.SubCertificates?.Certificate ?? [])];
  const now = new Date();
  const provider = verifyCertificateChain(sa, store.v2gRoots, now, 'iso2');
  if (!provider.ok) return `the SA provisioning chain does not verify: ${provider.reason}`;
  const signature = verifyMessage('iso2', message, new X509Certificate(sa[0]!));
  if (!signature.verified || signature.unsigned.length > 0) return `the provisioning service's signature does not verify${signature.unsigned.length ? ` (unsigned: ${signature.unsigned.join(', ')})` : ''}`;
  const receiver = store.agreementKey(action);
  if (receiver === undefined) return `no key to receive an ${action === 'Install' ? 'installation' : 'update'} with`;
  const chain = [res.ContractSignatureCertChain.Certificate, ...(res.ContractSignatureCertChain.SubCertificates?.Certificate ?? [])];
  const key = decryptContractKeyIso2({
    receiver,
    encryptedPrivateKey: res.ContractSignatureEncryptedPrivateKey['#text'],
    dhPublicKey: res.DHpublickey['#text'],
    contractPublicKey: new X509Certificate(chain[0]!).publicKey,
  });
  await store.install({ emaid: res.eMAID['#text'], chain }, key);
  return undefined;
}

export function contractChannel(channel: V2gChannel, store: EvContractStore): V2gChannel {
  // Signing is asynchronous (a token may sign): requests leave in the order the machine sent them.
  let queue: Promise<void> = Promise.resolve();
  let signing = 0;
  const fail = (err: unknown): void => channel.close(`Plug & Charge: ${err instanceof Error ? err.message : String(err)}`);

  const events$: Observable<ChannelEvent> = channel.events$.pipe(
    concatMap((event) => {
      if (event.type !== 'channel.received') return [event];
      const body = bodyOf(event.message);
      const action = body?.name === 'CertificateInstallationRes' ? 'Install' : body?.name === 'CertificateUpdateRes' ? 'Update' : undefined;
      if (body === undefined || action === undefined || !String(body.element.ResponseCode).startsWith('OK')) return [event];
      return from(
        accept(store, action, event.message.document as Iso2Message, body.element as unknown as Delivery).then(
          (refused) => (refused === undefined ? [event] : (channel.close(`contract delivery refused: ${refused}`), [])),
          (err: unknown) => (channel.close(`contract delivery refused: ${err instanceof Error ? err.message : String(err)}`), []),
        ),
      ).pipe(concatMap((events) => events));
    }),
  );

  return {
    events$,
    get traffic$() {
      return channel.traffic$;
    },
    get protocol() {
      return channel.protocol;
    },
    get actor() {
      return channel.actor;
    },
    useProtocol: (protocol) => channel.useProtocol(protocol),
    close: (reason, afterPeer) => channel.close(reason, afterPeer),
    send(message) {
      const body = bodyOf(message);
      const signer = body && signerOf(store, body.name, body.element);
      if (signer === undefined && signing === 0) return channel.send(message);
      signing++;
      queue = queue
        .then(async () => {
          channel.send(signer === undefined ? message : { schema: 'iso2', document: await signMessage('iso2', message.document as Iso2Message, signer) } as V2gDocument);
        })
        .catch(fail)
        .finally(() => signing--);
    },
  };
}

/** RFC 4514's form of a certificate's subject: its RDNs last first, comma-separated, as X509IssuerName writes names. */
function rfc4514(subject: string): string {
  return subject.split('\n').reverse().join(',');
}

/** What the ISO 15118-2 EVCC's session is told of the store: the contract held, the OEM certificate, the trusted roots. */
export function evccPlugAndCharge(store: EvContractStore, certificate?: 'install' | 'update'): Iso2EvccPlugAndCharge {
  const contract = store.contract();
  return {
    ...(contract === undefined ? {} : { contract }),
    ...(certificate === undefined ? {} : { certificate }),
    oemProvisioningCertificate: store.provisioning.certificate,
    rootCertificateIds: store.v2gRoots.map((der) => {
      const root = new X509Certificate(der);
      return { X509IssuerName: rfc4514(root.subject), X509SerialNumber: BigInt(`0x${root.serialNumber}`) };
    }),
  };
}
