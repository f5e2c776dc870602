"""How the OpenAPI schema describes what every operation may answer, in one place.

drf-spectacular documents the successful response of each operation. `TrackerAutoSchema` adds the
errors the API really gives (DRF's exception handler, the filters, the pagination, the throttle):

- 400 `ValidationError` — invalid query parameters on lists, invalid bodies on writes: an object
  of field (or parameter) names to lists of messages; nested records give one object per item.
- 401 `Error` — credentials missing (on writes) or not valid (on any request), with the
  `WWW-Authenticate` challenge; 403 `Error` — an account without the model's permission.
- 404 `Error` — no record with that key (every operation with a path parameter), or a `format`
  query parameter naming no renderer (DRF's content negotiation, on any operation).
- 409 `Error` — a delete refused because other records still refer to the record.
- 413 `Error` — a write whose body is over Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, always JSON.
- 429 `Error` — too many requests from one address, with `Retry-After`.

The body comes in the format the request asked for, so an operation with the CSV renderer also
lists `text/csv` (a CSV text, not JSON) for its errors and for single records.
It also describes the parameters drf-spectacular leaves undescribed (path keys, `format`,
`ordering`, `page_size`, `cursor`).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

CSV_MEDIA_TYPE = "text/csv"

MESSAGES = {
    "anyOf": [
        {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/NestedErrors"}]},
        },
        {"$ref": "#/components/schemas/NestedErrors"},
    ],
    "description": "Messages for one field: a list of texts; for a nested list, one object per item.",
}

COMPONENTS = {
    "ErrorMessages": MESSAGES,
    "NestedErrors": {
        "type": "object",
        "description": "Errors of a nested record: its field names to their messages.",
        "additionalProperties": {"$ref": "#/components/schemas/ErrorMessages"},
    },
    "ValidationError": {
        "type": "object",
        "description": (
            "What is wrong with the request: each invalid field or query parameter with its "
            "messages, `non_field_errors` (or `__all__`) for the record as a whole, and nested "
            "lists item by item. A body that cannot be read at all gives `detail`."
        ),
        "properties": {
            "detail": {"type": "string", "description": "Why the body could not be read."},
            "non_field_errors": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": {"$ref": "#/components/schemas/ErrorMessages"},
        "example": {"country": ["“XX” is not an ISO country code (such as PK or TR)."]},
    },
    "Error": {
        "type": "object",
        "description": "Why the request was refused.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "example": {"detail": "Not found."},
    },
}

CSV_ERROR = {"type": "string", "description": "CSV: `field,message` lines."}

WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "How to authenticate: `Token`.",
        "schema": {"type": "string", "example": "Token"},
    }
}

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}

PATH_PARAMETERS = {
    "code": "The country's ISO 3166-1 alpha-2 code, in any case (`pk` or `PK`).",
    "slug": "The record's slug, in any case.",
    "id": "The record's id.",
}


class TrackerAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the tracker's error responses and parameter texts."""

    # Responses ---------------------------------------------------------------------------------

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in responses.items():
            self._describe_csv(response)
            if not response.get("description"):
                response["description"] = self._success_description(code)
        for code, response in self._error_responses().items():
            responses.setdefault(code, response)
        return responses

    def _success_description(self, code: str) -> str:
        if code == "201":
            return "The record as saved."
        if self._is_list_view():
            return "A page of matching records (with `format=csv`, every matching row)."
        return "The record."

    def _describe_csv(self, response: dict) -> None:
        content = response.get("content", {})
        if CSV_MEDIA_TYPE in content:
            what = "every matching row" if self._is_list_view() else "the record as `field,value` lines"
            content[CSV_MEDIA_TYPE] = {"schema": {"type": "string", "description": f"CSV: {what}."}}

    def _error_responses(self) -> dict[str, dict]:
        method = self.method.upper()
        writes = method in {"POST", "PUT", "PATCH", "DELETE"}
        has_key = "{" in self.path
        responses: dict[str, dict] = {}
        if (writes and method != "DELETE") or (method == "GET" and not has_key):
            responses["400"] = self._error(
                "ValidationError",
                "The request body is not valid." if writes else "A query parameter is not valid.",
            )
        responses["401"] = self._error(
            "Error",
            "Writing needs credentials (`Authorization: Token <key>`, or a session); credentials "
            "that are not valid are refused on any request.",
            headers=WWW_AUTHENTICATE,
        )
        if writes:
            responses["403"] = self._error(
                "Error", "The account lacks the model's permission (or, with a session, the CSRF token)."
            )
        # DRF answers 404 to a `format` it has no renderer for, on any operation.
        responses["404"] = self._error(
            "Error",
            "There is no record with this key, or no `format` of that name."
            if has_key
            else "There is no `format` of that name.",
        )
        if method == "DELETE":
            responses["409"] = self._error("Error", "Other records still refer to this one.")
        if writes and method != "DELETE":
            # Answered by Django's handler (relations/api/errors.py) before DRF reads the body: JSON.
            responses["413"] = {
                "description": "The body is larger than the server reads (2.5 MB unless configured).",
                "content": {"application/json": {"schema": self._component("Error")}},
            }
        responses["429"] = self._error("Error", "Too many requests; try again later.", headers=RETRY_AFTER)
        return responses

    def _error(self, component: str, description: str, headers: dict | None = None) -> dict:
        ref = self._component(component)
        content = {}
        for media_type in self.map_renderers("media_type"):
            if media_type == CSV_MEDIA_TYPE:
                content[media_type] = {"schema": CSV_ERROR}
            else:
                content[media_type] = {"schema": ref}
        response: dict = {"description": description}
        if headers:
            response["headers"] = headers
        if content:
            response["content"] = content
        return response

    def _component(self, name: str) -> dict:
        for dependency in _dependencies(name):
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=dependency,
                    type=ResolvedComponent.SCHEMA,
                    schema=COMPONENTS[dependency],
                    object=f"tracker-error-{dependency}",
                )
            )
        return {"$ref": f"#/components/schemas/{name}"}

    # Parameters --------------------------------------------------------------------------------

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "path" and parameter["schema"].get("pattern") == "^[0-9]+$":
                # A numeric key (the router's regex keeps other text out): an id.
                parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter.get("description"):
                continue
            description = self._parameter_description(parameter)
            if description:
                parameter["description"] = description
        return parameters

    def _parameter_description(self, parameter: dict) -> str:
        name = parameter["name"]
        if parameter["in"] == "path":
            return PATH_PARAMETERS.get(name, "")
        if name == "format":
            return "`json` (the default) or `csv`."
        return ""

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        paginator = self._get_paginator()
        for parameter in parameters:
            if parameter["name"] == "cursor":
                parameter["description"] = (
                    "Where the page starts: take it from the `next` or `previous` link. "
                    "A cursor that was not given by the API is a 400."
                )
            elif parameter["name"] == "page_size" and paginator is not None:
                parameter["description"] = (
                    f"Rows per page: {paginator.page_size} unless given, at most {paginator.max_page_size}."
                )
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        fields = getattr(self.view, "ordering_fields", None)
        for parameter in parameters:
            if parameter["name"] == "ordering" and isinstance(fields, list | tuple):
                names = ", ".join(f"`{field}`" for field in fields)
                default = ", ".join(f"`{field}`" for field in getattr(self.view, "ordering", []) or [])
                parameter["description"] = (
                    f"Sort by {names}; a leading `-` sorts in descending order, a comma joins several. "
                    f"Default: {default}. Unknown names are ignored."
                )
        return parameters


def _dependencies(name: str) -> list[str]:
    """The component and the components it refers to."""
    if name == "ValidationError":
        return ["ValidationError", "ErrorMessages", "NestedErrors"]
    return [name]
