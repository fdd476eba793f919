"""The OpenAPI 3.1 description of the article API (`feeds.serving.api`), served at
/api/openapi.json.

The article's schemas, in and out, are generated from `articles.fields`; the envelopes
around them (errors, pages, the answer to a write) are written here.
"""

from __future__ import annotations

import functools

from pydantic.json_schema import models_json_schema

import config
from articles.fields import ArticleInput, ArticleJson

_REFS = "#/components/schemas/{model}"


@functools.cache
def _article_schemas() -> dict:
    """`ArticleInput` (as accepted), `Article` (as given out) and what they refer to."""
    _, found = models_json_schema([(ArticleInput, "validation"), (ArticleJson, "serialization")],
                                  ref_template=_REFS)
    schemas = found["$defs"]
    schemas["ArticleInput"] |= {
        "required": ["title"],  # an API body has no Markdown heading to take it from
        "example": {"title": "Harbour reopens after six weeks of repairs",
                    "date": "2024-03-01T09:30:00Z", "author": "Jane Doe", "tags": ["world"],
                    "image": "https://example.org/harbour.jpg",
                    "content": "The northern lock reopened on *Monday*."},
    }
    schemas["Article"] = schemas.pop("ArticleJson")
    return schemas


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def document(cfg: config.Config, *, max_limit: int, max_offset: int, max_query: int) -> dict:
    """The OpenAPI 3.0 description of this API, as served at /api/openapi.json."""
    text = {"type": "string"}
    slug = {"name": "slug", "in": "path", "required": True, "schema": text,
            "description": "The article's slug, as in /articles/<slug>"}
    errors = {
        "401": _error_response("No valid bearer token; nothing changed"),
        "503": _error_response("The store is not available; try again"),
    }
    body_errors = {
        "413": _error_response("The body is over inbox.max_bytes"),
        "415": _error_response("The body is not JSON"),
        "422": _error_response("The article is invalid; `field` names the field at fault"),
    }
    article_body = {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ArticleInput"}}}}
    saved = {"description": "Stored: `status` says whether it was added, updated or unchanged",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Saved"}}}}
    links = {
        name: {"operationId": operation, "parameters": {"slug": "$response.body#/article/slug"}}
        for name, operation in (("GetArticle", "getArticle"), ("UpdateArticle", "updateArticle"),
                                ("DeleteArticle", "deleteArticle"))
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{cfg.site.title} API",
            "version": "1",
            "description": "Manage the articles of a newsfeed site. An article sent here goes "
                           "through the same pipeline and rules as a .json file dropped "
                           "into the inbox. Deleted articles leave every feed at the next "
                           "build; their ids and slugs are never reused.",
        },
        "servers": [{"url": f"{cfg.site.base_url}api"}],
        "security": [{"bearer": []}],
        "paths": {
            "/articles": {
                "get": {
                    "operationId": "listArticles",
                    "summary": "List articles, newest first, or search them",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {**text, "maxLength": max_query},
                         "description": "Words that the title, summary or text must all hold"},
                        {"name": "category", "in": "query", "style": "form", "explode": True,
                         "schema": {"type": "array",
                                    "items": {**text, "maxLength": max_query}},
                         "description": "Only articles with one of these tags"},
                        {"name": "limit", "in": "query", "schema": {
                            "type": "integer", "minimum": 1, "maximum": max_limit,
                            "default": 20}},
                        {"name": "offset", "in": "query", "schema": {
                            "type": "integer", "minimum": 0, "maximum": max_offset,
                            "default": 0}},
                    ],
                    "responses": {
                        "200": {"description": "A page of articles", "content": {
                            "application/json": {"schema": {
                                "$ref": "#/components/schemas/ArticleList"}}}},
                        "422": _error_response("A parameter is invalid"),
                        **errors,
                    },
                },
                "post": {
                    "operationId": "createArticle",
                    "summary": "Create an article (or update the same story, as the inbox does)",
                    "requestBody": article_body,
                    "responses": {
                        "201": {**saved, "description": "Added",
                                "headers": {"Location": {"schema": text,
                                                         "description": "The article's page"}},
                                "links": links},
                        "200": saved,
                        "409": _error_response("The story was deleted; it is never published "
                                               "again"),
                        **body_errors,
                        **errors,
                    },
                },
            },
            "/articles/{slug}": {
                "parameters": [slug],
                "get": {
                    "operationId": "getArticle",
                    "summary": "One article",
                    "responses": {
                        "200": {"description": "The article", "content": {"application/json": {
                            "schema": {"type": "object", "required": ["article"],
                                       "properties": {"article": {
                                           "$ref": "#/components/schemas/Article"}}}}}},
                        "404": _error_response("No such article (or it was deleted)"),
                        **errors,
                    },
                },
                "put": {
                    "operationId": "updateArticle",
                    "summary": "Replace an article's fields; its id and slug stay",
                    "requestBody": article_body,
                    "responses": {
                        "200": saved,
                        "404": _error_response("No such article (or it was deleted)"),
                        "409": _error_response("The article was deleted meanwhile"),
                        **body_errors,
                        **errors,
                    },
                },
                "delete": {
                    "operationId": "deleteArticle",
                    "summary": "Take an article down: it leaves every feed at the next build, "
                               "Atom feeds carry a tombstone, its page answers 410 with the "
                               "reason",
                    "parameters": [{"name": "reason", "in": "query", "required": False,
                                    "description": "Why it was taken down (500 characters "
                                                   "at most)",
                                    "schema": {"type": "string"}}],
                    "requestBody": {"required": False, "content": {"application/json": {
                        "schema": {"type": "object", "properties": {"reason": {
                            "type": "string",
                            "description": "Why it was taken down (instead of ?reason=)"}}}}}},
                    "responses": {
                        "204": {"description": "Deleted"},
                        "422": _error_response("The reason is not text, or too long"),
                        "404": _error_response("No such article (or it was deleted already)"),
                        **errors,
                    },
                },
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "One of the [api] tokens"}},
            "schemas": {
                **_article_schemas(),
                "Error": {"type": "object", "required": ["error"],
                          "properties": {"error": text, "field": text}},
                "ArticleList": {
                    "type": "object",
                    "required": ["articles", "limit", "offset", "next_offset"],
                    "properties": {
                        "articles": {"type": "array",
                                     "items": {"$ref": "#/components/schemas/Article"}},
                        "limit": {"type": "integer"},
                        "offset": {"type": "integer"},
                        "next_offset": {"type": ["integer", "null"]},
                    },
                },
                "Saved": {
                    "type": "object",
                    "required": ["status", "article"],
                    "properties": {
                        "status": {"type": "string", "enum": ["added", "updated", "unchanged"]},
                        "article": {"$ref": "#/components/schemas/Article"},
                    },
                },
            },
        },
    }
