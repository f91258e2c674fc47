import QRCode from 'qrcode';

/**
 * A QR code drawn as SVG squares from the code's own module matrix (no HTML injected), sharp
 * on screen and in print. Medium error correction survives a crease in a printed page.
 */
export function QrCode({ text, size = 120, label }: { text: string; size?: number; label: string }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const quiet = 2;
  const squares: string[] = [];
  for (let row = 0; row < count; row++)
    for (let column = 0; column < count; column++)
      if (modules.get(row, column)) squares.push(`M${column + quiet} ${row + quiet}h1v1h-1z`);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${count + quiet * 2} ${count + quiet * 2}`}
      shapeRendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={squares.join('')} fill="#000" />
    </svg>
  );
}
