/** A request refused before any GraphQL work: the HTTP status plus a GraphQL-shaped error body clients can read. */
export function refusal(
  fetchAPI: { Response: typeof Response },
  status: number,
  error: { message: string; code: string; extensions?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Response {
  const body = JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code, ...error.extensions } }] });
  return new fetchAPI.Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
