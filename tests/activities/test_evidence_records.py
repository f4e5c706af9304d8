"""Activities count as evidence (acceptance 2): an item "记录≥2/月" is met in a month by two
linked study sessions with nothing uploaded; photos per record come from the activity."""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuangwen.activities import services
from chuangwen.evidence.models import Evidence, ItemCompliance
from chuangwen.evidence.selectors import item_rules
from tests import factories as f
from tests.file_samples import jpeg_with_metadata as jpeg_bytes


@pytest.fixture
def item(world):
    std = f.standard(world.a, aspects=1, indicators=1, items=1)
    camp = f.campaign(world.a, std)
    camp.starts_on, camp.ends_on = date(2026, 3, 1), date(2026, 3, 31)
    camp.save()
    it = std.items.get()
    it.rules = [{"type": "min_records", "count": 2, "period": "month"}]
    it.save()
    return camp, it


def _session(world, camp, it, day, title):
    start = timezone.make_aware(datetime(2026, 3, day, 15, 0))
    return services.activity_create(
        user=world.office,
        unit=world.a,
        kind=f.shipped_kind("political_study"),
        title=title,
        starts_at=start,
        ends_at=start.replace(hour=17),
        department=world.a_med,
        roster_departments=[world.a_med],
        campaign=camp,
        items=[it],
    )


def test_two_linked_study_sessions_meet_two_records_a_month(world, item):
    camp, it = item
    _session(world, camp, it, 5, "三月第一次政治学习")
    one = ItemCompliance.objects.get(campaign=camp, item=it)
    assert one.status != ItemCompliance.Status.MET
    assert any("2026-03" in r for r in one.unmet_reasons)
    _session(world, camp, it, 19, "三月第二次政治学习")
    two = ItemCompliance.objects.get(campaign=camp, item=it)
    assert (two.status, two.accepted_count) == (ItemCompliance.Status.MET, 2)
    assert not Evidence.objects.exists()


def test_archiving_an_activity_takes_it_back(world, item):
    camp, it = item
    _session(world, camp, it, 5, "第一次")
    second = _session(world, camp, it, 19, "第二次")
    services.activity_archive(activity=second, user=world.office)
    assert ItemCompliance.objects.get(campaign=camp, item=it).status != ItemCompliance.Status.MET


def test_photos_per_record_come_from_the_activity(world, item):
    camp, it = item
    it.rules = [{"type": "min_photos", "count": 3, "per": "record"}]
    it.save()
    act = _session(world, camp, it, 5, "道德讲堂")
    assert ItemCompliance.objects.get(campaign=camp, item=it).status != ItemCompliance.Status.MET
    photos = [SimpleUploadedFile(f"现场{i}.jpg", jpeg_bytes(), content_type="image/jpeg") for i in range(3)]
    services.activity_add_photos(activity=act, user=world.office, uploads=photos)
    assert ItemCompliance.objects.get(campaign=camp, item=it).status == ItemCompliance.Status.MET
    [entry] = item_rules(camp, [it])
    assert entry.status == ItemCompliance.Status.MET and entry.accepted_count == 1


def test_items_of_another_standard_are_refused(world, item):
    from django.core.exceptions import ValidationError

    camp, _it = item
    other = f.standard(world.a, name="另一体系", aspects=1, indicators=1, items=1).items.get()
    with pytest.raises(ValidationError):
        _session(world, camp, other, 5, "x")
