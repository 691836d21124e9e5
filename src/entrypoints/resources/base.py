"""Resource: what every resource declares for the middleware, with defaults that fit most."""


class Resource:
    """The base of every routed resource; the middleware reads these class attributes.

    `target` names what the resource's error bodies are about (None: the path decides).
    `max_body_bytes` is a body limit above the site's own, for a resource that takes bulk
    bodies (None: the site's limit). `authorization_is_not_an_api_key` says the Authorization
    header carries something else there (a project's secret key), so no api key is looked up.
    """

    target: str | None = None
    max_body_bytes: int | None = None
    authorization_is_not_an_api_key: bool = False
