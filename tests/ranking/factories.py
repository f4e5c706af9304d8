"""Builders of the ranking's rows (registered in tests/factories.py FACTORIES)."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone


def snapshot(unit=None, *, month=date(2026, 3, 1), score="72.5", **kw):
    from chuangwen.ranking.models import UnitSnapshot
    from tests import factories as f

    unit = unit or f.unit(f.region(f"县{next(f._seq)}"))
    return UnitSnapshot.objects.create(
        unit=unit, month=month, computed_at=kw.pop("computed_at", timezone.now()), score_percent=Decimal(score), **kw
    )


def bulletin(bureau=None, *, month=date(2026, 3, 1), recipients=(), **kw):
    from chuangwen.ranking.models import RankingBulletin
    from tests import factories as f

    bureau = bureau or f.unit(f.region(f"县{next(f._seq)}"), kind="authority", category="bureau")
    b = RankingBulletin(
        bureau=bureau,
        region=bureau.region,
        month=month,
        number=kw.pop("number", 1),
        title=kw.pop("title", f"{bureau.region.name}2026年3月文明创建工作排名通报"),
        computed_at=timezone.now(),
        sha256="0" * 64,
        **kw,
    )
    b.file.save("bulletin.docx", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    b.save()
    b.recipients.set(recipients)
    return b


FACTORIES = {
    "ranking.UnitSnapshot": lambda: snapshot(),
    "ranking.RankingBulletin": lambda: bulletin(),
}


def scope_builders() -> dict:
    """Builders of the scope matrix (tests/core/test_scope_matrix.py), one hospital ``h`` each."""
    return {
        "ranking.UnitSnapshot": lambda h: snapshot(h.unit),
        "ranking.RankingBulletin": lambda h: bulletin(h.unit, title=f"{h.mark}排名通报", recipients=[h.unit]),
    }
