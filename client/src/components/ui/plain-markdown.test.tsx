import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { parseBlocks, PlainMarkdown } from './plain-markdown';

describe(parseBlocks.name, () => {
  it('reads headings, lists and paragraphs', () => {
    const blocks = parseBlocks('# Charte\n\nLes associations\ns’engagent.\n\n## 1. Autonomie\n- une\n- deux');
    expect(blocks.map((block) => block.kind)).toEqual(['heading', 'paragraph', 'heading', 'list']);
  });
});

describe('PlainMarkdown', () => {
  it('never renders markup from the text', () => {
    const { container } = render(<PlainMarkdown source={'<img src=x onerror=alert(1)> **gras**'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('strong')?.textContent).toBe('gras');
  });
});
