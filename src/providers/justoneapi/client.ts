import { HttpClient, type HttpClientOptions } from '../http.js';
import { businessErrorOf, parseError } from './map.js';
import { envelope, userPostsData } from './payloads.js';

export const DEFAULT_BASE_URL = 'https://api.justoneapi.com';

export class JustOneApiClient {
  private readonly http: HttpClient;

  constructor(
    options: Omit<HttpClientOptions, 'provider' | 'secrets'>,
    private readonly token: string,
  ) {
    this.http = new HttpClient({ ...options, provider: 'justoneapi', secrets: [token] });
  }

  async userPosts(username: string, paginationToken: string | null) {
    const call = {
      operation: 'user posts',
      path: '/api/instagram/get-user-posts/v1',
      // The vendor authenticates with the token as a query parameter.
      query: { token: this.token, username, paginationToken: paginationToken ?? '' },
      answerError: businessErrorOf,
    };
    const answer = await this.http.json(call, envelope, parseError);
    return this.http.parse(call, answer.data, userPostsData);
  }
}
