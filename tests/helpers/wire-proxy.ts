import net from 'node:net';

/**
 * A TCP proxy in front of the test database that reads the MongoDB wire protocol going to the
 * server: which connections were opened and which commands each carried. Counts what a client does
 * whatever the engine (FerretDB or mongod) and whatever client copy sends it (a bundled mongoose
 * included), e.g. connections opened per warm CloudBase instance, or `createIndexes` at a cold start.
 */
export interface WireCommand {
  /** 1, 2, … in the order connections were opened. */
  conn: number;
  /** The command's name: the first key of its body (`find`, `insert`, `hello`, `createIndexes`…). */
  name: string;
}

export interface WireProxy {
  /** `mongodb://127.0.0.1:<proxy port>/<dbName>` with the target's other parts. */
  uri(dbName: string): string;
  /** Connections accepted so far. */
  readonly opened: number;
  /** Connections open now. */
  readonly open: number;
  readonly commands: readonly WireCommand[];
  stop(): Promise<void>;
}

/** Handshake and monitoring commands (the driver's server monitor sends them on its own schedule). */
export const MONITORING_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'getParameter', 'endSessions']);

const OP_QUERY = 2004;
const OP_MSG = 2013;

function cstringEnd(buf: Buffer, from: number): number {
  const end = buf.indexOf(0, from);
  return end < 0 ? buf.length : end;
}

/** The first key of the BSON document at `at` (the command name), or '' if there is none. */
function firstKey(buf: Buffer, at: number): string {
  if (at + 5 > buf.length || buf[at + 4] === 0) return '';
  const nameAt = at + 5; // int32 size, then the first element's type byte
  return buf.toString('utf8', nameAt, cstringEnd(buf, nameAt));
}

/** The command a client message carries (OP_MSG body, or a legacy OP_QUERY handshake). */
export function commandName(msg: Buffer): string {
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) {
    let at = 20; // header (16) + flagBits (4)
    while (at < msg.length) {
      const kind = msg[at];
      if (kind === 0) return firstKey(msg, at + 1);
      if (kind !== 1) return '';
      at += 1 + msg.readInt32LE(at + 1); // a document sequence: skip it
    }
    return '';
  }
  if (opCode === OP_QUERY) {
    const collectionEnd = cstringEnd(msg, 20);
    return firstKey(msg, collectionEnd + 1 + 8);
  }
  return '';
}

export async function startWireProxy(targetUri: string): Promise<WireProxy> {
  const target = new URL(targetUri);
  const targetPort = Number(target.port || 27017);
  const commands: WireCommand[] = [];
  const sockets = new Set<net.Socket>();
  let opened = 0;
  let open = 0;

  const server = net.createServer((client) => {
    const conn = ++opened;
    open += 1;
    const upstream = net.connect(targetPort, target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const name = commandName(pending.subarray(0, length));
        if (name) commands.push({ conn, name });
        pending = pending.subarray(length);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      open -= 1;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    uri(dbName) {
      const u = new URL(targetUri);
      u.host = `127.0.0.1:${port}`;
      u.pathname = `/${dbName}`;
      return u.toString();
    },
    get opened() {
      return opened;
    },
    get open() {
      return open;
    },
    commands,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
