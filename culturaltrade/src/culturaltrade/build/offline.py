"""Keep the compendium offline: refuse every network connection from this process.

Every number comes from ``data/``; a notebook that tried to fetch something would make the
results depend on a server's state on the day of the run. :func:`install` patches Python's
socket layer so that connecting to, sending to or resolving any host other than this machine
raises :class:`NetworkAccessError`. Loopback stays open, because Jupyter talks to its kernels
over local sockets (ZeroMQ's own sockets are not Python sockets and are unaffected anyway).

Where it is installed
    * in every notebook kernel: the ``cultural-trade`` kernel starts through
      :mod:`culturaltrade.build.kernel`, which calls :func:`install` first (so papermill, nbval and
      JupyterLab all run the notebooks offline);
    * in the test process (``tests/conftest.py``).

If ``$CULTURAL_TRADE_NETWORK_LOG`` names a file, each refused attempt is also appended to it,
so that the pipeline can fail a run even when a library caught the error and carried on.
"""

from __future__ import annotations

import ipaddress
import os
import socket

NETWORK_LOG_ENV = "CULTURAL_TRADE_NETWORK_LOG"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkAccessError(ConnectionRefusedError):
    """A connection to another machine was attempted; this compendium runs offline."""


def _is_local_host(host) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): a local bind address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%", 1)[0].lower()
    if host in _LOCAL_NAMES or host == "":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name other than localhost: resolving it is already network access
    return address.is_loopback or address.is_unspecified


def _is_local_address(address) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path
    if isinstance(address, tuple) and address:
        return _is_local_host(address[0])
    return False


def _refuse(what: str):
    message = (f"network access is disabled in this compendium (attempted: {what}); "
               f"every input must come from data/")
    log = os.environ.get(NETWORK_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(what + "\n")
    raise NetworkAccessError(message)


def install() -> None:
    """Patch the socket layer of this process (idempotent)."""
    if getattr(socket, "_culturaltrade_offline", False):
        return
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):
        if not _is_local_address(address):
            _refuse(f"connect to {address!r}")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if not _is_local_address(address):
            _refuse(f"connect to {address!r}")
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        address = args[-1]
        if not _is_local_address(address):
            _refuse(f"send to {address!r}")
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _is_local_host(host):
            _refuse(f"resolve {host!r}")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.socket.sendto = guarded_sendto
    socket.getaddrinfo = guarded_getaddrinfo
    socket._culturaltrade_offline = True
