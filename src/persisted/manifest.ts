import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { z } from 'zod';

/** GraphQL Code Generator's `persisted-documents.json`: document id -> document text. */
const manifestFile = z.record(z.string().min(1, 'an empty document id'), z.string().min(1, 'an empty document'));

/** GraphQL-over-HTTP's document id prefix; `extensions.persistedQuery.sha256Hash` carries the bare hex. */
const SHA256_PREFIX = 'sha256:';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` and `<hex>` name the same document. */
function normalizedId(id: string): string {
  return id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length).toLowerCase() : id;
}

/** The trusted documents a deployment serves, read once at start-up; an unreadable or inconsistent manifest stops it. */
export class PersistedDocumentManifest {
  private constructor(private readonly documents: ReadonlyMap<string, string>) {}

  static empty(): PersistedDocumentManifest {
    return new PersistedDocumentManifest(new Map());
  }

  static read(path: string): PersistedDocumentManifest {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ManifestError(
        `cannot read the persisted documents manifest ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ManifestError(`${path} is not JSON (expected GraphQL Code Generator's persisted-documents.json)`);
    }
    const parsed = manifestFile.safeParse(json);
    if (!parsed.success)
      throw new ManifestError(
        `${path} is not a map of document ids to documents: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    return PersistedDocumentManifest.fromEntries(parsed.data, path);
  }

  /** Every document must parse, and an id of the form `sha256:<hex>` must be the hash of its document. */
  static fromEntries(entries: Record<string, string>, source = 'the manifest'): PersistedDocumentManifest {
    const documents = new Map<string, string>();
    const problems: string[] = [];
    for (const [id, document] of Object.entries(entries)) {
      if (id.startsWith(SHA256_PREFIX) && normalizedId(id) !== sha256Hex(document))
        problems.push(`${id}: is not the SHA-256 of its document`);
      try {
        parse(document);
      } catch (error) {
        problems.push(`${id}: ${error instanceof GraphQLError ? error.message : String(error)}`);
      }
      documents.set(normalizedId(id), document);
    }
    if (problems.length > 0) throw new ManifestError(`${source} holds documents that cannot be served:\n    ${problems.join('\n    ')}`);
    return new PersistedDocumentManifest(documents);
  }

  get size(): number {
    return this.documents.size;
  }

  get(id: string): string | undefined {
    return this.documents.get(normalizedId(id));
  }

  /** The documents the schema no longer accepts (a manifest from an older schema), each with its first error. */
  invalidAgainst(schema: GraphQLSchema): string[] {
    const problems: string[] = [];
    for (const [id, document] of this.documents) {
      const [first] = validate(schema, parse(document));
      if (first) problems.push(`${id}: ${first.message}`);
    }
    return problems;
  }
}
