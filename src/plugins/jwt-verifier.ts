import { createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { JWT_PUBLIC_KEY_ALGORITHMS, type JwtSettings } from '../config.js';

export type JwtVerdict = { subject: string } | { refused: string } | { unavailable: string };

const SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
/** jose's codes for a key set that could not be fetched or read: the token may be fine. */
const KEY_SET_UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/** Verifies a JWT's signature, issuer, audience and lifetime with jose; its `sub` names the client. */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<JwtVerdict> {
  const verified = payloadVerifierOf(settings);
  return async (token) => {
    try {
      const payload = await verified(token);
      if (typeof payload.sub !== 'string' || payload.sub === '') return { refused: 'the token has no "sub" claim' };
      return { subject: payload.sub };
    } catch (error) {
      if (!(error instanceof errors.JOSEError) || KEY_SET_UNAVAILABLE.has(error.code))
        return { unavailable: 'the keys to verify the token could not be fetched' };
      return { refused: error.message };
    }
  };
}

function payloadVerifierOf(settings: JwtSettings): (token: string) => Promise<JWTPayload> {
  const claims = { issuer: settings.issuer, audience: settings.audience };
  switch (settings.keys.kind) {
    case 'secret': {
      const secret = new TextEncoder().encode(settings.keys.secret);
      return async (token) => (await jwtVerify(token, secret, { ...claims, algorithms: SECRET_ALGORITHMS })).payload;
    }
    case 'public-key': {
      const publicKey = createPublicKey(settings.keys.pem);
      const algorithms = [settings.keys.algorithm];
      return async (token) => (await jwtVerify(token, publicKey, { ...claims, algorithms })).payload;
    }
    case 'jwks': {
      const keySet = createRemoteJWKSet(new URL(settings.keys.url));
      return async (token) => (await jwtVerify(token, keySet, { ...claims, algorithms: [...JWT_PUBLIC_KEY_ALGORITHMS] })).payload;
    }
  }
}
