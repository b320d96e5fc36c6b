"""The schema tells the truth about errors: a drf-spectacular post-processing hook that gives
every operation the error answers it can give, in the one error shape of the API
(``exceptions.py``), so that no status a client receives is missing from ``openapi.yaml``.

- 400 (``FieldErrors``) where a body or a query parameter is read: a list of messages per
  field, ``non_field_errors`` for the whole, or ``detail`` when the body is not JSON at all;
- 401 and 403 (``Error``) where a credential is needed;
- 404 (``Error``) where the path names an object;
- 415 (``Error``) where a body is read and its media type is not one the operation takes.
"""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "Why the request was refused, in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Bad input, nothing stored: a list of messages per field (an object of the same shape for "
    "a nested field, keyed by field name or list position), `non_field_errors` for the request "
    "as a whole, or `detail` when the body could not be read at all.",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {"anyOf": [{"type": "array", "items": {}}, {"type": "object"}]},
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_FIELD_ERRORS_REF = {"$ref": "#/components/schemas/FieldErrors"}
_DESCRIPTIONS = {
    "400": "Bad input: a message per field; nothing was stored.",
    "401": "No credential, or a token that is unknown, revoked or expired.",
    "403": "The caller's role or team does not allow this.",
    "404": "No such object, or none the caller may know of.",
    "415": "The body's media type is not one this operation takes.",
}


def _content(schema_ref: dict) -> dict:
    return {"application/json": {"schema": schema_ref}}


def _statuses(operation: dict) -> dict[str, dict]:
    parameters = operation.get("parameters", [])
    reads_input = "requestBody" in operation or any(p.get("in") == "query" for p in parameters)
    authenticated = any(requirement for requirement in operation.get("security", [{}]))
    wanted = {}
    if reads_input:
        wanted["400"] = _FIELD_ERRORS_REF
    if authenticated:
        wanted["401"] = wanted["403"] = _ERROR_REF
    if any(p.get("in") == "path" for p in parameters):
        wanted["404"] = _ERROR_REF
    if "requestBody" in operation:
        wanted["415"] = _ERROR_REF
    return wanted


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: add the error answers each operation can give."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["FieldErrors"] = FIELD_ERRORS
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, ref in _statuses(operation).items():
                response = responses.setdefault(status, {"description": _DESCRIPTIONS[status]})
                response.setdefault("content", _content(ref))
                if not response.get("description"):
                    response["description"] = _DESCRIPTIONS[status]
            for status, response in responses.items():
                if status.startswith("4") and "content" not in response:
                    response["content"] = _content(_FIELD_ERRORS_REF if status == "400" else _ERROR_REF)
    return result
