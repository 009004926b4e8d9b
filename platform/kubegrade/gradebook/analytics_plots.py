"""Inline SVG plots for the analytics page, in the manner of `plots.histogram_svg`:
text only, no plotting library; the caller marks the result safe."""

from html import escape

WIDTH, ROW_H, LABEL_W, PAD = 360, 22, 150, 8


def share_bars_svg(bars: list[tuple[str, float, str]], *, label: str) -> str:
    """Horizontal bars, one per (name, share in [0, 1], text shown at the bar's end)."""
    height = PAD * 2 + ROW_H * max(1, len(bars))
    plot_w = WIDTH - LABEL_W - 84  # room for "100% (30/30)" at the end of a bar
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'class="bars" aria-label="{escape(label)}">']
    for i, (name, share, text) in enumerate(bars):
        y = PAD + i * ROW_H
        w = plot_w * max(0.0, min(1.0, share))
        short = name if len(name) <= 24 else name[:23] + "…"
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" font-size="11" text-anchor="end">'
                     f'<title>{escape(name)}</title>{escape(short)}</text>')
        parts.append(f'<rect x="{LABEL_W}" y="{y + 4}" width="{plot_w}" height="{ROW_H - 8}" fill="#e2e8f0" rx="2"/>')
        parts.append(f'<rect x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" fill="#dc2626" rx="2">'
                     f'<title>{escape(name)}: {escape(text)}</title></rect>')
        parts.append(f'<text x="{LABEL_W + plot_w + 4}" y="{y + 15}" font-size="11" fill="#475569">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def attempts_svg(attempts: list[int], median: float | None, *, label: str) -> str:
    """Students per number of attempts needed for full marks, the median marked."""
    longest = max(attempts, default=1)
    counts = [attempts.count(n) for n in range(1, longest + 1)]
    tallest, height, plot_h = max(counts, default=1) or 1, 140, 90
    bar_w = (WIDTH - 2 * 24) / len(counts)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'class="attempts" aria-label="{escape(label)}">']
    for i, count in enumerate(counts):
        h = plot_h * count / tallest
        x, y = 24 + i * bar_w, 24 + plot_h - h
        parts.append(f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" fill="#16a34a" rx="2">'
                     f'<title>{i + 1}: {count}</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - 12}" font-size="10" text-anchor="middle">{i + 1}</text>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{count}</text>')
    if median is not None:
        mx = 24 + (median - 0.5) * bar_w
        parts.append(f'<line x1="{mx:.1f}" y1="14" x2="{mx:.1f}" y2="{24 + plot_h}" stroke="#0f172a" '
                     f'stroke-dasharray="3 2"><title>median {median:g}</title></line>')
    parts.append("</svg>")
    return "".join(parts)
