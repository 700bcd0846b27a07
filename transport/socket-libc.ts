/**
 * The libc functions the raw-socket transports (AF_PACKET, AF_CAN) call through koffi, an FFI whose binary ships
 * prebuilt in its npm package, so nothing is compiled. Loaded only when such a socket is opened.
 */
export interface SocketLibc {
  socket(domain: number, type: number, protocol: number): number;
  if_nametoindex(name: string): number;
  bind(fd: number, address: Buffer, length: number): number;
  setsockopt(fd: number, level: number, name: number, value: Buffer, length: number): number;
  /** errno of the last call. */
  errno(): number;
}

export const SOCK_RAW = 3;
export const SOL_SOCKET = 1;
export const SO_RCVTIMEO = 20;
export const EPERM = 1;
export const EACCES = 13;

/** libc, or the error `unavailable` makes of why koffi or libc.so.6 cannot be loaded. */
export async function loadSocketLibc(unavailable: (detail: string) => Error): Promise<SocketLibc> {
  let koffi: typeof import('koffi');
  try {
    koffi = (await import('koffi')).default;
  } catch (err) {
    throw unavailable(`the koffi package could not be loaded (${(err as Error).message})`);
  }
  try {
    const lib = koffi.load('libc.so.6');
    return {
      socket: lib.func('int socket(int domain, int type, int protocol)'),
      if_nametoindex: lib.func('unsigned int if_nametoindex(const char *ifname)'),
      bind: lib.func('int bind(int fd, const void *addr, int addrlen)'),
      setsockopt: lib.func('int setsockopt(int fd, int level, int optname, const void *optval, int optlen)'),
      errno: () => koffi.errno(),
    };
  } catch (err) {
    throw unavailable(`libc.so.6 could not be bound (${(err as Error).message})`);
  }
}
