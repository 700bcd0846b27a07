/**
 * The ISO 15118-20 lab PKI the `secc` and `evcc` commands share, in a folder as `pki init --profile iso20` writes it:
 * the station's TLS 1.3 chain (SECCCert, CPO Sub-CA 2 and 1), the V2G root the vehicle trusts, the OEM root the
 * station trusts for mutual authentication and the vehicle's TLS chain (VehicleChain, VehicleCert.key). The default
 * folder is made with a fresh lab PKI when it holds none, as `--tls` does for the ISO 15118-2 test PKI.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultTestPkiDir, derToPem, generateLabPki, loadTestPki, pemToDerAll, saveLabPki, seccTlsCredentials, type TlsCredentials } from '../crypto/index.js';

/** Beside the ISO 15118-2 test PKI, in the same private parent folder. */
export const DEFAULT_PKI20_DIR = join(defaultTestPkiDir(), '..', 'lab-pki-iso20');

export interface Iso20Pki {
  /** The station's TLS 1.3 credentials: its leaf, CPO Sub-CA 2, Sub-CA 1. */
  seccCredentials(): Promise<TlsCredentials>;
  /** The OEM root, PEM: what the station verifies a vehicle's certificate against. */
  oemRoot(): Promise<string>;
  /** The V2G root, PEM: what the vehicle verifies the station against. */
  v2gRoot(): Promise<string>;
  /** The vehicle's TLS credentials: its leaf and the OEM Sub-CAs. */
  vehicleCredentials(): Promise<TlsCredentials>;
}

/**
 * The lab PKI in `dir`. Only the default folder is created (with a fresh -20 lab PKI) when it holds no SECC
 * certificate; a folder given on the command line is read as it is, and a missing file is an error naming it.
 */
export async function iso20Pki(dir: string): Promise<Iso20Pki> {
  if (dir === DEFAULT_PKI20_DIR && !(await readFile(join(dir, 'SECCCert.pem')).then(() => true, () => false))) {
    await saveLabPki(await generateLabPki({ profile: 'iso20', ocspResponderUrl: false }), dir);
  }
  const text = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');
  return {
    seccCredentials: async () => seccTlsCredentials(await loadTestPki(dir)),
    oemRoot: () => text('OEMRootCA.pem'),
    v2gRoot: () => text('V2GRootCA.pem'),
    vehicleCredentials: async () => {
      const chain = await text('VehicleChain.pem');
      return { key: await text('VehicleCert.key'), certChain: pemToDerAll('CERTIFICATE', chain, 'VehicleChain.pem').map((der) => derToPem('CERTIFICATE', der)) };
    },
  };
}
