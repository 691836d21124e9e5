"""HttpWebhookSender: webhook POSTs over http.client, to public addresses only (no SSRF).

The host is resolved once, every address it resolves to is checked, and the connection goes
to a checked address (a second lookup could answer differently: DNS rebinding) while the
Host header, TLS SNI and certificate check still name the host. No redirect is followed.
"""

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from pybossa_core import errors, ports

MAX_RESPONSE_BYTES = 64 * 1024  # read of a receiver's answer; the rest is never read
USER_AGENT = "pybossa-falcon-webhook"
DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv4 addresses reached through a translator
TARGET = "webhook"
URL_SAFE = "/?&=%:@!$'()*+,;~"  # kept as they are in a path and query; others are escaped

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
SocketAddress = tuple[int, tuple]  # (address family, socket address) as getaddrinfo gives it
Resolver = Callable[..., list]  # socket.getaddrinfo's signature


def is_refused(address: Address) -> bool:
    """True for an address webhooks may not reach by default: private, loopback, link-local,
    multicast, reserved, unspecified, shared or otherwise not global, or an IPv6 address
    carrying such an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64)."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and is_refused(embedded):
        return True
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    if address.version == 4:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str


class HttpWebhookSender(ports.WebhookSender):
    """POSTs with a timeout per network operation; `allow_private` lifts the address rules
    (for receivers on the server's own network, and for tests on loopback)."""

    def __init__(
        self,
        timeout: float,
        allow_private: bool = False,
        resolve: Resolver = socket.getaddrinfo,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self.allow_private = allow_private
        self.resolve = resolve
        self.tls = tls or ssl.create_default_context()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> ports.WebhookResponse:
        target = _parse(url)
        connection = self._connection(target, self.addresses(target.host, target.port))
        try:
            connection.request(
                "POST", target.path, body=body, headers={**headers, "User-Agent": USER_AGENT}
            )
            response = connection.getresponse()
            data = response.read(MAX_RESPONSE_BYTES)
        except (OSError, http.client.HTTPException) as failure:
            raise errors.DeliveryFailed(f"{target.host}: {failure!r}", TARGET) from failure
        finally:
            connection.close()
        return ports.WebhookResponse(response.status, data.decode("utf-8", "replace"))

    def addresses(self, host: str, port: int) -> list[SocketAddress]:
        """Every address of the host (one lookup); DestinationRefused if any is refused."""
        try:
            found = self.resolve(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as failure:
            raise errors.DeliveryFailed(f"Cannot resolve {host}: {failure}", TARGET) from failure
        addresses = [(family, sockaddr) for family, _, _, _, sockaddr in found]
        if not addresses:
            raise errors.DeliveryFailed(f"{host} has no address", TARGET)
        if not self.allow_private:
            for _, sockaddr in addresses:
                if is_refused(ipaddress.ip_address(sockaddr[0])):
                    # Never say what the name resolves to: that would map the server's network.
                    raise _refused(f"{host} is refused as a webhook destination")
        return addresses

    def _connection(
        self, target: _Target, addresses: list[SocketAddress]
    ) -> http.client.HTTPConnection:
        if target.scheme == "https":
            return _PinnedHTTPSConnection(
                target.host, target.port, self.timeout, addresses, self.tls
            )
        return _PinnedHTTPConnection(target.host, target.port, self.timeout, addresses)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked addresses, not to whatever the host resolves to now."""

    def __init__(
        self, host: str, port: int, timeout: float, addresses: Sequence[SocketAddress]
    ) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS, with SNI and the certificate check for the host's name."""

    def __init__(
        self,
        host: str,
        port: int,
        timeout: float,
        addresses: Sequence[SocketAddress],
        tls: ssl.SSLContext,
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=tls)
        self.addresses = addresses
        self.tls = tls

    def connect(self) -> None:
        self.sock = self.tls.wrap_socket(
            _connect(self.addresses, self.timeout), server_hostname=self.host
        )


def _connect(addresses: Sequence[SocketAddress], timeout: float) -> socket.socket:
    """A TCP connection to the first address that answers (each one was checked)."""
    failure: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            failure = error
    raise failure or OSError("no address to connect to")


def _parse(url: str) -> _Target:
    """The parts of an http(s) URL; anything else is refused (there is nothing to retry)."""
    try:
        parts = urlsplit(url)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")  # an IDN's ASCII name
    except (ValueError, UnicodeError):
        raise _refused(f"{url!r} is not a valid URL") from None
    if parts.scheme not in DEFAULT_PORTS or not host:
        raise _refused(f"{url!r} is not an http or https URL")
    path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), URL_SAFE)
    return _Target(parts.scheme, host, port or DEFAULT_PORTS[parts.scheme], path)


def _refused(message: str) -> errors.DestinationRefused:
    return errors.DestinationRefused(message, TARGET, {"webhook": [message]})
