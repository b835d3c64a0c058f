"""Every failure the user can see, each with its own exit status.

The CLI turns a `BrowserError` into one line on stderr and its `exit_code`;
anything else is a bug and exits with INTERNAL.  The numbers follow curl's
where curl has one, so scripts that already know curl's codes know ours.
"""
from __future__ import annotations


class ExitCode:
    """Exit statuses of the `minibrowser` command (documented in the README)."""

    OK = 0
    UNSUPPORTED_SCHEME = 1   # curl 1: unsupported protocol
    USAGE = 2                # argparse's own status for bad arguments
    BAD_URL = 3              # curl 3: URL malformed
    RESOLVE = 6              # curl 6: could not resolve host
    CONNECT = 7              # curl 7: failed to connect
    PROTOCOL = 8             # curl 8: weird server reply
    HTTP_ERROR = 22          # curl 22: HTTP status >= 400 with --fail
    WRITE = 23               # curl 23: write error
    READ_FILE = 37           # curl 37: could not read a file: URL
    TIMEOUT = 28             # curl 28: operation timed out
    TLS = 35                 # curl 35: TLS handshake failed
    TOO_MANY_REDIRECTS = 47  # curl 47: too many redirects
    CERTIFICATE = 60         # curl 60: peer certificate cannot be authenticated
    BUDGET = 63              # curl 63: maximum size exceeded (our budgets)
    CONTENT = 61             # curl 61: unrecognised content encoding / bad body
    INTERNAL = 70            # EX_SOFTWARE: a bug in minibrowser


class BrowserError(Exception):
    """An expected failure: bad input, a network problem, a hostile server."""

    exit_code = ExitCode.INTERNAL

    def one_line(self) -> str:
        """The message as one printable line (page text can never inject escapes)."""
        return sanitize(str(self))


class UsageError(BrowserError):
    exit_code = ExitCode.USAGE


class URLError(BrowserError):
    exit_code = ExitCode.BAD_URL


class UnsupportedScheme(BrowserError):
    exit_code = ExitCode.UNSUPPORTED_SCHEME


class FileReadError(BrowserError):
    exit_code = ExitCode.READ_FILE


class ResolveError(BrowserError):
    exit_code = ExitCode.RESOLVE


class ConnectError(BrowserError):
    exit_code = ExitCode.CONNECT


class TimeoutError_(BrowserError):
    """A deadline passed (connect, read, or the whole page's --max-time)."""

    exit_code = ExitCode.TIMEOUT


class TLSError(BrowserError):
    exit_code = ExitCode.TLS


class CertificateError(TLSError):
    exit_code = ExitCode.CERTIFICATE


class ProtocolError(BrowserError):
    """The peer broke HTTP/1.1 framing or syntax (RFC 9112)."""

    exit_code = ExitCode.PROTOCOL


class ContentError(BrowserError):
    """A body could not be decoded (corrupt gzip, unknown coding)."""

    exit_code = ExitCode.CONTENT


class TooManyRedirects(BrowserError):
    exit_code = ExitCode.TOO_MANY_REDIRECTS


class HTTPStatusError(BrowserError):
    exit_code = ExitCode.HTTP_ERROR


class BudgetExceeded(BrowserError):
    """A resource budget (size, count, depth, pixels) was hit."""

    exit_code = ExitCode.BUDGET


class WriteError(BrowserError):
    exit_code = ExitCode.WRITE


_CONTROL = {c: "?" for c in range(0x20) if c not in (0x09,)}
_CONTROL.update({0x7F: "?"})
_CONTROL.update({c: "?" for c in range(0x80, 0xA0)})


def sanitize(text: str, keep_newlines: bool = False) -> str:
    """Replace C0/C1 control characters (ESC among them) so text from a page
    or a server can never drive the terminal."""
    table = dict(_CONTROL)
    if keep_newlines:
        table.pop(0x0A, None)
    return text.translate(table)
