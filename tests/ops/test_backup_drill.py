"""The restore drills (issue 18): the demo backed up, everything wiped (every table dropped, the
media folder removed), restored; every table's row count and every file's sha256 compared with
before. The second drill backs up while survey responses keep arriving from another thread: the
restored database is the snapshot's, with no answer without its response.

The demo is loaded once for the module and committed (the drills wipe it, so no test transaction
could hold it). The drills are transactional tests: the test database is theirs, never the
configured one, and it is flushed after each."""

import threading
import time
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.models import Count
from django.test import Client, override_settings

from bench.bench_backup import file_hashes, row_counts, wipe
from chuangwen.core.management.commands.load_demo import DEMO_PASSWORD
from chuangwen.ops.backup import backup_restore, backup_write
from chuangwen.org.models import Unit, User
from chuangwen.surveys.models import Answer, Question, Response, SurveyTemplate
from chuangwen.surveys.services import clean_answers, response_submit

pytestmark = pytest.mark.django_db(transaction=True)

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(scope="module")
def demo_backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded and committed once for the module, and a backup of it to bring it back
    after a drill (the test database is flushed after each transactional test): (media folder,
    backup folder)."""
    media, golden = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("demo") / "backup"
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER, TASKS=IMMEDIATE, CACHES=LOCMEM):
        with django_db_blocker.unblock():
            call_command("load_demo", stdout=StringIO())
            backup_write(golden, log=lambda *a: None)
        try:
            yield media, golden
        finally:
            with django_db_blocker.unblock():
                if connection.introspection.table_names():
                    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_backup, transactional_db, settings):
    """The demo's media folder, the demo in the database (brought back after an earlier drill)."""
    media, golden = demo_backup
    settings.MEDIA_ROOT = media
    if not Unit.objects.exists():
        backup_restore(golden, log=lambda *a: None)
    return media


def test_restore_drill_of_the_demo(demo, tmp_path):
    rows, files = row_counts(), file_hashes(demo)
    assert rows["evidence_evidencefile"] > 50 and rows["surveys_answer"] > 1000 and len(files) > 200

    backup_write(tmp_path / "backup", log=lambda *a: None)
    wipe(demo)
    assert connection.introspection.table_names() == [] and not demo.exists()
    summary = backup_restore(tmp_path / "backup", log=lambda *a: None)

    assert row_counts() == rows
    assert file_hashes(demo) == files
    assert summary["files"] == len(files) and summary["missing_at_backup"] == 0
    office = User.objects.get(username="chuangban")
    assert office.check_password(DEMO_PASSWORD)
    client = Client()
    client.force_login(office)
    assert client.get("/").status_code == 200


class Submitter(threading.Thread):
    """Submits survey responses through the service the public form calls, until stopped."""

    def __init__(self, template: SurveyTemplate):
        super().__init__(daemon=True)
        self.template = template
        self.department = template.unit.departments.first()
        questions = list(template.questions.filter(is_active=True).order_by("order", "id"))
        raw = {q.pk: "4" if q.kind == Question.Kind.RATING else "1" for q in questions if q.kind != Question.Kind.TEXT}
        clean = clean_answers(questions, raw)
        assert not clean.errors and clean.answers
        self.answers = clean.answers
        self.stored = 0
        self.error: BaseException | None = None
        self.halt = threading.Event()

    def run(self):
        try:
            while not self.halt.is_set():
                try:
                    response_submit(
                        template=self.template,
                        department=self.department,
                        answers=self.answers,
                        idempotency_key=f"drill-{uuid.uuid4().hex}",
                    )
                    self.stored += 1
                except OperationalError as exc:
                    # SQLite's shared in-memory test database answers "table is locked" while the
                    # backup copies it (a file database in WAL mode lets writers go on).
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            self.error = exc
        finally:
            connection.close()

    def wait_until_stored(self, n: int) -> None:
        while self.stored < n:
            if self.error is not None:
                raise self.error
            assert self.is_alive()
            time.sleep(0.02)


def test_restore_drill_of_a_backup_taken_while_responses_arrive(demo, tmp_path):
    template = SurveyTemplate.objects.filter(questions__is_active=True).distinct().order_by("pk").first()
    submitter = Submitter(template)
    demo_responses = Response.objects.count()
    submitter.start()
    try:
        submitter.wait_until_stored(5)
        # Counted by the thread: on SQLite's shared in-memory test database a COUNT here could
        # meet the writer's table lock.
        before_backup = demo_responses + submitter.stored
        out = backup_write(tmp_path / "backup", log=lambda *a: None)
        submitter.wait_until_stored(submitter.stored + 5)
    finally:
        submitter.halt.set()
        submitter.join()
    if submitter.error is not None:
        raise submitter.error
    before_wipe = Response.objects.count()

    wipe(demo)
    backup_restore(tmp_path / "backup", log=lambda *a: None)

    restored = Response.objects.count()
    assert before_backup <= restored < before_wipe
    assert restored == out["tables"]["surveys_response"]
    assert Answer.objects.count() == out["tables"]["surveys_answer"]
    assert not Answer.objects.exclude(response_id__in=Response.objects.values("pk")).exists()
    drill = Response.objects.filter(idempotency_key__startswith="drill-").annotate(n=Count("answers"))
    assert drill.count() >= 5
    assert set(drill.values_list("n", flat=True)) == {len(submitter.answers)}
