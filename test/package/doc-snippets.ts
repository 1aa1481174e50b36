/** A fenced code block of a Markdown document: its language, the `key=value` / flag words after it, and its text. */
export interface Snippet {
  readonly lang: string;
  readonly path?: string;
  readonly flags: readonly string[];
  readonly body: string;
  /** 1-based line of the opening fence, for failure messages. */
  readonly line: number;
}

/** Every fenced block, in document order. Info strings like ```ts path=grafana/alerts.ts append```. */
export function snippets(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\S+)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const words = open[2]!.trim().split(/\s+/).filter(Boolean);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.startsWith('```'); j += 1) body.push(lines[j]!);
    const path = words.find((w) => w.startsWith('path='))?.slice(5);
    out.push({ lang: open[1]!, ...(path ? { path } : {}), flags: words.filter((w) => !w.startsWith('path=')), body: `${body.join('\n')}\n`, line: i + 1 });
    i = j;
  }
  return out;
}

/** The shell commands of an `sh` snippet: one per line, comments and blank lines dropped, `# ...` tails cut. */
export function commands(snippet: Snippet): string[][] {
  return snippet.body
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));
}
