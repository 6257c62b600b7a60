import { HttpClient, type HttpClientOptions } from '../http.js';
import type { PageRequest } from '../provider.js';
import { graphFields, pagedMedia, profile, threadsMedia } from './payloads.js';
import { parseError } from './map.js';

export const DEFAULT_BASE_URL = 'https://graph.threads.net/v1.0';

/** The reply fields, asked for only on the single-post and reply endpoints, as before. */
const REPLY_KEYS = { is_reply: true, root_post: true, replied_to: true } as const;
/**
 * `fields=` per endpoint, all from the one payload schema. Meta gives `owner` "only on top-level posts that
 * you own" and documents it for `/me/threads` and `/{media-id}`; `profile_posts` takes every field "except
 * for the owner field", and replies are not top-level posts.
 */
const OWN_POST_FIELDS = graphFields(threadsMedia.omit(REPLY_KEYS));
const PROFILE_POST_FIELDS = graphFields(threadsMedia.omit({ ...REPLY_KEYS, owner: true }));
const MEDIA_FIELDS = graphFields(threadsMedia);
const REPLY_FIELDS = graphFields(threadsMedia.omit({ owner: true }));
const PROFILE_FIELDS = 'username,name,profile_picture_url,biography,is_verified,follower_count';
const ME_FIELDS = 'id,username,name,threads_profile_picture_url,threads_biography,is_verified';

/** Page size we ask for: Meta's documented maximum for these edges is 100; 25 is its default. */
const NATIVE_PAGE_SIZE = 25;

export class ThreadsGraphClient {
  private readonly http: HttpClient;

  constructor(
    options: Omit<HttpClientOptions, 'provider' | 'secrets'>,
    private readonly accessToken: string,
  ) {
    this.http = new HttpClient({ ...options, provider: 'threads-graph', secrets: [accessToken] });
  }

  get httpClient(): HttpClient {
    return this.http;
  }

  profileLookup(username: string) {
    return this.get('profile lookup', '/profile_lookup', { username, fields: PROFILE_FIELDS }, profile);
  }

  me() {
    return this.get('own profile', '/me', { fields: ME_FIELDS }, profile);
  }

  profilePosts(username: string, page: PageRequest) {
    return this.get(
      'profile posts',
      '/profile_posts',
      { username, fields: PROFILE_POST_FIELDS, limit: NATIVE_PAGE_SIZE, ...pagingOf(page), ...windowOf(page) },
      pagedMedia,
    );
  }

  ownThreads(page: PageRequest) {
    return this.get(
      'own threads',
      '/me/threads',
      { fields: OWN_POST_FIELDS, limit: NATIVE_PAGE_SIZE, ...pagingOf(page), ...windowOf(page) },
      pagedMedia,
    );
  }

  media(mediaId: string) {
    return this.get('media', `/${encodeURIComponent(mediaId)}`, { fields: MEDIA_FIELDS }, threadsMedia);
  }

  conversation(mediaId: string, page: PageRequest) {
    return this.get(
      'conversation',
      `/${encodeURIComponent(mediaId)}/conversation`,
      { fields: REPLY_FIELDS, reverse: 'false', limit: NATIVE_PAGE_SIZE, ...pagingOf(page) },
      pagedMedia,
    );
  }

  replies(mediaId: string, page: PageRequest) {
    return this.get(
      'replies',
      `/${encodeURIComponent(mediaId)}/replies`,
      { fields: REPLY_FIELDS, reverse: 'false', limit: NATIVE_PAGE_SIZE, ...pagingOf(page) },
      pagedMedia,
    );
  }

  private get<Schema extends Parameters<HttpClient['json']>[1]>(
    operation: string,
    path: string,
    query: Record<string, string | number | null>,
    schema: Schema,
  ) {
    // Meta documents the user access token as the access_token query parameter.
    return this.http.json({ operation, path, query: { ...query, access_token: this.accessToken } }, schema, parseError);
  }
}

/** Meta pages forward with `after` and backward with `before`, each taking the matching cursor of a page. */
function pagingOf(page: PageRequest): Record<string, string | null> {
  return page.direction === 'before' ? { before: page.token } : { after: page.token };
}

/** `since`/`until` take Unix seconds. */
function windowOf(page: PageRequest): Record<string, number | null> {
  const seconds = (date: Date | null | undefined) => (date ? Math.floor(date.getTime() / 1000) : null);
  return { since: seconds(page.since), until: seconds(page.until) };
}
