import type { Server } from 'node:http';

/**
 * Stops accepting connections and lets requests in flight finish: idle keep-alive
 * connections are closed as soon as they go idle, and whatever is still open after
 * `timeoutMs` is cut. Resolves once the server has closed.
 */
export function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    deadline.unref();
    server.close(() => {
      clearInterval(sweeper);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
