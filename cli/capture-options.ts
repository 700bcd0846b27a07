/**
 * What `demo`, `evcc` and `secc` record for a field engineer: `--pcap FILE`, and SSLKEYLOGFILE, as browsers and curl
 * honour it: each TLS session's secrets (NSS key log lines) appended to the file it names, so that Wireshark decrypts
 * a capture taken elsewhere, e.g. with tcpdump on the PLC interface.
 */
import { appendFileSync } from 'node:fs';
import { oneLineMessage } from './errors.js';
import { writeErr } from './io.js';

export const CAPTURE_USAGE = `  --pcap FILE       pcapng of this side's traffic as it happened: SDP, each V2G connection (TCP packets rebuilt
                    around the socket data; with --tls the encrypted records and, before them, the session's secrets
                    in a Decryption Secrets Block, so Wireshark decrypts them unaided) and, with --slac, the SLAC
                    frames on a second (Ethernet) interface
  SSLKEYLOGFILE     (environment) append each TLS session's secrets to this file (NSS key log format)`;

export function keyLogFromEnvironment(env: NodeJS.ProcessEnv = process.env): ((line: string) => void) | undefined {
  const path = env.SSLKEYLOGFILE;
  if (!path) return undefined;
  let failed = false;
  return (line) => {
    try {
      // 0600: whoever reads the file can decrypt the sessions.
      appendFileSync(path, line.endsWith('\n') ? line : `${line}\n`, { mode: 0o600 });
    } catch (e) {
      // The session goes on without its key log; said once, not per line.
      if (!failed) writeErr(`SSLKEYLOGFILE ${path}: ${oneLineMessage(e)}\n`);
      failed = true;
    }
  };
}
