import type { ReactNode } from 'react';

// The charter is written as light Markdown (headings, lists, **bold**). This renders that subset as
// React elements, never as HTML, so a partner's text cannot inject markup.

function inline(text: string): ReactNode[] {
  return text
    .split(/(\*\*[^*]+\*\*)/g)
    .map((part, index) => (part.startsWith('**') && part.endsWith('**') && part.length > 4 ? <strong key={index}>{part.slice(2, -2)}</strong> : part));
}

type Block = { kind: 'heading'; level: number; text: string } | { kind: 'list'; items: string[] } | { kind: 'paragraph'; lines: string[] };

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  for (const line of source.replace(/\r\n/g, '\n').split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const last = blocks.at(-1);
    if (heading) blocks.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
    else if (item) {
      if (last?.kind === 'list') last.items.push(item[1]);
      else blocks.push({ kind: 'list', items: [item[1]] });
    } else if (!line.trim()) blocks.push({ kind: 'paragraph', lines: [] });
    else if (last?.kind === 'paragraph') last.lines.push(line);
    else blocks.push({ kind: 'paragraph', lines: [line] });
  }
  return blocks.filter((block) => block.kind !== 'paragraph' || block.lines.length > 0);
}

/** `headingBase`: the level a "#" heading becomes, under the page's own headings. */
export function PlainMarkdown({ source, headingBase = 3 }: { source: string; headingBase?: number }) {
  return (
    <>
      {parseBlocks(source).map((block, index) => {
        if (block.kind === 'heading') {
          const Tag = `h${Math.min(6, headingBase + block.level - 1)}` as 'h3';
          return <Tag key={index}>{inline(block.text)}</Tag>;
        }
        if (block.kind === 'list')
          return (
            <ul key={index}>
              {block.items.map((item, itemIndex) => (
                <li key={itemIndex}>{inline(item)}</li>
              ))}
            </ul>
          );
        return (
          <p key={index}>
            {block.lines.map((line, lineIndex) => (
              <span key={lineIndex}>
                {lineIndex > 0 && <br />}
                {inline(line)}
              </span>
            ))}
          </p>
        );
      })}
    </>
  );
}
