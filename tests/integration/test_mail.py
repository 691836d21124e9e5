"""SmtpMailer against an SMTP sink on loopback; ConsoleMailer writes to the log."""

import email
import logging
import socket
from email import policy

import pytest

from adapters.mail import ConsoleMailer, SmtpMailer
from pybossa_core import errors
from pybossa_core.ports import Mail

from .smtp_sink import SmtpSink

PASSWORD = "s3cret-Pa55"
WELCOME = Mail(to="ada@example.com", subject="Welcome to PYBOSSA", body="Hello Ada,\n.\nBye")


@pytest.fixture
def sink():
    with SmtpSink(password=PASSWORD) as sink:
        yield sink


def _mailer(port: int, **options) -> SmtpMailer:
    options = {"starttls": False, "sender": "noreply@pybossa.test", "timeout": 5, **options}
    return SmtpMailer("127.0.0.1", port, **options)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_arrives_with_its_envelope_headers_and_body(sink):
    _mailer(sink.port).send(WELCOME)
    [received] = sink.state.mails
    assert (received.sender, received.recipients) == ("noreply@pybossa.test", ["ada@example.com"])
    message = email.message_from_bytes(received.data, policy=policy.default)
    assert (message["From"], message["To"]) == ("noreply@pybossa.test", "ada@example.com")
    assert message["Subject"] == "Welcome to PYBOSSA"
    assert message["Date"] and message["Message-ID"].endswith("@pybossa.test>")
    assert message.get_content() == "Hello Ada,\n.\nBye\n"


def test_non_ascii_subjects_and_bodies_survive(sink):
    _mailer(sink.port).send(Mail(to="zoe@example.com", subject="Café ✓", body="Grüße ✓"))
    message = email.message_from_bytes(sink.state.mails[0].data, policy=policy.default)
    assert (message["Subject"], message.get_content()) == ("Café ✓", "Grüße ✓\n")


def test_the_mailer_logs_in_and_opens_a_connection_per_mail(sink):
    mailer = _mailer(sink.port, username="pybossa", password=PASSWORD)
    mailer.send(WELCOME)
    mailer.send(WELCOME)
    assert sink.state.logins == [("pybossa", PASSWORD)] * 2
    assert sink.state.connections == 2 and len(sink.state.mails) == 2


def test_a_refused_login_fails_delivery_without_telling_the_password(sink):
    mailer = _mailer(sink.port, username="pybossa", password="wrong-" + PASSWORD)
    with pytest.raises(errors.DeliveryFailed) as failure:
        mailer.send(WELCOME)
    assert "535" in failure.value.message and failure.value.target == "mail"
    assert PASSWORD not in failure.value.message and PASSWORD not in repr(mailer)
    assert sink.state.mails == []


def test_a_server_without_starttls_gets_no_login_and_no_mail(sink):
    mailer = _mailer(sink.port, starttls=True, username="pybossa", password=PASSWORD)
    with pytest.raises(errors.DeliveryFailed):
        mailer.send(WELCOME)
    assert sink.state.logins == [] and sink.state.mails == []


def test_tls_to_a_plain_server_fails_delivery(sink):
    with pytest.raises(errors.DeliveryFailed):
        _mailer(sink.port, ssl=True).send(WELCOME)
    assert sink.state.mails == []


def test_a_closed_port_fails_delivery():
    mailer = _mailer(_closed_port(), username="pybossa", password=PASSWORD)
    with pytest.raises(errors.DeliveryFailed) as failure:
        mailer.send(WELCOME)
    assert "could not be reached" in failure.value.message
    assert PASSWORD not in failure.value.message


def test_the_console_mailer_writes_the_mail_to_the_log(caplog):
    with caplog.at_level(logging.INFO, logger="pybossa.mail"):
        ConsoleMailer().send(WELCOME)
    [record] = caplog.records
    assert record.name == "pybossa.mail" and record.levelno == logging.INFO
    text = record.getMessage()
    assert all(part in text for part in ("ada@example.com", "Welcome to PYBOSSA", "Hello Ada"))
