"""The error body is chosen by path: PYBOSSA's web-view body outside /api, its envelope in
/api, for every kind of failure (an unexpected error, the rate limit, a redirect's absence)."""

from falcon import testing

from entrypoints.resources.base import Resource
from entrypoints.wsgi import create_app
from http_contract import ERROR_KEYS, assert_view_error

from .fakes.app import fake_services


class Broken(Resource):
    def on_get(self, req, resp) -> None:
        raise RuntimeError("a bug")


def _client(**settings) -> testing.TestClient:
    app = create_app(fake_services(settings))
    app.add_route("/project/{short_name}/broken", Broken())
    app.add_route("/api/broken", Broken())
    return testing.TestClient(app)


def test_an_unexpected_error_of_a_web_view_is_a_500_in_the_view_body():
    client = _client()
    assert_view_error(client.simulate_get("/project/birds/broken"), 500)
    api = client.simulate_get("/api/broken")
    assert api.status_code == 500 and set(api.json) >= ERROR_KEYS
    assert "a bug" not in api.text + client.simulate_get("/project/birds/broken").text


def test_the_rate_limit_of_a_web_view_answers_the_view_body():
    client = _client(rate_limit="2/minute")
    answers = [client.simulate_get("/account/nobody") for _ in range(3)]
    assert [resp.status_code for resp in answers] == [404, 404, 429]
    assert_view_error(answers[2], 429)
    assert int(answers[2].headers["Retry-After"]) >= 1


def test_an_unknown_path_outside_the_api_is_a_404_in_the_view_body():
    client = _client()
    assert_view_error(client.simulate_get("/no/such/page"), 404)
    assert set(client.simulate_get("/api/nosuchkind").json) >= ERROR_KEYS
