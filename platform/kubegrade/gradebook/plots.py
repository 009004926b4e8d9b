"""A score-distribution histogram as inline SVG: ten bins of percent of the maximum.
Text only, no plotting library; the caller marks the result safe."""

from html import escape

WIDTH, HEIGHT, PAD = 320, 140, 24


def histogram_bins(scores: list[tuple[float, float]], bins: int = 10) -> list[int]:
    counts = [0] * bins
    for score, max_score in scores:
        fraction = 0.0 if not max_score else max(0.0, min(1.0, score / max_score))
        counts[min(bins - 1, int(fraction * bins))] += 1
    return counts


def histogram_svg(scores: list[tuple[float, float]], *, label: str) -> str:
    counts = histogram_bins(scores)
    tallest = max(counts) or 1
    bar_w = (WIDTH - 2 * PAD) / len(counts)
    plot_h = HEIGHT - 2 * PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="histogram" aria-label="{escape(label)}">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#94a3b8"/>',
    ]
    for i, count in enumerate(counts):
        h = plot_h * count / tallest
        x, y = PAD + i * bar_w, HEIGHT - PAD - h
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" fill="#2563eb" rx="2">'
            f"<title>{i * 10}-{(i + 1) * 10}%: {count}</title></rect>"
        )
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="10" text-anchor="middle">{count}</text>')
    for pct in (0, 50, 100):
        x = PAD + (WIDTH - 2 * PAD) * pct / 100
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle" fill="#475569">{pct}%</text>')
    parts.append("</svg>")
    return "".join(parts)
