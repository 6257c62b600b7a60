import { HttpClient, type HttpClientOptions } from '../http.js';
import type { z } from 'zod';
import { isExpiredWebSession, lsdTokenInPage, parseError, postIdInPostPage, userIdInProfilePage } from './map.js';
import {
  privateRepliesResponse,
  privateThreadsResponse,
  privateUserResponse,
  privateUsersResponse,
  publicLikersResponse,
  publicThreadResponse,
  publicThreadsResponse,
  publicUserResponse,
} from './payloads.js';

export const DEFAULT_BASE_URL = 'https://www.threads.net';
export const DEFAULT_PRIVATE_BASE_URL = 'https://i.instagram.com/api/v1';

/** The web app's public GraphQL documents, as the threads-net library names them. */
const DOCUMENTS = {
  user: { docId: '23996318473300828', friendlyName: 'BarcelonaProfileRootQuery' },
  userThreads: { docId: '6232751443445612', friendlyName: 'BarcelonaProfileThreadsTabQuery' },
  userReplies: { docId: '6307072669391286', friendlyName: 'BarcelonaProfileRepliesTabQuery' },
  thread: { docId: '5587632691339264', friendlyName: 'BarcelonaPostPageQuery' },
  likers: { docId: '9360915773983802', friendlyName: 'BarcelonaPostLikersQuery' },
} as const;
const THREADS_APP_ID = '238260118697367';
const MOBILE_USER_AGENT = 'Barcelona 289.0.0.77.109 Android';

type TransportOptions = Omit<HttpClientOptions, 'provider' | 'secrets' | 'baseUrl'>;

/** The anonymous web endpoints: HTML pages for ids and the lsd token, then form-encoded GraphQL POSTs. */
export class ThreadsWebPublicClient {
  private readonly http: HttpClient;
  private lsdToken: Promise<string> | null = null;

  constructor(options: TransportOptions & { baseUrl: string }) {
    this.http = new HttpClient({ ...options, provider: 'threads-web', secrets: [] });
  }

  get httpClient(): HttpClient {
    return this.http;
  }

  /** A missing account is a 404 page; a page that loads without the id means the page changed shape. */
  async userIdOf(username: string): Promise<string> {
    const html = await this.http.text(
      { operation: 'profile page', path: `/@${encodeURIComponent(username)}`, headers: { accept: 'text/html' } },
      parseError,
    );
    const token = lsdTokenInPage(html);
    if (token) this.lsdToken ??= Promise.resolve(token);
    const id = userIdInProfilePage(html);
    if (!id) throw this.http.error('UPSTREAM_BAD_RESPONSE', 'the profile page no longer carries a user id');
    return id;
  }

  async postIdOf(shortcode: string): Promise<string> {
    const html = await this.http.text(
      { operation: 'post page', path: `/t/${encodeURIComponent(shortcode)}/`, headers: { accept: 'text/html' } },
      parseError,
    );
    const id = postIdInPostPage(html);
    if (!id) throw this.http.error('UPSTREAM_BAD_RESPONSE', 'the post page no longer carries a post id');
    return id;
  }

  user(userId: string) {
    return this.query('user', { userID: userId }, publicUserResponse);
  }

  userThreads(userId: string) {
    return this.query('userThreads', { userID: userId }, publicThreadsResponse);
  }

  userReplies(userId: string) {
    return this.query('userReplies', { userID: userId }, publicThreadsResponse);
  }

  thread(postId: string) {
    return this.query('thread', { postID: postId }, publicThreadResponse);
  }

  likers(postId: string) {
    return this.query('likers', { mediaID: postId }, publicLikersResponse);
  }

  private async query<Schema extends z.ZodType>(
    name: keyof typeof DOCUMENTS,
    variables: Record<string, string>,
    schema: Schema,
  ): Promise<z.output<Schema>> {
    const session = this.lsd();
    try {
      return await this.post(name, variables, schema, await session);
    } catch (error) {
      if (!isExpiredWebSession(error)) throw error;
      // Once, with a fresh token; a second refusal (UPSTREAM_UNAVAILABLE) is the answer, not a reason to loop.
      return this.post(name, variables, schema, await this.renewLsd(session));
    }
  }

  private post<Schema extends z.ZodType>(
    name: keyof typeof DOCUMENTS,
    variables: Record<string, string>,
    schema: Schema,
    lsd: string,
  ): Promise<z.output<Schema>> {
    const document = DOCUMENTS[name];
    return this.http.json(
      {
        operation: document.friendlyName,
        method: 'POST',
        path: '/api/graphql',
        headers: { 'x-fb-lsd': lsd, 'x-ig-app-id': THREADS_APP_ID, 'x-fb-friendly-name': document.friendlyName },
        form: { lsd, variables: JSON.stringify(variables), doc_id: document.docId },
      },
      schema,
      parseError,
    );
  }

  /** The token comes from any web page; the home page is the cheapest. */
  private lsd(): Promise<string> {
    if (this.lsdToken) return this.lsdToken;
    const pending = this.http.text({ operation: 'home page', path: '/', headers: { accept: 'text/html' } }, parseError).then((html) => {
      const token = lsdTokenInPage(html);
      if (!token) throw this.http.error('UPSTREAM_BAD_RESPONSE', 'the web page no longer carries an lsd token');
      return token;
    });
    this.lsdToken = pending;
    pending.catch(() => {
      if (this.lsdToken === pending) this.lsdToken = null;
    });
    return pending;
  }

  /** Only the first caller to find `expired` still cached drops it, so concurrent refusals share one home page fetch. */
  private renewLsd(expired: Promise<string>): Promise<string> {
    if (this.lsdToken === expired) this.lsdToken = null;
    return this.lsd();
  }
}

/** The Instagram mobile API the Threads app uses, with a bearer token. */
export class ThreadsWebPrivateClient {
  private readonly http: HttpClient;

  constructor(
    options: TransportOptions & { baseUrl: string },
    private readonly token: string,
  ) {
    this.http = new HttpClient({ ...options, provider: 'threads-web', secrets: [token] });
  }

  user(userId: string) {
    return this.get('user info', `/users/${encodeURIComponent(userId)}/info/`, {}, privateUserResponse);
  }

  userThreads(userId: string, maxId: string | null) {
    return this.get('profile threads', `/text_feed/${encodeURIComponent(userId)}/profile/`, { max_id: maxId }, privateThreadsResponse);
  }

  userReplies(userId: string, maxId: string | null) {
    return this.get(
      'profile replies',
      `/text_feed/${encodeURIComponent(userId)}/profile/replies/`,
      { max_id: maxId },
      privateThreadsResponse,
    );
  }

  replies(postId: string, pagingToken: string | null) {
    return this.get(
      'thread replies',
      `/text_feed/${encodeURIComponent(postId)}/replies/`,
      { paging_token: pagingToken },
      privateRepliesResponse,
    );
  }

  likers(postId: string) {
    return this.get('likers', `/media/${encodeURIComponent(postId)}/likers/`, {}, privateUsersResponse);
  }

  followers(userId: string, maxId: string | null) {
    return this.get('followers', `/friendships/${encodeURIComponent(userId)}/followers/`, { max_id: maxId }, privateUsersResponse);
  }

  following(userId: string, maxId: string | null) {
    return this.get('following', `/friendships/${encodeURIComponent(userId)}/following/`, { max_id: maxId }, privateUsersResponse);
  }

  search(query: string) {
    return this.get('user search', '/users/search/', { q: query }, privateUsersResponse);
  }

  private get<Schema extends z.ZodType>(
    operation: string,
    path: string,
    query: Record<string, string | null>,
    schema: Schema,
  ): Promise<z.output<Schema>> {
    return this.http.json(
      { operation, path, query, headers: { authorization: `Bearer IGT:2:${this.token}`, 'user-agent': MOBILE_USER_AGENT } },
      schema,
      parseError,
    );
  }
}
