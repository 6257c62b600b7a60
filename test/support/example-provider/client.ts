import { HttpClient, type HttpClientOptions } from '../../../src/providers/http.js';
import { EXAMPLE_ID } from './id.js';
import { parseError } from './map.js';
import { postsResponse } from './payloads.js';

export const DEFAULT_BASE_URL = 'https://api.postbox.example';

/** Postbox: `GET /v1/users/{handle}/posts`, an `x-postbox-key` header, `cursor` paging. */
export class PostboxClient {
  private readonly http: HttpClient;

  constructor(
    options: Omit<HttpClientOptions, 'provider' | 'secrets'>,
    private readonly apiKey: string,
  ) {
    this.http = new HttpClient({ ...options, provider: EXAMPLE_ID, secrets: [apiKey] });
  }

  userPosts(handle: string, cursor: string | null) {
    return this.http.json(
      {
        operation: 'user posts',
        path: `/v1/users/${encodeURIComponent(handle)}/posts`,
        query: { cursor },
        headers: { 'x-postbox-key': this.apiKey },
      },
      postsResponse,
      parseError,
    );
  }
}
