import { HttpClient, type HttpClientOptions } from '../http.js';
import { parseError } from './map.js';
import { userPostsResponse } from './payloads.js';

export const DEFAULT_BASE_URL = 'https://api.aisa.one/apis/v1';

export class AisaClient {
  private readonly http: HttpClient;

  constructor(
    options: Omit<HttpClientOptions, 'provider' | 'secrets'>,
    private readonly apiKey: string,
  ) {
    this.http = new HttpClient({ ...options, provider: 'aisa', secrets: [apiKey] });
  }

  userPosts(handle: string, nextMaxId: string | null) {
    return this.http.json(
      {
        operation: 'user posts',
        path: '/instagram/user/posts',
        query: { handle, next_max_id: nextMaxId },
        headers: { authorization: `Bearer ${this.apiKey}` },
      },
      userPostsResponse,
      parseError,
    );
  }
}
