"""The JSON account endpoints over in-memory fakes."""

from entrypoints.wsgi import create_app
from http_accounts import *  # noqa: F403
from http_accounts import Browser, _register
from http_contract import make_api_client

from .fakes.app import fake_services
from .test_http_api import api  # noqa: F401  (the fixture)


def test_the_sign_in_and_mail_throttles_take_their_settings():
    services = fake_services(
        {
            "rate_limit_enabled": False,
            "sign_in_failures_per_account": "2/hour",
            "account_mails_per_address": "1/hour",
        }
    )
    client = make_api_client(create_app(services), services)
    _register(client)
    browser = Browser(client)
    browser.get("/account/signin")
    answers = [
        browser.post("/account/signin", {"email": "dana@example.com", "password": "x"})
        for _ in range(3)
    ]
    assert [resp.status_code for resp in answers] == [200, 200, 429]
    browser.get("/account/forgot-password")
    mails = [
        browser.post("/account/forgot-password", {"email_addr": "dana@example.com"})
        for _ in range(2)
    ]
    assert [resp.status_code for resp in mails] == [200, 429]
