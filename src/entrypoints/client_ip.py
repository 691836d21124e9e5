"""The caller's IP address, taking X-Forwarded-For only from the proxies we were told to trust."""

import ipaddress

import falcon


def client_ip(req: falcon.Request, trusted_hops: int) -> str:
    """remote_addr, or with N trusted proxies the N-th X-Forwarded-For address from the right."""
    # Each proxy appends the address it was connected from, so the rightmost N entries were
    # written by our own proxies; anything further left came from the client and may be forged.
    # With fewer entries than trusted hops, or an entry that is not an address, remote_addr wins.
    if trusted_hops <= 0:
        return req.remote_addr
    header = req.get_header("X-Forwarded-For")
    if not header:
        return req.remote_addr
    forwarded = header.split(",")
    if len(forwarded) < trusted_hops:
        return req.remote_addr
    return _address(forwarded[-trusted_hops].strip()) or req.remote_addr


def _address(text: str) -> str | None:
    """The canonical form of an IPv4 or IPv6 address, or None when `text` is not one."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
