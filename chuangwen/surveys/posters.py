"""QR posters (扫码评价) for a department's wall: an A4 PNG drawn with Pillow and Debian's Noto
Sans CJK (fonts-noto-cjk), and the same page as a one-page PDF (Pillow's PDF writer).

The QR code (segno) holds the short public URL /s/<signed token>/ of the department and
survey; the poster says which hospital and department it belongs to, and that answering is
anonymous."""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

# A4 at 150 dpi.
WIDTH, HEIGHT, DPI = 1240, 1754, 150
FONT_DIR = "/usr/share/fonts/opentype/noto"
SC_INDEX = 2  # Simplified Chinese face in Noto Sans CJK's collection
GREEN = (21, 101, 72)
GREY = (90, 96, 105)

TITLE = "扫码评价我们的服务"
PRIVACY = "匿名填写，不收集姓名、电话等个人信息；结果仅用于改进服务。"
HINT = "用手机微信或相机扫描二维码，约一分钟完成"


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False):
    name = settings.SURVEYS_POSTER_FONT or f"{FONT_DIR}/NotoSansCJK-{'Bold' if bold else 'Regular'}.ttc"
    try:
        return ImageFont.truetype(name, size, index=SC_INDEX)
    except OSError:
        # Without the CJK fonts the poster is still made (Chinese shows as boxes); `make
        # system-deps` installs fonts-noto-cjk.
        return ImageFont.load_default(size)


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, *, bold=False, fill=(0, 0, 0)) -> int:
    font = _font(size, bold)
    # Shrink long names until they fit the page with margins.
    while draw.textlength(text, font=font) > WIDTH - 160 and size > 24:
        size -= 4
        font = _font(size, bold)
    width = draw.textlength(text, font=font)
    draw.text(((WIDTH - width) / 2, y), text, font=font, fill=fill)
    return y + int(size * 1.45)


def qr_image(url: str, size: int) -> Image.Image:
    """The QR code of ``url`` as a square black-on-white image of about ``size`` pixels."""
    qr = segno.make(url, error="m", micro=False)
    modules = qr.symbol_size(scale=1, border=2)[0]
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=max(1, size // modules), border=2)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def poster_image(*, url: str, unit_name: str, department_name: str, survey_name: str) -> Image.Image:
    """The A4 poster of one department's survey."""
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([0, 0, WIDTH, 230], fill=GREEN)
    y = _centered(draw, 55, unit_name, 64, bold=True, fill=(255, 255, 255))
    _centered(draw, y, survey_name, 36, fill=(225, 240, 232))
    y = _centered(draw, 290, department_name, 96, bold=True, fill=GREEN)
    y = _centered(draw, y + 10, TITLE, 72, bold=True)
    qr = qr_image(url, 820)
    x = (WIDTH - qr.width) // 2
    y += 30
    page.paste(qr, (x, y))
    draw.rectangle([x - 6, y - 6, x + qr.width + 6, y + qr.height + 6], outline=GREEN, width=6)
    y += qr.height + 50
    y = _centered(draw, y, HINT, 40)
    _centered(draw, y + 10, PRIVACY, 30, fill=GREY)
    return page


def poster_png(**kwargs) -> bytes:
    buf = io.BytesIO()
    poster_image(**kwargs).save(buf, "PNG", optimize=True, dpi=(DPI, DPI))
    return buf.getvalue()


def poster_pdf(**kwargs) -> bytes:
    buf = io.BytesIO()
    poster_image(**kwargs).save(buf, "PDF", resolution=DPI)
    return buf.getvalue()
