import Markdown from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';
import { safeUrl } from '../lesson/MarkdownReader.js';

/**
 * A question's, option's or explanation's Markdown: formulas between `$…$` (or `$$…$$`)
 * typeset by KaTeX, images and links only over http(s), raw HTML dropped. `inline` renders
 * a short text (an option) without its paragraph.
 */
export function ExerciseMarkdown({ text, inline = false }: { text: string; inline?: boolean }) {
  return (
    <span className={inline ? 'exercise-markdown exercise-markdown--inline' : 'exercise-markdown'}>
      <Markdown
        remarkPlugins={[remarkGfm, remarkMath]}
        rehypePlugins={[rehypeKatex]}
        skipHtml
        urlTransform={safeUrl}
        {...(inline ? { disallowedElements: ['p'], unwrapDisallowed: true } : {})}
      >
        {text}
      </Markdown>
    </span>
  );
}
