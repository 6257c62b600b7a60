import { HttpClient, type HttpClientOptions } from '../http.js';
import { parseError, unwrapEnvelope } from './map.js';
import { envelope, userPostsData } from './payloads.js';

export const DEFAULT_BASE_URL = 'https://api.justoneapi.com';

export class JustOneApiClient {
  private readonly http: HttpClient;

  constructor(options: Omit<HttpClientOptions, 'provider' | 'secrets'>, private readonly token: string) {
    this.http = new HttpClient({ ...options, provider: 'justoneapi', secrets: [token] });
  }

  async userPosts(username: string, paginationToken: string | null) {
    const call = {
      operation: 'user posts',
      path: '/api/instagram/get-user-posts/v1',
      // The vendor authenticates with the token as a query parameter.
      query: { token: this.token, username, paginationToken: paginationToken ?? '' },
    };
    const answer = unwrapEnvelope(await this.http.json(call, envelope, parseError));
    if ('error' in answer) throw this.http.error(answer.error.code, `${call.operation}: ${answer.error.message}`, 200, answer.error.details);
    return this.http.parse(call, answer.data, userPostsData);
  }
}
