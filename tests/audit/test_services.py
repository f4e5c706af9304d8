"""audit_record and the middleware: events are buffered per request and written after the
response is closed; outside a request at once; nothing is written with the log switched off;
the buffer cannot outlive its request; a bureau user's own events belong to their region."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from chuangwen.audit.middleware import AuditMiddleware
from chuangwen.audit.models import Action, AuditEvent
from chuangwen.audit.services import audit_record

from .conftest import close

pytestmark = pytest.mark.django_db


def _request(user, **meta):
    request = RequestFactory().get("/anything/", **meta)
    request.user = user
    return request


def test_outside_a_request_the_event_is_written_at_once(world):
    audit_record(action=Action.EXPORT, actor=world.office, target_repr="花名册")
    e = AuditEvent.objects.get()
    assert (e.username, e.unit_id, e.target_repr) == ("office", world.a.pk, "花名册")


def test_in_a_request_the_event_waits_for_the_response_to_close(world):
    def view(request):
        audit_record(action=Action.DOWNLOAD, request=request, target=world.a_p1, detail={"kind": "x"})
        assert not AuditEvent.objects.exists()  # not while the view runs
        return HttpResponse("ok")

    request = _request(world.office, REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox")
    response = AuditMiddleware(view)(request)
    assert not AuditEvent.objects.exists()  # not before the server has sent it
    close(response)
    e = AuditEvent.objects.get()
    assert (e.actor, e.action, e.client_ip, e.user_agent) == (world.office, "download", "10.1.2.3", "Firefox")
    assert (e.target_type, e.target_id, e.unit_id) == ("org.person", str(world.a_p1.pk), world.a.pk)


def test_a_response_never_closed_leaves_no_stale_buffer(world):
    """Before the fix the buffer stayed set when a response was not closed (a client gone, a
    test that did not read a file), and every later event of the thread vanished into it."""
    AuditMiddleware(lambda r: (audit_record(action=Action.EXPORT, request=r), HttpResponse())[1])(
        _request(world.office)
    )
    audit_record(action=Action.TOKEN_CREATE, actor=world.office)  # a job, the shell
    assert [e.action for e in AuditEvent.objects.all()] == ["token_create"]


def test_an_error_in_the_view_still_writes_its_events(world):
    def view(request):
        audit_record(action=Action.VIEW_CONTACT, request=request)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        AuditMiddleware(view)(_request(world.office))
    assert AuditEvent.objects.get().action == "view_contact"


def test_services_below_a_view_get_the_client_address_from_the_request(world):
    from chuangwen.api.services import token_create

    def view(request):
        token_create(user=request.user, name="手机")
        return HttpResponse()

    close(AuditMiddleware(view)(_request(world.office, REMOTE_ADDR="192.0.2.7")))
    e = AuditEvent.objects.get()
    assert (e.action, e.client_ip, e.target_repr.startswith("手机")) == ("token_create", "192.0.2.7", True)


def test_the_client_address_is_the_one_behind_the_trusted_proxy(world, settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    request = _request(world.office, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    audit_record(action=Action.EXPORT, request=request)
    assert AuditEvent.objects.get().client_ip == "203.0.113.9"


def test_switched_off_nothing_is_recorded(world, settings):
    settings.AUDIT_LOG_ENABLED = False
    assert audit_record(action=Action.EXPORT, actor=world.office) is None
    assert not AuditEvent.objects.exists()


def test_a_bureau_users_own_events_belong_to_the_region_when_they_have_no_unit(world):
    from chuangwen.core.roles import Role
    from tests import factories as f

    city = f.user("city")
    f.member(city, Role.SUPERVISOR, region=world.city)
    audit_record(action=Action.TOKEN_CREATE, actor=city)
    e = AuditEvent.objects.get()
    assert (e.unit_id, e.region_id) == (None, world.city.pk)


def test_recording_in_a_request_makes_no_query(world, django_assert_num_queries):
    request = _request(world.office)
    world.office.scope_memberships()  # loaded once per request by scoping anyway

    def view(r):
        with django_assert_num_queries(0):
            audit_record(action=Action.DOWNLOAD, request=r, target=world.a_p1)
        return HttpResponse()

    close(AuditMiddleware(view)(request))
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_background_writer_stores_events_off_the_request_thread(world, settings, django_assert_num_queries):
    """With the production writer the request's thread makes no query for the log, not even when
    the response closes; the writer thread stores the events a moment later."""
    from chuangwen.audit.writer import background

    settings.AUDIT_LOG_WRITER = "thread"
    request = _request(world.office, REMOTE_ADDR="10.3.3.3")
    world.office.scope_memberships()

    def view(r):
        audit_record(action=Action.DOWNLOAD, request=r, target=world.a_p1)
        audit_record(action=Action.EXPORT, request=r, target_repr="花名册")
        return HttpResponse()

    response = AuditMiddleware(view)(request)
    with django_assert_num_queries(0):
        close(response)
    background.stop()  # everything written, and its connection closed before the test database goes
    assert sorted(AuditEvent.objects.values_list("action", "client_ip")) == [
        ("download", "10.3.3.3"),
        ("export", "10.3.3.3"),
    ]
