"""The webhook sender's address rules (no SSRF): private, loopback, link-local and the like are
refused unless allowed; every address a host resolves to is checked. No I/O: the resolver is
injected, and a refused destination is refused before any connection."""

import ipaddress
import socket

import pytest

from adapters.webhook_sender import HttpWebhookSender, is_refused
from pybossa_core import errors

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "240.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "2002:7f00:1::1",
    "2002:a00:1::1",
    "64:ff9b::7f00:1",
]
PUBLIC = ["8.8.8.8", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111"]


def resolving_to(*addresses: str):
    """A getaddrinfo that answers with `addresses`; each call is kept in `resolve.hosts`."""

    def resolve(host, port, type=0):
        resolve.hosts.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    resolve.hosts = []
    return resolve


def echoing(host, port, type=0):
    """getaddrinfo for literal IP hosts, without asking anyone."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return [(family, socket.SOCK_STREAM, 6, "", (host, port))]


def sender(allow_private=False, resolve=echoing) -> HttpWebhookSender:
    return HttpWebhookSender(timeout=1, allow_private=allow_private, resolve=resolve)


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address):
    assert is_refused(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    assert not is_refused(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", REFUSED)
def test_a_url_naming_a_refused_address_is_refused_before_connecting(address):
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(errors.DestinationRefused) as refused:
        sender().post(f"http://{host}:8080/hook", b"{}", {})
    assert refused.value.target == "webhook" and address in refused.value.message


@pytest.mark.parametrize("address", REFUSED)
def test_the_setting_allows_refused_addresses(address):
    assert sender(allow_private=True).addresses(address, 80)[0][1][0] == address


def test_a_hostname_resolving_to_loopback_is_refused():
    resolve = resolving_to("127.0.0.1")
    with pytest.raises(errors.DestinationRefused):
        sender(resolve=resolve).post("https://hooks.example.com/in", b"{}", {})
    assert resolve.hosts == ["hooks.example.com"]


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    resolve = resolving_to("93.184.216.34", "2606:4700:4700::1111", "10.1.2.3")
    with pytest.raises(errors.DestinationRefused):
        sender(resolve=resolve).addresses("hooks.example.com", 443)


def test_a_hostname_resolving_to_public_addresses_is_allowed():
    resolve = resolving_to("93.184.216.34", "2606:4700:4700::1111")
    found = sender(resolve=resolve).addresses("hooks.example.com", 443)
    assert [sockaddr[0] for _, sockaddr in found] == ["93.184.216.34", "2606:4700:4700::1111"]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.com/in",
        "file:///etc/passwd",
        "http:///no-host",
        "http://hooks.example.com:99999/",
        "gopher://127.0.0.1:6379/_INFO",
        "not a url",
    ],
)
def test_urls_that_are_not_http_or_https_are_refused(url):
    with pytest.raises(errors.DestinationRefused):
        sender(allow_private=True).post(url, b"{}", {})


def test_a_host_that_does_not_resolve_is_a_failure_to_retry():
    def unknown(host, port, type=0):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(errors.DeliveryFailed) as failed:
        sender(resolve=unknown).post("https://nowhere.example/in", b"{}", {})
    assert not isinstance(failed.value, errors.DestinationRefused)
    assert "nowhere.example" in failed.value.message


def test_an_international_host_is_looked_up_by_its_ascii_name():
    resolve = resolving_to("10.0.0.1")
    with pytest.raises(errors.DestinationRefused):
        sender(resolve=resolve).post("https://bücher.example/straße", b"{}", {})
    assert resolve.hosts == ["xn--bcher-kva.example"]


@pytest.mark.parametrize("address", ["10.1.2.3", "127.0.0.1", "169.254.169.254", "fd00::7"])
def test_a_refusal_does_not_tell_what_the_host_resolves_to(address):
    resolve = resolving_to("93.184.216.34", address)
    with pytest.raises(errors.DestinationRefused) as refused:
        sender(resolve=resolve).post("https://hooks.example.com/in", b"{}", {})
    assert refused.value.message == "hooks.example.com is refused as a webhook destination"
    assert address not in str(refused.value.errors) and "93.184" not in refused.value.message
