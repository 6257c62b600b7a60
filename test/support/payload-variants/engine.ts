import fc from 'fast-check';
import { BareInteger, cloneJson, expand, getAt, isJsonObject, listElements, type Json, type JsonPath } from './json.js';

/** One change to a vendor document; plain data, so fast-check prints a failing case as it is. */
export type Mutation =
  | { kind: 'drop'; path: JsonPath }
  | { kind: 'set'; path: JsonPath; value: Json }
  | { kind: 'add'; path: JsonPath; key: string; value: Json }
  /** A list serialised as a keyed object, its elements in order under other keys ("0", "2", "7"). */
  | { kind: 'rekey'; path: JsonPath; keys: number[] }
  | { kind: 'reorder-keys'; seed: number };

/**
 * How one kind of object in a vendor payload may vary, as dotted patterns relative to the object (`*` visits
 * every element of a list or of an object keyed "0", "1", ...).
 */
export interface Shape {
  /** Fields the vendor may leave out or send as null. */
  optional?: string[];
  /** Lists emptied together with an optional field (a post without a caption has no text fragments). */
  coupled?: Record<string, string[]>;
  /** Lists the vendor may send empty. */
  lists?: string[];
  /** How an empty list arrives, the vendor's usual form first: `[]`, and `{}` where lists are serialised as keyed objects. */
  emptyLists?: Json[];
  /** The list of items itself, which a page without items sends empty. */
  pageLists?: string[];
  /** Lists serialised as objects keyed "0", "1", ..., whose keys may skip numbers (a filtered PHP array keeps its keys). */
  keyedLists?: string[];
  /** Carousel children, and the id fields a child may arrive without. */
  carouselChildren?: { pattern: string; ids: string[] };
  /** Counts that may exceed 2^31. */
  counts?: string[];
  /** Ids the vendor writes either as strings or as bare 64-bit JSON numbers. */
  flexibleIds?: string[];
  /** Groups of fields carrying the same identity (`pk` and `id`): one may be missing while another of its group is there. */
  identityAlternatives?: string[][];
  /** Identity fields that no other field can stand in for, so they never go missing in a benign variant. */
  identityAnchors?: string[];
  /** Free texts, which carry any Unicode. */
  texts?: string[];
  /** Objects that may carry fields nobody documented. '' is the object itself. */
  extensible?: string[];
  /** What damages one item: groups of fields removed together, and fields given a type the vendor never sends. */
  damage?: { remove: string[][]; wrongType: string[] };
  /** Fields that take one of a few documented values, with every value the vendor documents. */
  documentedValues?: Record<string, Json[]>;
}

/** Where one object of a shape sits in the document. Only damageable sites receive a damage. */
export interface Site {
  path: JsonPath;
  shape: Shape;
  damageable: boolean;
}

/** One way vendors vary a payload: a random draw for property runs, and each kind of it alone, as a checklist. */
export interface Family {
  name: string;
  arbitrary: fc.Arbitrary<Mutation[]>;
  examples: Example[];
}

export interface Example {
  label: string;
  mutations: Mutation[];
}

export function applyMutations(root: Json, mutations: readonly Mutation[]): Json {
  let document = cloneJson(root);
  for (const mutation of mutations) document = applyMutation(document, mutation);
  return document;
}

function applyMutation(document: Json, mutation: Mutation): Json {
  if (mutation.kind === 'reorder-keys') return reorderKeys(document, pseudoRandom(mutation.seed));
  if (mutation.kind === 'rekey') {
    const elements = listElements(getAt(document, mutation.path));
    if (!elements || Array.isArray(getAt(document, mutation.path))) return document;
    return applyMutation(document, {
      kind: 'set',
      path: mutation.path,
      value: Object.fromEntries(elements.map((element, index) => [String(mutation.keys[index] ?? index), element])),
    });
  }
  if (mutation.kind === 'add') {
    const target = getAt(document, mutation.path);
    if (isJsonObject(target) && !Object.hasOwn(target, mutation.key)) target[mutation.key] = cloneJson(mutation.value);
    return document;
  }
  if (mutation.path.length === 0) return mutation.kind === 'set' ? cloneJson(mutation.value) : document;
  const parent = getAt(document, mutation.path.slice(0, -1));
  const key = mutation.path.at(-1)!;
  if (isJsonObject(parent) && typeof key === 'string') {
    if (mutation.kind === 'drop') delete parent[key];
    else parent[key] = cloneJson(mutation.value);
  } else if (Array.isArray(parent) && typeof key === 'number' && key < parent.length && mutation.kind === 'set') {
    parent[key] = cloneJson(mutation.value);
  }
  return document;
}

function reorderKeys(value: Json, random: () => number): Json {
  if (Array.isArray(value)) return value.map((inner) => reorderKeys(inner, random));
  if (!isJsonObject(value)) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, reorderKeys(inner, random)] as const);
  for (let index = entries.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [entries[index], entries[other]] = [entries[other]!, entries[index]!];
  }
  return Object.fromEntries(entries);
}

/** mulberry32: a seeded sequence, so a failing key order is reproduced from its seed. */
function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const UNICODE_PIECES = [
  '👍🏽',
  '👨‍👩‍👧‍👦',
  '🇺🇦',
  '❤️‍🔥',
  '中文内容',
  '日本語のテキスト',
  '한국어',
  'العربية',
  'עברית',
  '\u202Bمرحبا\u202C',
  'e\u0301',
  'Z\u0351\u0360\u0336',
  'ﷺ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'a\u200Db',
  ' ',
  '#tag',
  '@someone',
  '\n',
  'x',
];

/** Texts of emoji, CJK, right-to-left scripts and combining marks, up to Instagram's 2,200 characters. */
const unicodeText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...UNICODE_PIECES), { minLength: 1, maxLength: 40 }).map((pieces) => `«${pieces.join('')}»`),
  fc.array(fc.constantFrom(...UNICODE_PIECES), { minLength: 1, maxLength: 8 }).map((pieces) => longText(pieces)),
);

/** Exactly 2,200 code points, so never half of a surrogate pair. */
function longText(pieces: string[]): string {
  const points: string[] = [];
  for (let index = 0; points.length < 2_200; index += 1) points.push(...Array.from(pieces[index % pieces.length]!));
  return `«${points.slice(0, 2_198).join('')}»`;
}

/** One place a family can vary: drawn at random in property runs, and tried alone through its examples. */
interface Candidate {
  /** What the candidate varies, by pattern: candidates alike share it, and one of them stands for all in the checklist. */
  key: string;
  draw: fc.Arbitrary<Mutation[]>;
  examples: Mutation[][];
}

function pattern(path: JsonPath): string {
  return path.map((step) => (typeof step === 'number' || /^\d+$/.test(step) ? '*' : step)).join('.');
}

function keyOf(site: Site, path: JsonPath, what = ''): string {
  const inside = pattern(path.slice(site.path.length)) || '(itself)';
  const where = site.path.length > 1 ? ` ${pattern(site.path.slice(1))}` : '';
  return `${site.damageable ? 'item' : 'object'} on page ${String(site.path[0])}${where}: ${inside}${what}`;
}

function candidate(key: string, examples: Mutation[][], draw: fc.Arbitrary<Mutation[]> = fc.constantFrom(...examples)): Candidate {
  return { key, draw, examples };
}

function describe(mutations: readonly Mutation[]): string {
  return mutations
    .map((mutation) => {
      if (mutation.kind === 'reorder-keys') return `keys reordered (seed ${mutation.seed})`;
      if (mutation.kind === 'rekey') return `keyed ${mutation.keys.join(',')}`;
      if (mutation.kind === 'add') return `+${mutation.key}`;
      const field = String(mutation.path.at(-1));
      if (mutation.kind === 'drop') return `-${field}`;
      const value = mutation.value instanceof BareInteger ? `bare ${mutation.value.digits}` : JSON.stringify(mutation.value);
      return `${field} = ${value.length > 24 ? `${value.slice(0, 24)}…` : value}`;
    })
    .join(', ');
}

function subsetOf<T>(candidates: T[]): fc.Arbitrary<T[]> {
  return fc.subarray(candidates, { minLength: 1, maxLength: Math.min(candidates.length, 12) });
}

function family(name: string, candidates: Candidate[]): Family | null {
  if (!candidates.length) return null;
  const arbitrary = subsetOf(candidates)
    .chain((chosen) => fc.tuple(...chosen.map((one) => one.draw)))
    .map((groups) => groups.flat());
  const seen = new Set<string>();
  const examples = candidates
    .filter((one) => !seen.has(one.key) && Boolean(seen.add(one.key)))
    .flatMap((one) => one.examples.map((mutations) => ({ label: `${one.key} (${describe(mutations)})`, mutations })));
  return { name, arbitrary, examples };
}

/** Every path a shape's patterns name at every site, with the site it belongs to. */
function placesOf(
  document: Json,
  sites: readonly Site[],
  pick: (shape: Shape) => readonly string[] | undefined,
  accept: (value: Json | undefined) => boolean,
) {
  return sites.flatMap((site) =>
    (pick(site.shape) ?? []).flatMap((patternText) =>
      expand(document, site.path, patternText)
        .filter((path) => accept(getAt(document, path)))
        .map((path) => ({ site, path, patternText })),
    ),
  );
}

const present = (value: Json | undefined) => value !== undefined;
const anywhere = () => true;

function optionalFamily(document: Json, sites: readonly Site[], name: string, change: (path: JsonPath) => Mutation): Family | null {
  return family(
    name,
    placesOf(document, sites, (shape) => shape.optional, present).map(({ site, path, patternText }) => {
      const empty = site.shape.emptyLists?.[0] ?? [];
      const coupled = (site.shape.coupled?.[patternText] ?? [])
        .flatMap((list) => expand(document, site.path, list))
        .map((listPath): Mutation => ({ kind: 'set', path: listPath, value: empty }));
      return candidate(keyOf(site, path), [[change(path), ...coupled]]);
    }),
  );
}

function emptiesFamily(
  document: Json,
  sites: readonly Site[],
  name: string,
  pick: (shape: Shape) => readonly string[] | undefined,
): Family | null {
  return family(
    name,
    placesOf(document, sites, pick, anywhere).map(({ site, path }) =>
      candidate(
        keyOf(site, path),
        (site.shape.emptyLists ?? [[]]).map((value) => [{ kind: 'set', path, value }]),
      ),
    ),
  );
}

function carouselFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'carousel children without id',
    sites.flatMap((site) => {
      const children = site.shape.carouselChildren;
      if (!children) return [];
      return expand(document, site.path, children.pattern).map((child) =>
        candidate(keyOf(site, child), [children.ids.map((id): Mutation => ({ kind: 'drop', path: [...child, id] }))]),
      );
    }),
  );
}

function gapFamily(document: Json, sites: readonly Site[]): Family | null {
  const keyed = (value: Json | undefined) => isJsonObject(value) && (listElements(value)?.length ?? 0) > 0;
  return family(
    'keyed lists with gaps in their keys',
    placesOf(document, sites, (shape) => shape.keyedLists, keyed).map(({ site, path }) => {
      const length = listElements(getAt(document, path))!.length;
      const rekey = (keys: number[]): Mutation[] => [{ kind: 'rekey', path, keys }];
      const steps = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: length, maxLength: length });
      const draw = steps.map((gaps) => rekey(gaps.map((_, index) => gaps.slice(0, index + 1).reduce((sum, gap) => sum + gap, -1))));
      return candidate(keyOf(site, path), [rekey(Array.from({ length }, (_, index) => index * 2 + 1))], draw);
    }),
  );
}

function countFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'counts beyond 2^31',
    placesOf(
      document,
      sites,
      (shape) => shape.counts,
      (value) => typeof value === 'number',
    ).map(({ site, path }) => {
      const set = (value: number): Mutation[] => [{ kind: 'set', path, value }];
      return candidate(
        keyOf(site, path),
        [set(3_000_000_000), set(Number.MAX_SAFE_INTEGER)],
        fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }).map(set),
      );
    }),
  );
}

function digitsOf(value: Json | undefined): string | null {
  if (value instanceof BareInteger) return value.digits;
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

function bareIdFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'ids as strings or bare 64-bit numbers',
    placesOf(
      document,
      sites,
      (shape) => shape.flexibleIds,
      (value) => digitsOf(value) !== null,
    ).map(({ site, path }) => {
      const digits = digitsOf(getAt(document, path))!;
      return candidate(keyOf(site, path), [
        [{ kind: 'set', path, value: digits }],
        [{ kind: 'set', path, value: new BareInteger(digits) }],
      ]);
    }),
  );
}

/** Per item, at most one identity field goes missing, and only where another of its group still carries the identity. */
function alternativeIdentityFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'identity carried by its other field',
    sites.flatMap((site) => {
      const droppable = (site.shape.identityAlternatives ?? []).flatMap((group) => {
        const there = group.filter((field) => expand(document, site.path, field).some((path) => getAt(document, path) !== undefined));
        return there.length > 1
          ? there.filter((field) => !site.shape.identityAnchors?.includes(field)).flatMap((field) => expand(document, site.path, field))
          : [];
      });
      return droppable.length
        ? [
            candidate(
              keyOf(site, site.path, ' identity'),
              droppable.map((path) => [{ kind: 'drop', path }]),
            ),
          ]
        : [];
    }),
  );
}

const UNKNOWN_KEYS = ['__typename', 'x_new_field_2026', 'is_experimental', 'fb_tracking', 'ranking_info'];
const unknownValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, 0, 'XDTMediaDict', [], {}),
  fc.jsonValue({ maxDepth: 2 }).map((value) => value as Json),
);

function unknownFieldFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'unknown extra fields',
    placesOf(document, sites, (shape) => shape.extensible, isJsonObject).map(({ site, path }) => {
      const add = (key: string, value: Json): Mutation[] => [{ kind: 'add', path, key, value }];
      return candidate(
        keyOf(site, path),
        [add('__typename', 'XDTMediaDict'), add('x_new_field_2026', { nested: [1, 'a', null] })],
        fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), unknownValue).map(([key, value]) => add(key, value)),
      );
    }),
  );
}

function textFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'Unicode and 2,200-character texts',
    placesOf(
      document,
      sites,
      (shape) => shape.texts,
      (value) => typeof value === 'string',
    ).map(({ site, path }) => {
      const set = (value: string): Mutation[] => [{ kind: 'set', path, value }];
      return candidate(keyOf(site, path), [set(`«${UNICODE_PIECES.join('')}»`), set(longText(UNICODE_PIECES))], unicodeText.map(set));
    }),
  );
}

function documentedValueFamily(document: Json, sites: readonly Site[]): Family | null {
  return family(
    'every documented enum value',
    sites.flatMap((site) =>
      Object.entries(site.shape.documentedValues ?? {}).flatMap(([field, values]) =>
        expand(document, site.path, field).map((path) =>
          candidate(
            keyOf(site, path),
            values.map((value) => [{ kind: 'set', path, value }]),
          ),
        ),
      ),
    ),
  );
}

const reorderFamily = family('reordered keys', [
  candidate(
    'the whole document',
    [1, 2, 3].map((seed) => [{ kind: 'reorder-keys', seed }]),
    fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed): Mutation[] => [{ kind: 'reorder-keys', seed }]),
  ),
])!;

const PAGES_WITHOUT_ITEMS = 'pages without items';

/** The variants that keep every item's identity, one family per way vendors vary, and all of them at once. */
export function benignFamilies(document: Json, sites: readonly Site[]): Family[] {
  const families = [
    optionalFamily(document, sites, 'optional fields dropped', (path) => ({ kind: 'drop', path })),
    optionalFamily(document, sites, 'optional fields null', (path) => ({ kind: 'set', path, value: null })),
    emptiesFamily(document, sites, 'lists sent empty', (shape) => shape.lists),
    emptiesFamily(document, sites, PAGES_WITHOUT_ITEMS, (shape) => shape.pageLists),
    carouselFamily(document, sites),
    gapFamily(document, sites),
    countFamily(document, sites),
    bareIdFamily(document, sites),
    alternativeIdentityFamily(document, sites),
    unknownFieldFamily(document, sites),
    textFamily(document, sites),
    documentedValueFamily(document, sites),
    reorderFamily,
  ].filter((one): one is Family => one !== null);
  const together = fc
    .tuple(...families.filter((one) => one.name !== PAGES_WITHOUT_ITEMS).map((one) => fc.option(one.arbitrary, { nil: [] as Mutation[] })))
    .map((groups) => groups.flat().sort((left, right) => Number(left.kind === 'reorder-keys') - Number(right.kind === 'reorder-keys')));
  return [...families, { name: 'every variant at once', arbitrary: together, examples: [] }];
}

/** A value of another JSON type than the one there: what the vendor never sends for that field. */
function wrongTypesFor(value: Json | undefined): Json[] {
  if (typeof value === 'number' || value instanceof BareInteger) return ['many', true, { value: 1 }];
  if (typeof value === 'string') return [true, { value: 'x' }, ['x']];
  if (isJsonObject(value) || Array.isArray(value)) return ['corrupted', true];
  return [true, 'corrupted'];
}

const BACKGROUND = ['unknown extra fields', 'reordered keys', 'Unicode and 2,200-character texts', 'counts beyond 2^31'];

/**
 * One damaged item: its identity removed (dropped or null) or one field given a type the vendor never sends,
 * drawn after benign variants that leave identities alone.
 */
export function damageFamily(document: Json, sites: readonly Site[]): Family | null {
  const candidates = sites
    .filter((site) => site.damageable && site.shape.damage)
    .flatMap((site) => {
      const damage = site.shape.damage!;
      const removals = damage.remove.flatMap((group) => {
        const paths = group.flatMap((field) => expand(document, site.path, field)).filter((path) => getAt(document, path) !== undefined);
        if (!paths.length) return [];
        const drops = paths.map((path): Mutation => ({ kind: 'drop', path }));
        const nulls = paths.map((path): Mutation => ({ kind: 'set', path, value: null }));
        return [candidate(keyOf(site, site.path, ` without ${group.join('/')}`), [drops, nulls])];
      });
      const wrongTypes = damage.wrongType
        .flatMap((field) => expand(document, site.path, field))
        .filter((path) => getAt(document, path) !== undefined && getAt(document, path) !== null)
        .map((path) => {
          const wrong = wrongTypesFor(getAt(document, path)).map((value): Mutation[] => [{ kind: 'set', path, value }]);
          return candidate(keyOf(site, path, ' of a wrong type'), wrong.slice(0, 1), fc.constantFrom(...wrong));
        });
      return [...removals, ...wrongTypes];
    });
  const damaged = family('one damaged item', candidates);
  if (!damaged) return null;
  const background = benignFamilies(document, sites).filter((one) => BACKGROUND.includes(one.name));
  const arbitrary = fc
    .tuple(
      fc.constantFrom(...candidates).chain((one) => one.draw),
      ...background.map((one) => fc.option(one.arbitrary, { nil: [] as Mutation[] })),
    )
    .map(([damage, ...others]) => {
      const flat = others.flat();
      return [
        ...flat.filter((mutation) => mutation.kind !== 'reorder-keys'),
        ...damage,
        ...flat.filter((mutation) => mutation.kind === 'reorder-keys'),
      ];
    });
  return { ...damaged, arbitrary };
}
