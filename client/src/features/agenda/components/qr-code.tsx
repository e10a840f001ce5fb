// The QR code of a link, drawn as one SVG path from uqr's module matrix (no markup from a string).
// Loaded lazily by the subscribe card, so the encoder stays out of every other page.
import { useMemo } from 'react';
import { encode } from 'uqr';

export default function QrCode({ text, label, size = 176 }: { text: string; label: string; size?: number }) {
  const { path, modules } = useMemo(() => {
    // a quiet zone of 4 modules, as readers expect; medium error correction survives a smudged screen
    const { data, size: count } = encode(text, { ecc: 'M', border: 4 });
    let d = '';
    data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) d += `M${x} ${y}h1v1h-1z`;
      }),
    );
    return { path: d, modules: count };
  }, [text]);
  return (
    <svg className="qr-code" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${modules} ${modules}`} shapeRendering="crispEdges">
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
