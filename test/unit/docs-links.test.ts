import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readmeByteLimit = 8192;

interface MarkdownLink {
  line: number;
  target: string;
}

function documentationFiles(): string[] {
  const docs = readdirSync(join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs, 'bench/README.md'];
}

/** The text outside fenced code blocks and inline code spans, line by line, so code samples are not read as links. */
function proseLines(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : line.replace(/`+[^`]*`+/g, '');
  });
}

function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(markdown).forEach((line, index) => {
    const patterns = [
      /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
      /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g,
      /<((?:https?|mailto):[^>\s]+)>/g,
    ];
    for (const pattern of patterns) {
      for (const match of line.matchAll(pattern)) links.push({ line: index + 1, target: match[1] ?? '' });
    }
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLinesKeepingCode(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const repeats = seen.get(slug) ?? 0;
    seen.set(slug, repeats + 1);
    anchors.add(repeats === 0 ? slug : `${slug}-${repeats}`);
  }
  return anchors;
}

/** Like proseLines, but keeps inline code, which GitHub keeps (without backticks) in a heading's anchor. */
function proseLinesKeepingCode(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : line;
  });
}

/** Every problem with one file's links: empty when they all resolve inside the repository. */
function linkProblems(file: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const { line, target } of markdownLinks(markdown)) {
    const where = `${file}:${line} ${target}`;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
      problems.push(`${where}: leaves the repository`);
      continue;
    }
    if (target.startsWith('/')) {
      problems.push(`${where}: absolute path; link relative to the file`);
      continue;
    }
    const [pathPart = '', anchor] = target.split('#', 2);
    const targetPath = pathPart === '' ? join(repositoryRoot, file) : resolve(dirname(join(repositoryRoot, file)), decodeURI(pathPart));
    if (relative(repositoryRoot, targetPath).startsWith('..')) {
      problems.push(`${where}: escapes the repository root`);
      continue;
    }
    if (!existsSync(targetPath)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor !== undefined) {
      if (!statSync(targetPath).isFile() || !targetPath.endsWith('.md'))
        problems.push(`${where}: an anchor into a file that is not Markdown`);
      else if (!headingAnchors(pathPart === '' ? markdown : readFileSync(targetPath, 'utf8')).has(anchor))
        problems.push(`${where}: no heading for #${anchor}`);
    }
  }
  return problems;
}

describe('the link checker', () => {
  const sample = [
    '# Title',
    '## Rate limits',
    'See [a](README.md), [b](docs/missing.md), [c](../outside.md), [d](https://example.com), <https://example.org>.',
    '[e](#rate-limits) and [f](#nowhere), `[g](inline-code.md)`',
    '```md',
    '[h](inside-a-fence.md)',
    '```',
    '[i]: docs/also-missing.md',
  ].join('\n');

  it('reports missing files, missing anchors, escapes and external links, and skips code', () => {
    expect(linkProblems('README.md', sample).map((problem) => problem.replace(/^README\.md:\d+ /, ''))).toEqual([
      'docs/missing.md: no such file',
      '../outside.md: escapes the repository root',
      'https://example.com: leaves the repository',
      'https://example.org: leaves the repository',
      '#nowhere: no heading for #nowhere',
      'docs/also-missing.md: no such file',
    ]);
  });

  it('derives heading anchors as GitHub does', () => {
    expect([...headingAnchors("# A `code` title\n## feedgraph's own refusals\n## Notes\n## Notes")]).toEqual([
      'a-code-title',
      'feedgraphs-own-refusals',
      'notes',
      'notes-1',
    ]);
  });
});

describe('the documentation', () => {
  it(`keeps README.md within ${readmeByteLimit} bytes`, () => {
    expect(statSync(join(repositoryRoot, 'README.md')).size).toBeLessThanOrEqual(readmeByteLimit);
  });

  it('links README.md, docs/*.md and bench/README.md only to files and headings inside the repository', () => {
    const problems = documentationFiles().flatMap((file) => linkProblems(file, readFileSync(join(repositoryRoot, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('links every page in docs/ from README.md', () => {
    const readmeTargets = new Set(
      markdownLinks(readFileSync(join(repositoryRoot, 'README.md'), 'utf8')).map(({ target }) => target.split('#')[0]),
    );
    const unlinked = documentationFiles().filter((file) => file.startsWith('docs/') && !readmeTargets.has(file));
    expect(unlinked).toEqual([]);
  });
});
