"""The survey's signed tokens now live in ``chuangwen.core.publicforms`` (``SURVEY``). These names
stay only for ``fastlane.py`` and the lean handler's tests, which part 1 of issue 12 deletes:
delete this module with them."""

from chuangwen.core.publicforms import SURVEY, InvalidToken
from chuangwen.core.publicforms import Target as QrTarget

qr_token = SURVEY.link
read_qr_token = SURVEY.read_link
form_token = SURVEY.form_token

__all__ = ["InvalidToken", "QrTarget", "form_token", "qr_token", "read_qr_token"]
