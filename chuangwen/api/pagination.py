"""Page-number pagination shared by every list endpoint: 50 rows a page, at most 200."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Far past the last page of any list, and small enough that the row offset it makes stays a
# number the database can take (a page of 10¹⁸ made PostgreSQL fail with "bigint out of range").
MAX_PAGE = 1_000_000


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码")
        page_size: int | None = Field(None, ge=1, description=f"每页条数（默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}）")

    def __init__(self, page_size: int = PAGE_SIZE, max_page_size: int = MAX_PAGE_SIZE, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
