import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import Markdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { NoteDoc } from '../../../common/collections/index.js';
import { seenTracker, throttled, type Anchor, type LessonHandle, type ViewerProps } from './lesson-handle.js';

/** Only http(s) and mailto links; anything else (javascript:, data:, file:) becomes inert. */
export function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(cleaned) ? cleaned : '';
}

/** A DOM Range over characters [start, end) of `root`'s text. */
function rangeOf(root: Node, start: number, end: number): Range | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (!started && start <= offset + length) {
      range.setStart(node, start - offset);
      started = true;
    }
    if (started && end <= offset + length) {
      range.setEnd(node, end - offset);
      return range;
    }
    offset += length;
  }
  return null;
}

/** Character offset of a point in `root`'s text. */
function offsetOf(root: Node, container: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(root);
  range.setEnd(container, offset);
  return range.toString().length;
}

/**
 * A text lesson: Markdown rendered as React elements — raw HTML in the lesson is dropped,
 * never parsed, so no script from content can run. Highlights are painted with the CSS
 * Custom Highlight API (no change to the text's DOM); progress is the share scrolled.
 */
export const MarkdownReader = forwardRef<LessonHandle, ViewerProps & { text: string; highlights: NoteDoc[] }>(
  function MarkdownReader({ text, resumeAt, onPosition, highlights }, ref) {
    const scroller = useRef<HTMLDivElement>(null);
    const body = useRef<HTMLDivElement>(null);

    useImperativeHandle(ref, () => ({
      currentAnchor(): Anchor {
        const selection = window.getSelection();
        const root = body.current;
        if (
          root &&
          selection &&
          !selection.isCollapsed &&
          selection.rangeCount > 0 &&
          root.contains(selection.anchorNode)
        ) {
          const range = selection.getRangeAt(0);
          const start = offsetOf(root, range.startContainer, range.startOffset);
          const end = offsetOf(root, range.endContainer, range.endOffset);
          return { type: 'text', start, end, quote: range.toString().slice(0, 2000) };
        }
        const share = scrollShare(scroller.current);
        return { type: 'text', start: Math.round(share * (root?.textContent?.length ?? 0)) };
      },
      jumpTo(anchor) {
        const root = body.current;
        if (!root) return;
        const range = rangeOf(root, anchor.start, anchor.end ?? anchor.start);
        const target = range?.startContainer.parentElement;
        target?.scrollIntoView({ block: 'center' });
      },
    }));

    useEffect(() => {
      const element = scroller.current;
      if (element && resumeAt > 0) element.scrollTop = resumeAt * (element.scrollHeight - element.clientHeight);
    }, [resumeAt]);

    useEffect(() => {
      const element = scroller.current;
      if (!element) return;
      const seen = seenTracker();
      // What is on screen is what was read: the visible stretch, as a share of the whole text.
      const look = () =>
        seen.add(
          element.scrollTop / element.scrollHeight,
          (element.scrollTop + element.clientHeight) / element.scrollHeight,
        );
      const report = throttled((share: number) => onPosition(share, 1, seen.ranges()), 2000);
      const onScroll = () => {
        look();
        report.call(scrollShare(element));
      };
      element.addEventListener('scroll', onScroll, { passive: true });
      look();
      // A short lesson that fits on screen is read once it is open.
      if (element.scrollHeight <= element.clientHeight + 4) onPosition(1, 1, [[0, 1]]);
      else report.call(scrollShare(element));
      return () => {
        element.removeEventListener('scroll', onScroll);
        report.flush();
      };
    }, [onPosition]);

    useEffect(() => {
      const root = body.current;
      const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
      const HighlightClass = (globalThis as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
      if (!root || !registry || !HighlightClass) return;
      const ranges = highlights
        .filter((note) => note.anchor.type === 'text' && note.anchor.end !== undefined)
        .map((note) => rangeOf(root, note.anchor.start, note.anchor.end!))
        .filter((r): r is Range => r !== null);
      registry.set('zhiku-highlight', new HighlightClass(...ranges));
      return () => void registry.delete('zhiku-highlight');
    }, [highlights, text]);

    return (
      <div ref={scroller} className="reader" tabIndex={0} data-testid="markdown-reader">
        <div ref={body} className="reader__body">
          <Markdown
            remarkPlugins={[remarkGfm]}
            skipHtml
            urlTransform={safeUrl}
            components={{
              a: ({ href, children }) =>
                href ? (
                  <a href={href} target="_blank" rel="noreferrer noopener">
                    {children}
                  </a>
                ) : (
                  <span>{children}</span>
                ),
            }}
          >
            {text}
          </Markdown>
        </div>
      </div>
    );
  },
);

function scrollShare(element: HTMLElement | null): number {
  if (!element) return 0;
  const room = element.scrollHeight - element.clientHeight;
  return room <= 0 ? 1 : Math.min(1, Math.max(0, element.scrollTop / room));
}
