"""Charts inside generated documents (the summary's satisfaction trend), drawn with matplotlib
(the Agg backend: no display) as PNG. Chinese labels use the first CJK font matplotlib finds on
the machine (Debian's fonts-noto-cjk, installed by ``make system-deps``); without one the labels
fall back to their plain form ("Q1" ...), never to empty boxes."""

from __future__ import annotations

import functools
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN")
LINE = "#C00000"
GRID = "#D9D9D9"


@functools.cache
def cjk_family() -> str | None:
    """The CJK font family to draw Chinese with, or None when the machine has none."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


def trend_png(labels: list[str], values: list[float | None], *, title: str, unit: str = "", fallback=None) -> bytes:
    """A line chart of ``values`` over ``labels`` (None: no data, a gap in the line), each point
    labelled with its value; ``fallback`` labels are used when no CJK font is installed."""
    family = cjk_family()
    if family is None and fallback is not None:
        labels, title = list(fallback), ""
    figure = Figure(figsize=(6.4, 3.0), dpi=150, layout="tight")
    axes = figure.subplots()
    font = {"family": family} if family else {}
    xs = list(range(len(labels)))
    points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
    if points:
        axes.plot([p[0] for p in points], [p[1] for p in points], color=LINE, marker="o", linewidth=2)
        for x, v in points:
            axes.annotate(f"{v:g}{unit}", (x, v), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9)
        low = min(p[1] for p in points)
        axes.set_ylim(max(0, low - 10), 100 if max(p[1] for p in points) <= 100 else None)
    axes.set_xticks(xs, labels, fontdict=font)
    axes.set_xlim(-0.5, len(labels) - 0.5)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if title:
        axes.set_title(title, fontdict={**font, "fontsize": 11})
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
