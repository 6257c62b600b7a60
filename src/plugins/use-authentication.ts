import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { AccessSettings, StoredApiKey } from '../config.js';
import { refusal } from './http-refusal.js';
import { createJwtVerifier } from './jwt-verifier.js';

/** Who sent a request, as far as its credential tells. */
export interface Client {
  /** `key:<name>` for an API key, `jwt:<sub>` for a token; null for a request without a credential where none is needed. */
  id: string | null;
  /** May read /metrics and `Query.providers`. */
  admin: boolean;
}

interface KeyOnRing {
  name: string;
  digest: Buffer;
  admin: boolean;
}

const REALM = 'Bearer realm="feedgraph"';
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BEARER = /^Bearer +(\S+) *$/i;
const clients = new WeakMap<Request, Client>();

/** The client `useAuthentication` found for this request (undefined for requests it let through unseen: /health, /ready). */
export function clientOf(request: Request): Client | undefined {
  return clients.get(request);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares the presented key's hash with every stored hash in constant time, whichever matches. */
function keyFor(ring: KeyOnRing[], presented: string): KeyOnRing | undefined {
  const digest = sha256(presented);
  let found: KeyOnRing | undefined;
  for (const key of ring) {
    if (timingSafeEqual(key.digest, digest) && found === undefined) found = key;
  }
  return found;
}

function presentedCredential(request: Request): string | null {
  const apiKey = request.headers.get('x-api-key')?.trim();
  if (apiKey) return apiKey;
  return request.headers.get('authorization')?.match(BEARER)?.[1] ?? null;
}

function ringOf(settings: AccessSettings): KeyOnRing[] {
  const onRing = (admin: boolean) => (key: StoredApiKey) => ({ name: key.name, digest: Buffer.from(key.sha256Hex, 'hex'), admin });
  // Admin keys first: a key listed in both lists is an admin key.
  return [...settings.adminApiKeys.map(onRing(true)), ...settings.apiKeys.map(onRing(false))];
}

/**
 * Authenticates each request from its `x-api-key` or `Authorization: Bearer` header before anything is parsed:
 * an API key (stored as its SHA-256, compared in constant time) or, when configured, a JWT. Where credentials are
 * required, a request without a valid one ends here with 401 and a GraphQL-shaped `UNAUTHENTICATED` error. Plugins
 * placed before this one (readiness) and yoga's own health check and GraphiQL page stay open.
 */
export function useAuthentication(settings: AccessSettings): Plugin {
  const ring = ringOf(settings);
  const verifyJwt = settings.jwt ? createJwtVerifier(settings.jwt) : null;
  // With nothing to check a credential against (the demo), a credential sent anyway is not an error.
  const checksCredentials = ring.length > 0 || verifyJwt !== null;
  const anonymous: Client = { id: null, admin: settings.adminOpen };
  const mention = verifyJwt ? 'an API key or a JWT' : 'an API key';

  const refuseInvalid = (fetchAPI: { Response: typeof Response }, message: string) =>
    refusal(fetchAPI, 401, { code: 'UNAUTHENTICATED', message }, { 'www-authenticate': `${REALM}, error="invalid_token"` });

  return {
    onRequest({ request, fetchAPI, endResponse }) {
      const credential = presentedCredential(request);
      if (credential === null || !checksCredentials) {
        if (settings.authRequired) {
          endResponse(
            refusal(
              fetchAPI,
              401,
              {
                code: 'UNAUTHENTICATED',
                message: `Authentication required: send ${mention} in the x-api-key header or as Authorization: Bearer <credential>.`,
              },
              { 'www-authenticate': REALM },
            ),
          );
          return;
        }
        clients.set(request, anonymous);
        return;
      }
      const key = keyFor(ring, credential);
      if (key) {
        clients.set(request, { id: `key:${key.name}`, admin: key.admin || settings.adminOpen });
        return;
      }
      if (!verifyJwt || !JWT_SHAPE.test(credential)) {
        endResponse(refuseInvalid(fetchAPI, 'The API key is not valid.'));
        return;
      }
      return verifyJwt(credential).then((verdict) => {
        if ('subject' in verdict) clients.set(request, { id: `jwt:${verdict.subject}`, admin: settings.adminOpen });
        else if ('refused' in verdict) endResponse(refuseInvalid(fetchAPI, `The token is not valid: ${verdict.refused}.`));
        else
          endResponse(
            refusal(
              fetchAPI,
              503,
              { code: 'AUTHENTICATION_UNAVAILABLE', message: `Could not verify the token: ${verdict.unavailable}; try again.` },
              { 'retry-after': '5' },
            ),
          );
      });
    },
  };
}
