"""The public-form toolkit (chuangwen/core/publicforms.py): signed links that printed posters keep
opening, form tokens, idempotency keys, client fingerprints behind a proxy, rate limits, the body
cap and the readable-text checks."""

import dataclasses
import time

import pytest
from django import forms
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse

from chuangwen.core import publicforms
from chuangwen.core.publicforms import COMPLAINT, FORMS, SURVEY, InvalidToken, Target
from chuangwen.org.models import Unit
from chuangwen.surveys import services as survey_services

# Tokens made by the code before the toolkit (surveys/tokens.py, feedback/tokens.py) with this
# secret key: the format of every QR poster printed so far.
OLD_KEY = "old-posters-key-" + "x" * 40
OLD_SURVEY_POSTER = "12.34.5:7JBmCqyJ99DMRyqha0qIia5riWxzYcgiO0hzOxkYUjE"
OLD_UNIT_LINK = "12:j0EwnBs6yVHkeLDfsufeKeIxYEcCRCYSl19sTLXcBvE"
OLD_DEPARTMENT_LINK = "12.34:wIdGZShu43yosX54KjqOlq3hT9qbd40BRBD5NBwtk4U"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def old_survey_poster(unit_id, department_id, template_id) -> str:
    """What ``surveys.tokens.qr_token`` made."""
    return signing.Signer(salt="chuangwen.surveys.qr").sign(f"{unit_id}.{department_id}.{template_id}")


def old_complaint_link(unit_id, department_id=None) -> str:
    """What ``feedback.tokens.link_token`` made."""
    payload = f"{unit_id}" if department_id is None else f"{unit_id}.{department_id}"
    return signing.Signer(salt="chuangwen.feedback.link").sign(payload)


# --- signed links ------------------------------------------------------------------------------


def test_links_printed_by_the_old_code_still_read(settings):
    settings.SECRET_KEY = OLD_KEY
    assert SURVEY.read_link(OLD_SURVEY_POSTER) == Target(12, 34, 5)
    assert COMPLAINT.read_link(OLD_UNIT_LINK) == Target(12)
    assert COMPLAINT.read_link(OLD_DEPARTMENT_LINK) == Target(12, 34)
    # And the toolkit makes the very same tokens.
    assert SURVEY.link(unit_id=12, department_id=34, template_id=5) == OLD_SURVEY_POSTER
    assert COMPLAINT.link(unit_id=12) == OLD_UNIT_LINK
    assert COMPLAINT.link(unit_id=12, department_id=34) == OLD_DEPARTMENT_LINK


def test_a_remembered_link_is_valid_only_under_the_key_that_signed_it(settings):
    settings.SECRET_KEY = OLD_KEY
    assert SURVEY.read_link(OLD_SURVEY_POSTER) == Target(12, 34, 5)
    settings.SECRET_KEY = "another-installation-" + "y" * 40
    with pytest.raises(InvalidToken):
        SURVEY.read_link(OLD_SURVEY_POSTER)


@pytest.mark.django_db
def test_an_old_survey_poster_still_opens_the_form(client, world):
    survey = survey_services.default_templates_create(unit=world.a, user=world.office)[0]
    r = client.get(f"/s/{old_survey_poster(world.a.pk, world.a_med.pk, survey.pk)}/")
    assert r.status_code == 200
    assert world.a_med.name in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("with_department", [False, True])
def test_an_old_complaint_link_still_opens_the_form(client, world, with_department):
    department = world.a_med if with_department else None
    token = old_complaint_link(world.a.pk, department.pk if department else None)
    r = client.get(reverse("feedback_public:form", args=[token]))
    assert r.status_code == 200
    assert world.a.name in r.content.decode()


def test_every_use_has_its_own_salt():
    salts = [s for f in FORMS for s in (f.link_salt, f.form_salt, f.thanks_salt) if s]
    assert len(salts) == len(set(salts)) == 5


def test_a_link_of_one_form_is_not_valid_for_the_other():
    survey_poster = SURVEY.link(unit_id=1, department_id=2, template_id=3)
    complaint_link = COMPLAINT.link(unit_id=1, department_id=2)
    with pytest.raises(InvalidToken):
        COMPLAINT.read_link(survey_poster)
    with pytest.raises(InvalidToken):
        SURVEY.read_link(complaint_link)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # altered signature
        lambda t: t.replace("2.", "9.", 1),  # another department, same signature
        lambda t: "1.2.3",  # guessed, unsigned
        lambda t: signing.Signer(salt="another").sign(t.split(":")[0]),  # signed for another use
        lambda t: "",
    ],
)
def test_an_altered_or_guessed_link_is_refused(mangle):
    with pytest.raises(InvalidToken):
        SURVEY.read_link(mangle(SURVEY.link(unit_id=1, department_id=2, template_id=3)))


def test_a_link_names_as_many_ids_as_its_form_takes():
    with pytest.raises(ValueError):
        SURVEY.link(unit_id=1, department_id=2)  # no template
    with pytest.raises(ValueError):
        COMPLAINT.link(unit_id=1, department_id=2, template_id=3)
    # Signed by us but with the wrong number of ids, or not numbers.
    for payload in ("1.2", "1.2.3.4", "1.x.3", "1..3"):
        with pytest.raises(InvalidToken):
            SURVEY.read_link(signing.Signer(salt=SURVEY.link_salt).sign(payload))
    with pytest.raises(InvalidToken):
        COMPLAINT.read_link(signing.Signer(salt=COMPLAINT.link_salt).sign("1.2.3"))


# --- form tokens -------------------------------------------------------------------------------


def test_a_form_token_is_for_its_target_only():
    here, there = Target(1, 2, 3), Target(1, 4, 3)
    assert SURVEY.read_form_token(SURVEY.form_token(here), here) == ""
    for token in ("", "forged:token", SURVEY.form_token(there), COMPLAINT.form_token(Target(1, 2))):
        with pytest.raises(InvalidToken):
            SURVEY.read_form_token(token, here)


def test_a_form_token_expires(monkeypatch):
    target = Target(1, 2)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - COMPLAINT.form_max_age - 5)
    old = COMPLAINT.form_token(target)
    monkeypatch.setattr(time, "time", real)
    with pytest.raises(InvalidToken):
        COMPLAINT.read_form_token(old, target)
    assert publicforms.is_key(COMPLAINT.read_form_token(COMPLAINT.form_token(target), target))


def test_the_complaint_form_token_carries_a_fresh_key_each_time():
    target = Target(7)
    first, second = (COMPLAINT.read_form_token(COMPLAINT.form_token(target), target) for _ in range(2))
    assert publicforms.is_key(first) and publicforms.is_key(second) and first != second
    key = publicforms.new_key()
    assert COMPLAINT.read_form_token(COMPLAINT.form_token(target, key), target) == key


def test_a_form_token_signed_with_the_old_code_is_accepted():
    target = Target(1, 2, 3)
    old_survey = signing.TimestampSigner(salt="chuangwen.surveys.form").sign("1.2.3")
    assert SURVEY.read_form_token(old_survey, target) == ""
    key = "ab" * 16
    old_complaint = signing.TimestampSigner(salt="chuangwen.feedback.form").sign_object({"t": "1.2", "k": key})
    assert COMPLAINT.read_form_token(old_complaint, Target(1, 2)) == key


def test_the_thanks_token_round_trips_and_refuses_alterations():
    token = COMPLAINT.thanks_token(r="TS2026110001", p=True)
    assert COMPLAINT.read_thanks_token(token) == {"r": "TS2026110001", "p": True}
    for bad in (token[:-2] + "xx", COMPLAINT.form_token(Target(1))):
        with pytest.raises(InvalidToken):
            COMPLAINT.read_thanks_token(bad)


# --- idempotency -------------------------------------------------------------------------------


def test_keys_are_32_hex_characters():
    key = publicforms.new_key()
    assert publicforms.is_key(key) and key != publicforms.new_key()
    for bad in ("", "A" * 32, "a" * 31, "a" * 33, "g" * 32, None, 12):
        assert not publicforms.is_key(bad)


def _unit(world, code):
    return Unit.objects.create(region=world.a.region, name=f"医院{code}", code=code, kind=Unit.Kind.HOSPITAL)


@pytest.mark.django_db
def test_once_stores_one_record_per_key(world):
    records = Unit.objects.filter(code="K1")
    first, created = publicforms.once(records, lambda: _unit(world, "K1"))
    assert created
    again, created = publicforms.once(records, lambda: pytest.fail("a second store"))
    assert (again, created) == (first, False)


@pytest.mark.django_db
def test_once_gives_the_winner_of_a_race_its_record(world):
    records = Unit.objects.filter(code="K2")
    # The caller found no record under the key; the other tap stored it just after.
    winner = _unit(world, "K2")
    stored, created = publicforms.once(records, lambda: _unit(world, "K2"), known_new=True)
    assert (stored, created) == (winner, False)
    assert records.count() == 1


@pytest.mark.django_db
def test_once_lets_other_integrity_errors_through(world):
    _unit(world, "TAKEN")
    with pytest.raises(IntegrityError):
        publicforms.once(Unit.objects.filter(code="K3"), lambda: _unit(world, "TAKEN"))


# --- clients and rate limits (formerly tests/core/test_ratelimit.py) ---------------------------

NGINX = "10.0.0.2"


def meta(xff: str, ua: str = "Mozilla/5.0 (iPhone)") -> dict:
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": xff, "HTTP_USER_AGENT": ua}


def test_two_patients_behind_one_proxy_are_told_apart(settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    a, b = meta("203.0.113.7"), meta("198.51.100.20")
    assert publicforms.ip_key(a) != publicforms.ip_key(b)
    assert publicforms.fingerprint(a) != publicforms.fingerprint(b)


def test_a_spoofed_leftmost_entry_changes_nothing(settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    # The old, undeclared setting pointed at the header: its first entry is the client's to write.
    settings.SURVEYS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    real = meta("203.0.113.7")
    for forged in ("1.1.1.1, 203.0.113.7", "9.9.9.9, 8.8.8.8, 203.0.113.7"):
        assert publicforms.ip_key(meta(forged)) == publicforms.ip_key(real)
        assert publicforms.fingerprint(meta(forged)) == publicforms.fingerprint(real)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 0
    assert publicforms.ip_key(meta("203.0.113.7")) == publicforms.ip_key(meta("198.51.100.20"))


def test_the_fingerprint_is_a_keyed_hash_of_address_and_browser(settings):
    m = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "Mozilla/5.0"}
    fp = publicforms.fingerprint(m)
    assert len(fp) == 32 and "203.0.113.7" not in fp
    assert publicforms.fingerprint({**m, "HTTP_USER_AGENT": "another phone"}) != fp
    settings.SECRET_KEY = OLD_KEY
    assert publicforms.fingerprint(m) != fp


def test_allow_counts_per_client_in_its_scope_and_per_address(settings):
    settings.SURVEYS_RATE_LIMITS = {"client": (2, 600), "ip": (3, 600)}
    phone = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "phone"}
    fp = publicforms.fingerprint(phone)
    assert [SURVEY.allow(phone, fp=fp, scope=1) for _ in range(3)] == [True, True, False]
    # The address has used 3 of its 3 (the refused one counts): another scope is still capped.
    assert not SURVEY.allow(phone, fp=fp, scope=2)
    other = {"REMOTE_ADDR": "198.51.100.20", "HTTP_USER_AGENT": "phone"}
    assert SURVEY.allow(other, fp=publicforms.fingerprint(other), scope=1)
    # The counters keep the names they had before the toolkit.
    assert cache.get(f"surveys:rl:ip:{publicforms.ip_key(phone)}") == 4
    assert cache.get(f"surveys:rl:c:1:{fp}") == 3


def test_allow_with_an_address_scope_counts_addresses_apart_per_scope(settings):
    settings.FEEDBACK_RATE_LIMITS = {"client": (100, 600), "ip": (1, 3600)}
    m = {"REMOTE_ADDR": "203.0.113.7"}
    fp = publicforms.fingerprint(m)
    assert COMPLAINT.allow(m, fp=fp, scope=1, ip_scope=1)
    assert not COMPLAINT.allow(m, fp=fp, scope=1, ip_scope=1)
    assert COMPLAINT.allow(m, fp=fp, scope=2, ip_scope=2)  # another hospital
    assert cache.get(f"feedback:rl:ip:1:{publicforms.ip_key(m)}") == 2


def test_retry_minutes_is_the_client_window(settings):
    settings.FEEDBACK_RATE_LIMITS = {"client": (3, 600), "ip": (20, 3600)}
    assert COMPLAINT.retry_minutes() == 10
    settings.FEEDBACK_RATE_LIMITS = {"client": (3, 30), "ip": (20, 3600)}
    assert COMPLAINT.retry_minutes() == 1


# --- body cap and readable text ----------------------------------------------------------------


def test_too_large_reads_the_announced_length_against_the_forms_cap(settings):
    settings.SURVEYS_MAX_BODY = 100
    settings.FEEDBACK_PUBLIC_MAX_BODY = 200
    assert not SURVEY.too_large({"CONTENT_LENGTH": "100"})
    assert SURVEY.too_large({"CONTENT_LENGTH": "101"})
    assert not COMPLAINT.too_large({"CONTENT_LENGTH": "150"})
    for malformed in ({}, {"CONTENT_LENGTH": ""}, {"CONTENT_LENGTH": "lots"}):
        assert not SURVEY.too_large(malformed)


def test_nul_and_replacement_characters_are_unreadable():
    assert publicforms.is_readable("门诊等候时间太长")
    assert not publicforms.is_readable("太吵\x00")
    assert not publicforms.is_readable("太吵\ufffd")


class _Form(publicforms.ReadableTextMixin, forms.Form):
    content = forms.CharField(label="事情经过")
    count = forms.IntegerField(required=False)


@pytest.mark.parametrize("bad", ["张\x00", "张\ufffd"])
def test_the_form_mixin_names_the_field(bad):
    form = _Form({"content": bad})
    assert not form.is_valid()
    assert form.errors["content"] == [publicforms.unreadable_message("事情经过")]
    assert "事情经过" in form.errors["content"][0]


def test_a_new_public_form_is_one_declaration():
    # A new public form is one declaration: the same machinery with its own salts and settings.
    trial = dataclasses.replace(SURVEY, name="trial", link_salt="trial.link", form_salt="trial.form")
    token = trial.link(unit_id=1, department_id=2, template_id=3)
    assert trial.read_link(token) == Target(1, 2, 3)
    with pytest.raises(InvalidToken):
        SURVEY.read_link(token)
