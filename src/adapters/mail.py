"""Mailers: SMTP (smtplib) for production and the log for the embedded default."""

import logging
import smtplib
import ssl as tls
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pybossa_core import errors, ports

logger = logging.getLogger(__name__)


class SmtpMailer(ports.Mailer):
    """Plain-text mail over SMTP, one connection per mail.

    `ssl=True` speaks TLS from the first byte (SMTPS, usually port 465) and makes `starttls`
    moot; otherwise `starttls=True` upgrades the connection before logging in and refuses to
    go on in clear text when the server does not offer it. Certificates are verified.
    """

    def __init__(
        self,
        host: str,
        port: int = 587,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        ssl: bool = False,
        sender: str = "pybossa@localhost",
        timeout: float = 10,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self._password = password
        self.starttls = starttls
        self.ssl = ssl
        self.sender = sender
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"SmtpMailer({self.host!r}, port={self.port}, username={self.username!r})"

    def send(self, mail: ports.Mail) -> None:
        """Deliver the mail; any SMTP or network failure raises DeliveryFailed."""
        message = self._message(mail)
        try:
            with self._connect() as smtp:
                self._secure_and_log_in(smtp)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise errors.DeliveryFailed(self._failure(exc), "mail") from exc
        logger.info("mail %s sent to %s", message["Message-ID"], mail.to)

    def _message(self, mail: ports.Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(mail.body)
        return message

    def _connect(self) -> smtplib.SMTP:
        if self.ssl:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=tls.create_default_context()
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _secure_and_log_in(self, smtp: smtplib.SMTP) -> None:
        if self.starttls and not self.ssl:
            smtp.starttls(context=tls.create_default_context())
        if self.username:
            smtp.login(self.username, self._password or "")

    def _failure(self, exc: Exception) -> str:
        """What went wrong, from the exception's type and SMTP code only: never a credential."""
        where = f"The mail server {self.host}:{self.port}"
        if isinstance(exc, smtplib.SMTPResponseException):
            return f"{where} refused the mail ({type(exc).__name__}, code {exc.smtp_code})"
        if isinstance(exc, smtplib.SMTPException):
            return f"{where} refused the mail ({type(exc).__name__})"
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return f"{where} could not be reached ({reason})"


class ConsoleMailer(ports.Mailer):
    """Writes each mail (recipient, subject, body) to a logger at INFO instead of sending it."""

    def __init__(self, logger_name: str = "pybossa.mail") -> None:
        self.logger = logging.getLogger(logger_name)

    def send(self, mail: ports.Mail) -> None:
        self.logger.info("mail to %s\nSubject: %s\n\n%s", mail.to, mail.subject, mail.body)
