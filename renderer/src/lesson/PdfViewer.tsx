import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { seenTracker, type LessonHandle, type ViewerProps } from './lesson-handle.js';
import { Watermark } from './Watermark.js';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * A PDF lesson rendered page by page with PDF.js (its worker is a file of the app; no eval).
 * Page navigation by buttons, the page field and PageUp/PageDown/←/→; zoom; the page is
 * the position saved for resuming.
 */
export const PdfViewer = forwardRef<LessonHandle, ViewerProps & { src: string; watermark: string | null }>(
  function PdfViewer({ src, watermark, resumeAt, onPosition }, ref) {
    const { t } = useTranslation();
    const canvas = useRef<HTMLCanvasElement>(null);
    const stage = useRef<HTMLDivElement>(null);
    /** Pages shown since the lesson opened: every page seen, in any order, is the whole PDF. */
    const seen = useRef(seenTracker());
    const [doc, setDoc] = useState<pdfjs.PDFDocumentProxy | null>(null);
    const [page, setPage] = useState(Math.max(1, Math.round(resumeAt)));
    const [zoom, setZoom] = useState(1);
    const [failed, setFailed] = useState(false);
    const pages = doc?.numPages ?? 0;

    useImperativeHandle(ref, () => ({
      currentAnchor: () => ({ type: 'page', start: page }),
      jumpTo: (anchor) => setPage(Math.max(1, Math.min(pages || 1, Math.round(anchor.start)))),
    }));

    useEffect(() => {
      // A document belongs to the source it was opened for: once the viewer moves on (another
      // lesson, or closed) its task is destroyed and nothing it answers later is shown.
      let current = true;
      setDoc(null);
      setFailed(false);
      const task = pdfjs.getDocument({ url: src, isEvalSupported: false, disableFontFace: false });
      task.promise.then(
        (loaded) => current && setDoc(loaded),
        () => current && setFailed(true),
      );
      return () => {
        current = false;
        void task.destroy();
      };
    }, [src]);

    useEffect(() => {
      if (!doc || !canvas.current) return;
      let cancelled = false;
      let render: pdfjs.RenderTask | undefined;
      const shownPage = doc.getPage(Math.min(page, doc.numPages)).then((pdfPage) => {
        if (cancelled || !canvas.current) return;
        const ratio = window.devicePixelRatio || 1;
        // 100% fits the page's width to the stage; zoom scales from there.
        const room = Math.max(200, (stage.current?.clientWidth ?? 800) - 32);
        const fit = room / pdfPage.getViewport({ scale: 1 }).width;
        const viewport = pdfPage.getViewport({ scale: zoom * fit });
        const element = canvas.current;
        element.width = Math.floor(viewport.width * ratio);
        element.height = Math.floor(viewport.height * ratio);
        element.style.width = `${Math.floor(viewport.width)}px`;
        element.style.height = `${Math.floor(viewport.height)}px`;
        render = pdfPage.render({
          canvas: element,
          viewport,
          transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
        });
        render.promise.catch(() => undefined);
      });
      // Leaving the lesson (or page) while a page loads destroys the document under it: PDF.js then
      // rejects with "Transport destroyed", which is no failure. A page that cannot be read is one.
      shownPage.catch(() => {
        if (!cancelled && !doc.loadingTask.destroyed) setFailed(true);
      });
      const shown = Math.min(page, doc.numPages);
      seen.current.add((shown - 1) / doc.numPages, shown / doc.numPages);
      onPosition(page, doc.numPages, seen.current.ranges());
      return () => {
        cancelled = true;
        render?.cancel();
      };
    }, [doc, page, zoom, onPosition]);

    const go = (to: number) => setPage(Math.max(1, Math.min(pages, to)));
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement) return;
      if (event.key === 'PageDown' || event.key === 'ArrowRight') go(page + 1);
      else if (event.key === 'PageUp' || event.key === 'ArrowLeft') go(page - 1);
      else return;
      event.preventDefault();
    };

    if (failed)
      return (
        <p className="banner banner--error" role="alert">
          {t('pdf.failed')}
        </p>
      );
    return (
      <div className="pdf" onKeyDown={onKeyDown} tabIndex={0} data-testid="pdf-viewer" aria-label={t('pdf.label')}>
        <div className="pdf__bar">
          <button type="button" className="button button--small" onClick={() => go(page - 1)} disabled={page <= 1}>
            {t('pdf.previous')}
          </button>
          <label className="pdf__page">
            <span className="visually-hidden">{t('pdf.pageNumber')}</span>
            <input
              type="number"
              className="text-input"
              min={1}
              max={pages || 1}
              value={page}
              onChange={(event) => go(Number(event.target.value) || 1)}
            />
            <span data-testid="pdf-pages">{t('pdf.of', { count: pages })}</span>
          </label>
          <button type="button" className="button button--small" onClick={() => go(page + 1)} disabled={page >= pages}>
            {t('pdf.next')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setZoom((z) => Math.max(0.5, z - 0.25))}
            aria-label={t('pdf.zoomOut')}
          >
            −
          </button>
          <span className="card__meta">{Math.round(zoom * 100)}%</span>
          <button
            type="button"
            className="button button--small"
            onClick={() => setZoom((z) => Math.min(3, z + 0.25))}
            aria-label={t('pdf.zoomIn')}
          >
            +
          </button>
        </div>
        {/* The page scrolls when zoomed in: reachable by keyboard (Tab, then arrow keys scroll it). */}
        <div
          className="pdf__stage"
          ref={stage}
          tabIndex={0}
          role="region"
          aria-label={t('pdf.pageOf', { page, count: pages })}
        >
          {!doc && <div className="skeleton" aria-hidden="true" />}
          <div className="pdf__canvas-wrap">
            <canvas
              ref={canvas}
              className="pdf__canvas"
              aria-label={t('pdf.pageOf', { page, count: pages })}
              role="img"
            />
            <Watermark text={watermark} />
          </div>
        </div>
      </div>
    );
  },
);
