import { HttpClient, type HttpClientOptions } from '../http.js';
import { parseError } from './map.js';
import { userPostsResponse } from './payloads.js';

export const DEFAULT_BASE_URL = 'https://api.sociavault.com';

export class SociaVaultClient {
  private readonly http: HttpClient;

  constructor(
    options: Omit<HttpClientOptions, 'provider' | 'secrets'>,
    private readonly apiKey: string,
  ) {
    this.http = new HttpClient({ ...options, provider: 'sociavault', secrets: [apiKey] });
  }

  userPosts(handle: string) {
    return this.http.json(
      { operation: 'user posts', path: '/v1/scrape/threads/user-posts', query: { handle }, headers: { 'x-api-key': this.apiKey } },
      userPostsResponse,
      parseError,
    );
  }
}
