import type { ProviderSettings } from '../config.js';
import type { ProviderId } from '../domain.js';
import { startAisaFake } from './aisa-fake.js';
import type { FakeServer } from './fake-server.js';
import { startJustOneApiFake } from './justoneapi-fake.js';
import { startSociaVaultFake } from './sociavault-fake.js';
import { startThreadsGraphFake } from './threads-graph-fake.js';
import { PRIVATE_API_PREFIX, startThreadsWebFake, type ThreadsWebFakeServer } from './threads-web-fake.js';

/** The credentials the fakes accept in demo mode. They unlock nothing real. */
export const DEMO_CREDENTIALS = {
  threadsGraphAccessToken: 'demo-threads-graph-token',
  sociavaultApiKey: 'sk_live_demo_sociavault',
  aisaApiKey: 'demo-aisa-key',
  justoneapiToken: 'demo-justoneapi-token',
  threadsWebToken: 'demo-threads-web-token',
} as const;

export type DemoCredentials = { [Key in keyof typeof DEMO_CREDENTIALS]: string };

export interface FakeUpstreams {
  servers: Record<ProviderId, FakeServer> & { 'threads-web': ThreadsWebFakeServer };
  /** Every provider pointed at its fake, with the demo credentials. */
  providerSettings: ProviderSettings;
  /** Whether every fake is still listening. */
  listening(): boolean;
  close(): Promise<void>;
}

/** Starts one loopback server per vendor, each speaking that vendor's API from fixtures/. */
export async function startFakeUpstreams(credentials: DemoCredentials = DEMO_CREDENTIALS): Promise<FakeUpstreams> {
  const [threadsGraph, sociavault, aisa, justoneapi, threadsWeb] = await Promise.all([
    startThreadsGraphFake(credentials.threadsGraphAccessToken),
    startSociaVaultFake(credentials.sociavaultApiKey),
    startAisaFake(credentials.aisaApiKey),
    startJustOneApiFake(credentials.justoneapiToken),
    startThreadsWebFake(credentials.threadsWebToken),
  ]);
  const servers = { 'threads-graph': threadsGraph, sociavault, aisa, justoneapi, 'threads-web': threadsWeb };
  return {
    servers,
    providerSettings: {
      threadsGraph: { accessToken: credentials.threadsGraphAccessToken, baseUrl: `${threadsGraph.url}/v1.0` },
      sociavault: { apiKey: credentials.sociavaultApiKey, baseUrl: sociavault.url },
      aisa: { apiKey: credentials.aisaApiKey, baseUrl: `${aisa.url}` },
      justoneapi: { token: credentials.justoneapiToken, baseUrl: justoneapi.url },
      threadsWeb: { baseUrl: threadsWeb.url, privateBaseUrl: `${threadsWeb.url}${PRIVATE_API_PREFIX}`, token: credentials.threadsWebToken },
    },
    listening: () => Object.values(servers).every((server) => server.listening),
    close: async () => {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
