import type { Server } from "node:http";
import { MockServerError } from "./errors.js";
import { messageOf } from "./prism.js";

export const DEFAULT_HOST = "127.0.0.1";

/** The URL a client uses for a server listening on `host`: wildcard addresses become loopback. */
export function urlFor(host: string, port: number): string {
  const name = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Turns a failure to listen into a message that says which port and what to do about it. */
export function listenError(error: unknown, host: string, port: number): MockServerError {
  const message = messageOf(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "EADDRINUSE" || message.includes("EADDRINUSE")) {
    return new MockServerError(
      "PORT_IN_USE",
      `port ${port} on ${host} is already in use: choose another port, or 0 for a free one`,
      { cause: error },
    );
  }
  if (code === "EACCES" || message.includes("EACCES")) {
    return new MockServerError(
      "LISTEN_FAILED",
      `not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges)`,
      { cause: error },
    );
  }
  if (code === "EADDRNOTAVAIL" || message.includes("EADDRNOTAVAIL")) {
    return new MockServerError("LISTEN_FAILED", `cannot listen on ${host}: no such address on this machine`, {
      cause: error,
    });
  }
  return new MockServerError("LISTEN_FAILED", `cannot listen on ${host}:${port}: ${message}`, { cause: error });
}

/** Listens on a plain node:http server; resolves with the port actually bound. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(listenError(error, host, port));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/** Closes a server and the keep-alive connections that would hold it open. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
