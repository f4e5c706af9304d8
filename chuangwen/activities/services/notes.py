"""Study notes (学习笔记) of study sessions, with word counts, and the yearly targets the office
sets (seed 003 篇四 二1: targets in words per person)."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import files
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Person

from ..models import Activity, Attendance, StudyNote, StudyTarget

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+")
MAX_WORDS = 100_000


def count_words(text: str) -> int:
    """字数 as Chinese offices count it: each Chinese character, plus each Latin word or number."""
    return len(_HAN.findall(text or "")) + len(_WORD.findall(text or ""))


def _person_of(user) -> Person:
    person = Person.objects.filter(user=user, is_active=True).first()
    if person is None:
        raise PermissionDenied
    return person


@transaction.atomic
def note_save(*, activity: Activity, user, text: str = "", photo=None, word_count: int | None = None) -> StudyNote:
    """The user's own notes of a study session she was invited to or attended: typed (the words
    are counted) or a photo of a handwritten page with the word count she types. Saving again
    replaces the text (the history keeps the earlier one)."""
    person = _person_of(user)
    if person.unit_id != activity.unit_id or activity.is_archived:
        raise PermissionDenied
    invited = activity.roster.filter(pk=person.pk).exists()
    if not invited and not Attendance.objects.filter(activity=activity, person=person).exists():
        raise PermissionDenied
    if not activity.kind.is_study:
        raise ValidationError({"activity": _("Notes are kept of study sessions only.")})
    text = (text or "").strip()
    note = StudyNote.objects.select_for_update().filter(activity=activity, person=person).first() or StudyNote(
        activity=activity, person=person, unit_id=activity.unit_id, department_id=person.department_id
    )
    note.year = timezone.localtime(activity.starts_at).year
    note.text = text
    if photo is not None:
        prepared = files.prepare_all([photo], _prepare_page, field="photo")[0]
        try:
            files.store(prepared, note, file_field="photo", thumbnail_field="photo_thumbnail")
            note.photo_content_type = prepared.type.content_type
        finally:
            prepared.close()
    if text:
        note.word_count = count_words(text)
    elif note.photo:
        if word_count is None or not 0 < word_count <= MAX_WORDS:
            raise ValidationError({"word_count": _("Type the number of words on the photographed page (1 to 100000).")})
        note.word_count = word_count
    else:
        raise ValidationError({"text": _("Type your notes, or add a photo of the handwritten page.")})
    note._history_user = user
    note.save()
    return note


def _prepare_page(upload):
    from chuangwen.inspections.services.photos import prepare_photo

    return prepare_photo(upload)


@transaction.atomic
def target_set(*, user, unit, year: int, words_per_person: int, kind=None) -> StudyTarget:
    """The office sets (or changes) a yearly target in words per person, for one kind of study
    session or, without ``kind``, for all of them."""
    if not can_in_unit(user, StudyTarget, unit, CHANGE):
        raise PermissionDenied
    if kind is not None and (not kind.is_study or kind.unit_id not in (None, unit.pk)):
        raise ValidationError({"kind": _("Choose a kind of study session.")})
    if not 0 < words_per_person <= MAX_WORDS * 10:
        raise ValidationError({"words_per_person": _("Give a number of words from 1 to 1000000.")})
    target = StudyTarget.objects.select_for_update().filter(unit=unit, year=year, kind=kind).first()
    target = target or StudyTarget(unit=unit, year=year, kind=kind)
    target.words_per_person = words_per_person
    target._history_user = user
    target.full_clean(validate_constraints=False)
    target.save()
    return target
