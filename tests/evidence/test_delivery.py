"""Downloads answered by the storage or by nginx (core.delivery): the scope check and the audit
row come first; the application hands over a signed URL or an X-Accel-Redirect, never the bytes.
The default ("app") streams the file itself: tests/evidence/test_pages.py."""

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from chuangwen.audit.models import AuditEvent
from chuangwen.core.roles import Role
from tests import factories

from .conftest import pdf, photo

BUCKET = "chuangwen-test"


@pytest.fixture
def s3(settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "default_acl": None,
                    "signature_version": "s3v4",
                },
            },
        }
        settings.FILE_DELIVERY = "redirect"
        settings.FILE_URL_SECONDS = 60
        yield boto3.client("s3", region_name="us-east-1")


def test_a_download_is_a_signed_url_of_the_object_with_its_name_and_type(world, ledger, login, make_evidence, s3):
    e = make_evidence(world.head, files=[pdf("会议通知.pdf")])
    f = e.files.get()
    stored = s3.get_object(Bucket=BUCKET, Key=f.file.name)["Body"].read()
    assert stored.startswith(b"%PDF-")  # the upload went to the bucket, not to local disk

    r = login(world.head).get(reverse("evidence:file_download", args=[f.pk]))
    assert r.status_code == 302 and r["Cache-Control"] == "private, no-store"
    url = urlsplit(r["Location"])
    query = parse_qs(url.query)
    assert url.path.endswith(f"/{f.file.name}") and BUCKET in r["Location"]
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert query["response-content-type"] == ["application/pdf"]
    name = "%E4%BC%9A%E8%AE%AE%E9%80%9A%E7%9F%A5.pdf"  # 会议通知.pdf
    assert query["response-content-disposition"] == [f"attachment; filename*=utf-8''{name}"]
    assert not hasattr(r, "streaming_content")  # the bytes are not sent by us
    assert AuditEvent.objects.filter(action="download").count() == 1


def test_a_picture_shown_inline_keeps_inline_and_the_page_may_load_it(world, ledger, login, make_evidence, s3):
    e = make_evidence(world.head, files=[photo()])
    f = e.files.get()
    r = login(world.head).get(reverse("evidence:file_thumbnail", args=[f.pk]))
    query = parse_qs(urlsplit(r["Location"]).query)
    assert r.status_code == 302 and query["response-content-type"] == ["image/jpeg"]
    assert query["response-content-disposition"][0].startswith("inline;")


def test_another_hospital_gets_no_url(world, ledger, login, make_evidence, s3):
    e = make_evidence(world.head, files=[pdf()])
    f = e.files.get()
    other = factories.user("b_office")
    factories.member(other, Role.OFFICE, unit=world.b)
    r = login(other).get(reverse("evidence:file_download", args=[f.pk]))
    assert r.status_code == 404 and "Location" not in r


def test_behind_nginx_the_file_is_named_for_its_internal_location(world, ledger, login, make_evidence, settings):
    settings.FILE_DELIVERY = "accel"
    settings.FILE_ACCEL_PREFIX = "/_protected/"
    e = make_evidence(world.head, files=[pdf("会议通知.pdf")])
    f = e.files.get()
    r = login(world.head).get(reverse("evidence:file_download", args=[f.pk]))
    assert r.status_code == 200 and r.content == b""
    assert r["X-Accel-Redirect"] == f"/_protected/{f.file.name}"
    assert r["Content-Type"] == "application/pdf" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment;")


def test_a_resumable_download_is_handed_over_too(world, settings, login):
    """The ledger's ranged responses (core.ranges) take the same way out before reading."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.test import RequestFactory

    from chuangwen.core.ranges import ranged_file_response

    settings.FILE_DELIVERY = "accel"
    name = default_storage.save("ledger/test.zip", ContentFile(b"PK" + b"0" * 100))

    class Field:
        storage, name, size = default_storage, "", 0

    field = Field()
    field.name = name
    request = RequestFactory().get("/", HTTP_RANGE="bytes=0-9")
    r = ranged_file_response(request, field, filename="台账.zip", content_type="application/zip", etag='"x"')
    assert r["X-Accel-Redirect"] == f"/_protected/{name}" and r.status_code == 200
