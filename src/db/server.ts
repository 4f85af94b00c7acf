/**
 * Where a ClickHouse server is and how sortie logs in: parsed from `--db URL`, with credentials
 * from the URL (`http://user:pass@host:8123/db`) or from SORTIE_DB_USER / SORTIE_DB_PASSWORD (the
 * environment is handed in by the CLI). The name shown in every message never carries them.
 */
import { identifier } from './sql.js';

export interface DbServer {
  /** Base URL without credentials, path or query: what requests go to. */
  readonly origin: string;
  /** How messages name the server: origin and database, never a user or password. */
  readonly shown: string;
  readonly database: string;
  readonly user: string | null;
  readonly password: string | null;
}

export class DbUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbUrlError';
  }
}

/** The environment variables credentials may come from. */
export interface DbEnv {
  readonly SORTIE_DB_USER?: string | undefined;
  readonly SORTIE_DB_PASSWORD?: string | undefined;
}

/** Parses one server URL; throws DbUrlError with a message that holds no credentials. */
export function parseDbUrl(text: string, env: DbEnv = {}): DbServer {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DbUrlError(`--db: not a URL: ${maskCredentials(text)} (e.g. http://127.0.0.1:8123)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DbUrlError(
      `--db: ${maskCredentials(text)}: only http:// and https:// (ClickHouse's HTTP interface) are read`,
    );
  }
  const path = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  let database = 'default';
  if (path !== '') {
    try {
      database = identifier(path);
    } catch {
      throw new DbUrlError(
        `--db: ${maskCredentials(text)}: the path names the database, a plain name`,
      );
    }
  }
  const user =
    url.username !== '' ? decodeURIComponent(url.username) : (env.SORTIE_DB_USER ?? null);
  const password =
    url.password !== '' ? decodeURIComponent(url.password) : (env.SORTIE_DB_PASSWORD ?? null);
  const origin = `${url.protocol}//${url.host}`;
  return { origin, shown: `${origin}/${database}`, database, user, password };
}

/** Several servers given as one comma-separated --db value (a cluster's shards). */
export function parseDbUrls(text: string, env: DbEnv = {}): DbServer[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) throw new DbUrlError('--db: no server URL given');
  return parts.map((p) => parseDbUrl(p, env));
}

/** `text` with any `user:password@` of a URL in it replaced by `***@`. */
export function maskCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}

/** `text` with the server's password (and user, when set) blotted out wherever they occur. */
export function maskSecrets(text: string, server: Pick<DbServer, 'password'>): string {
  let out = maskCredentials(text);
  if (server.password !== null && server.password.length > 0) {
    out = out.split(server.password).join('***');
  }
  return out;
}

/**
 * Whether requests to `origin` stay on this machine (localhost, 127.0.0.0/8, ::1). Inserts to such
 * a server go uncompressed: gzip saves nothing on loopback and costs both sides CPU (a third of the
 * load's time in a profile of `sortie db load` on 2 cores).
 */
export function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
