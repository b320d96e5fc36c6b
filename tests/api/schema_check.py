"""Check a real response against the response the generated OpenAPI schema documents for
its path, method and status, with ``jsonschema`` (OpenAPI 3.0's ``nullable`` made JSON Schema)."""

from __future__ import annotations

import copy
import re

import jsonschema
from django.urls import resolve
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

_SCHEMA: dict | None = None


def generated() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        with translation.override("en"):
            _SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
    return _SCHEMA


def _json_schema(node):
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _template(path: str) -> str:
    """The schema's path for a real one: /api/v1/cases/7 -> /api/v1/cases/{id}."""
    path = path.split("?")[0]
    match = resolve(path)
    for template in generated()["paths"]:
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and resolve(re.sub(r"\{[^}]+\}", "1", template)).func == match.func:
            return template
    raise AssertionError(f"{path} is not in the schema")


def check(response, path: str, method: str) -> None:
    """Fail unless ``response`` (status, media type, body) is what the schema documents."""
    schema = generated()
    operation = schema["paths"][_template(path)][method.lower()]
    documented = operation["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {path}: {status} is not documented ({sorted(documented)})"
    content = documented[status].get("content")
    if not content:
        assert not response.content, f"{method} {path}: {status} documents no body but has one"
        return
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body_schema = copy.deepcopy(content["application/json"]["schema"])
    document = {**_json_schema(body_schema), "components": _json_schema(schema["components"])}
    jsonschema.validate(response.json(), document, cls=jsonschema.Draft202012Validator)
