"""OpenAPI building blocks shared by the operation describers: constants, parameters, bodies."""
from apispec import APISpec
from marshmallow import Schema

from pybossa_core import queries

FAILURE = "Failure"
ERROR_STATUSES = ("400", "401", "403", "404", "405", "409", "415", "429")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
INT32 = {"type": "integer", "format": "int32", "minimum": queries.INT_MIN,
         "maximum": queries.INT_MAX}
COUNT = {"type": "integer", "format": "int32", "minimum": 0, "maximum": queries.INT_MAX}
TYPES = {int: INT32, float: {"type": "number"}, bool: {"type": "boolean"},
         str: {"type": "string"}}
JSON, TEXT = "application/json", "text/plain"
SECURITY_SCHEMES = {
    "api_key_query": {"type": "apiKey", "in": "query", "name": "api_key"},
    "api_key_header": {"type": "apiKey", "in": "header", "name": "Authorization",
                       "description": "the bare api key as the Authorization header"},
    "project_token": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                      "description": "from /api/auth/project/{short_name}/token, with "
                                     "?external_uid= for an app's own users"},
    "project_secret_key": {"type": "apiKey", "in": "header", "name": "Authorization",
                           "description": "a project's secret_key (project tokens only)"},
}
SECURITY = [{}, {"api_key_query": []}, {"api_key_header": []}, {"project_token": []}]


def schema_ref(spec: APISpec, schema: Schema) -> dict:
    """A $ref to the schema's component, registered under its class name on first use."""
    name = type(schema).__name__
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
    return {"$ref": f"#/components/schemas/{name}"}


def query(name: str, schema: dict, description: str = "", required: bool = False) -> dict:
    parameter = {"name": name, "in": "query", "required": required, "schema": schema}
    return {**parameter, "description": description} if description else parameter


def ok(content: dict | None = None, description: str = "OK") -> dict:
    return {"200": {"description": description, **({"content": content} if content else {})}}


def json_content(schema: dict) -> dict:
    return {JSON: {"schema": schema}}
