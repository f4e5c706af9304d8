"""Files of the ethics record (a veto's statement, an entry's proof): photos or PDF, each
checked by ``core.files`` before any is kept (the 量化考核 files' rules)."""

from chuangwen.scoring.department_files import close, prepare_files, store_all  # noqa: F401
