/** The two one-byte SDP fields shared by request and response (ISO 15118-2 §7.10.1, Tables 14 and 15). */
export const Security = { TLS: 0x00, NoTransportSecurity: 0x10 } as const;
export type Security = (typeof Security)[keyof typeof Security];

/** UDP (0x10) is reserved for future use: V2G messages are never carried over UDP. */
export const TransportProtocol = { TCP: 0x00, UDP: 0x10 } as const;
export type TransportProtocol = (typeof TransportProtocol)[keyof typeof TransportProtocol];

export const isSecurity = (v: number): v is Security => v === Security.TLS || v === Security.NoTransportSecurity;
export const isTransportProtocol = (v: number): v is TransportProtocol => v === TransportProtocol.TCP || v === TransportProtocol.UDP;

/** The SECC's UDP port for SDP, and the all-nodes link-local group the EVCC sends its request to. */
export const SDP_SERVER_PORT = 15118;
export const SDP_MULTICAST_ADDRESS = 'ff02::1';
