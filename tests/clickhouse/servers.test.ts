/**
 * The suite's servers (scripts/clickhouse-servers.ts) when another run's server holds a port found
 * free: the start must not take that server for its own (its tests would run against another
 * run's data), and must start on other ports instead.
 */
import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePort, startClickHouse } from '../../scripts/clickhouse-servers.js';

/** A server that answers as a ClickHouse server of another run does to a user it does not know. */
async function foreignServer(): Promise<{ server: Server; port: number; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(500);
    res.end(
      'Code: 192, e.displayText() = DB::Exception: Unknown user run_x, e.what() = DB::Exception\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, port, asked };
}

describe('starting the servers while another run holds a port', () => {
  it('leaves the other run alone and starts on new ports', async () => {
    const foreign = await foreignServer();
    const attempts: number[] = [];
    const servers = await startClickHouse({
      ports: async (attempt) => {
        attempts.push(attempt);
        const free = await Promise.all(Array.from({ length: 6 }, () => freePort()));
        // The first attempt's single server is given the port the other run holds.
        return attempt === 1 ? [foreign.port, ...free.slice(1)] : free;
      },
    });
    try {
      expect(attempts).toEqual([1, 2]);
      expect(foreign.asked.length).toBeGreaterThan(0);
      expect(servers.singleUrl).not.toContain(`:${foreign.port}`);
      const res = await fetch(`${servers.singleUrl}/?query=SELECT%201`);
      expect((await res.text()).trim()).toBe('1');
    } finally {
      await servers.stop();
      foreign.server.close();
    }
  });
});
