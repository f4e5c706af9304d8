"""The OpenAPI document as the API really answers: every error an operation can give is
declared with the error shape of chuangwen/api/errors.py, and no two schemas share a name.

The errors come from one place (errors.py turns 401, 403, 404 and 422 into JSON for every
endpoint), so they are declared in one place too, by what an operation takes:

- 401 for every operation (all of them require a session or a token);
- 404 when the path names a record, 403 and 422 for every write (CSRF, permission, model
  validation), 422 for every operation that takes parameters or a body, 400 for every body
  (one the server cannot read at all).

An endpoint declares any other error it gives in its own ``response={...}`` with ``ErrorOut``
(e.g. 409 for a stale version); what it declares itself is kept as it is.

ninja merges the schemas of every endpoint into one ``components`` table by name, the last one
winning; two different schemas of the same name would publish one of them wrongly, so building
the document fails instead (use ``chuangwen.api.schemas.choice`` for a model's choices)."""

from http import HTTPStatus

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from .schemas import ErrorOut

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def error_statuses(operation) -> set[int]:
    """The error statuses errors.py can answer for ``operation``."""
    sources = {model.__ninja_param_source__ for model in operation.models if model.model_fields}
    writes = not set(operation.methods) <= SAFE_METHODS
    statuses = {401}
    if "path" in sources:
        statuses.add(404)
    if writes:
        statuses |= {403, 422}
    if sources:
        statuses.add(422)
    if sources & {"body", "form", "file"}:
        statuses.add(400)
    return statuses


class ChuangwenOpenAPISchema(OpenAPISchema):
    def responses(self, operation):
        result = super().responses(operation)
        ref = {"$ref": REF_TEMPLATE.format(model=ErrorOut.__name__)}
        for status in sorted(error_statuses(operation)):
            if status not in result:
                result[status] = {
                    "description": HTTPStatus(status).phrase,
                    "content": {self.api.renderer.media_type: {"schema": ref}},
                }
        self._add_error_schema()
        return dict(sorted(result.items()))

    def _add_error_schema(self) -> None:
        if ErrorOut.__name__ in self.schemas:
            return
        schema = ErrorOut.model_json_schema(
            ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode="serialization"
        )
        self.add_schema_definitions({**schema.pop("$defs", {}), ErrorOut.__name__: schema})

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            if name in self.schemas and self.schemas[name] != schema:
                raise ImproperlyConfigured(
                    f"Two different API schemas are named {name!r}: rename one of them "
                    "(for a model's choices use chuangwen.api.schemas.choice)."
                )
        super().add_schema_definitions(definitions)


class ChuangwenAPI(NinjaAPI):
    """ninja's API with the document built by ``ChuangwenOpenAPISchema``."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ChuangwenOpenAPISchema(self, path_prefix)
