"""Writes of activities (活动与学习): activities and their photos, attendance (QR sign-in, paper
sheets, leave), study notes and targets. Each checks the actor's right, runs in a transaction
and keeps history; what callers use is re-exported here."""

from .activities import (  # noqa: F401
    activity_add_photos,
    activity_archive,
    activity_create,
    activity_photo_archive,
    activity_update,
    roster_resolve,
)
from .attendance import attendance_leave, attendance_paper, paper_rows, sign_in  # noqa: F401
from .notes import count_words, note_save, target_set  # noqa: F401
