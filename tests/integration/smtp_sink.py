"""A tiny SMTP server on loopback that keeps what it receives (EHLO, AUTH PLAIN, MAIL, RCPT,
DATA, RSET, NOOP, QUIT) for tests; no STARTTLS."""

import base64
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    """One mail as the sink got it: the envelope and the message bytes (LF line ends)."""

    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SinkState:
    password: str | None = None
    """The only password AUTH accepts; None accepts any."""
    mails: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    connections: int = 0


class _Session(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self) -> None:
        """Converse until QUIT; a client that hangs up early (a TLS client) just ends it."""
        state: SinkState = self.server.state
        state.connections += 1
        self.sender, self.recipients = "", []
        try:
            self._reply("220 sink ESMTP")
            while line := self.rfile.readline():
                verb, _, argument = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
                if not self._answer(verb.upper(), argument, state):
                    return
        except ConnectionError:
            return

    def _answer(self, verb: str, argument: str, state: SinkState) -> bool:
        if verb in ("EHLO", "HELO"):
            self._reply("250-sink", "250-AUTH PLAIN", "250 8BITMIME")
        elif verb == "AUTH":
            self._authenticate(argument, state)
        elif verb == "MAIL":
            self.sender = argument.partition(":")[2].split(" ")[0].strip("<>")
            self._reply("250 OK")
        elif verb == "RCPT":
            self.recipients.append(argument.partition(":")[2].strip().strip("<>"))
            self._reply("250 OK")
        elif verb == "DATA":
            self._reply("354 go on")
            state.mails.append(Received(self.sender, self.recipients, self._data()))
            self._reply("250 queued")
        elif verb == "QUIT":
            self._reply("221 bye")
            return False
        else:
            self._reply("250 OK" if verb in ("RSET", "NOOP") else "502 not here")
        return True

    def _authenticate(self, argument: str, state: SinkState) -> None:
        _, _, encoded = argument.partition(" ")
        _, user, password = base64.b64decode(encoded).decode("utf-8").split("\0")
        state.logins.append((user, password))
        accepted = state.password is None or password == state.password
        self._reply("235 welcome" if accepted else "535 authentication failed")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines).replace(b"\r\n", b"\n")

    def _reply(self, *lines: str) -> None:
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode("utf-8"))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """`with SmtpSink() as sink:` serves on 127.0.0.1:`sink.port` until the block ends."""

    def __init__(self, password: str | None = None) -> None:
        self.state = SinkState(password=password)
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.state = self.state
        self.port = self._server.server_address[1]

    def __enter__(self) -> "SmtpSink":
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
