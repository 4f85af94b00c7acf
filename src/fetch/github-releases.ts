/**
 * The network edge of listing a repository's releases through GitHub's REST API
 * (`GET /repos/{owner}/{repo}/releases`, 100 a page, following the `Link: rel="next"` header).
 * Without a token GitHub allows 60 requests an hour; a year's repository is about ten pages.
 */
import { HttpFailure, requestText, type HttpOptions } from './http.js';
import { releasesFromApi, type Release } from './adsblol-releases.js';

export const GITHUB_API_URL = 'https://api.github.com';

/** The `rel="next"` URL of a Link header, or null. */
export function nextPageUrl(link: string | null): string | null {
  for (const part of (link ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m !== null) return m[1] ?? null;
  }
  return null;
}

const MAX_PAGES = 100;

/** Every release of `repository` (owner/name); null when the repository does not exist. */
export async function listReleases(
  apiUrl: string,
  repository: string,
  http: HttpOptions,
): Promise<Release[] | null> {
  const headers = { ...http.headers, Accept: 'application/vnd.github+json' };
  let url: string | null =
    `${apiUrl.replace(/\/+$/, '')}/repos/${repository}/releases?per_page=100`;
  const releases: Release[] = [];
  for (let page = 1; url !== null && page <= MAX_PAGES; page += 1) {
    const res = await requestText(url, 'GET', { ...http, headers });
    if (res.status === 404 && page === 1) return null;
    if (
      (res.status === 403 || res.status === 429) &&
      res.headers.get('x-ratelimit-remaining') === '0'
    ) {
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      const when =
        Number.isFinite(reset) && reset > 0
          ? ` after ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`
          : ' later';
      throw new HttpFailure(
        `GitHub's API allows 60 requests an hour without a token, and they are used up: try again${when}`,
      );
    }
    if (res.status !== 200) throw new HttpFailure(`${url}: HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new HttpFailure(`${url}: the answer is not JSON`);
    }
    try {
      releases.push(...releasesFromApi(body, repository));
    } catch (err) {
      throw new HttpFailure(`${url}: ${(err as Error).message}`);
    }
    url = nextPageUrl(res.headers.get('link'));
  }
  return releases;
}
