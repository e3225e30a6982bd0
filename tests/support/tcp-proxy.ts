/**
 * A TCP proxy in front of Postgres, for one connection's worth of network
 * trouble: refuse new connections for a while (a server that cannot be
 * reached), or freeze the ones open (bytes stop flowing, nobody hears a close:
 * a dropped NAT entry, a hung middlebox).
 */
import net from "node:net";

export interface TcpProxy {
  /** `url` with its host and port replaced by the proxy's */
  url: string;
  /** while true, every new connection is closed as soon as it is accepted */
  refuse(on: boolean): void;
  /** stop forwarding on every open connection, leaving the sockets open */
  freeze(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const port = Number(target.port || 5432);
  let refusing = false;
  const open = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const frozen: net.Socket[] = [];
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(port, target.hostname);
    const pair = { client, upstream };
    open.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxyPort = (server.address() as net.AddressInfo).port;
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxyPort);
  return {
    url: url.toString(),
    refuse: (on) => void (refusing = on),
    freeze: () => {
      for (const { client, upstream } of open) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        frozen.push(client, upstream);
      }
      open.clear(); // frozen for good
    },
    close: async () => {
      for (const { client, upstream } of open) frozen.push(client, upstream);
      for (const s of frozen) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
