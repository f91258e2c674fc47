/**
 * The buyer's account drawn over paid PDF and video content: a deterrent against sharing
 * screenshots and recordings. It never intercepts the pointer.
 */
export function Watermark({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="watermark" aria-hidden="true" data-testid="watermark">
      {Array.from({ length: 12 }, (_, i) => (
        <span key={i} className="watermark__mark">
          {text}
        </span>
      ))}
    </div>
  );
}
