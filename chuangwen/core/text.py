"""The readable-text checks now live in ``chuangwen.core.publicforms``. These names stay only for
``surveys/services.py``, which part 1 of issue 12 splits: delete this module once its pieces
import the toolkit."""

from .publicforms import UNREADABLE, ReadableTextMixin, is_readable, unreadable_message

__all__ = ["UNREADABLE", "ReadableTextMixin", "is_readable", "unreadable_message"]
