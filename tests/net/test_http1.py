"""The sans-I/O HTTP/1.1 codec, rule by rule (the R-numbers are those in net/http1.py)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from minibrowser.errors import ProtocolError
from minibrowser.net import http1


def parse(wire: bytes, method: str = "GET", eof: bool = True, step: int | None = None):
    """Feed `wire` (in pieces of `step` bytes if given) and collect head, body and the end event."""
    reader = http1.ResponseReader(method)
    pieces = [wire] if step is None else [wire[i:i + step] for i in range(0, len(wire), step)]
    if eof:
        pieces.append(b"")
    head, body, end = None, b"", None
    for piece in pieces:
        reader.feed(piece)
        while True:
            event = reader.next_event()
            if event is http1.NEED_DATA:
                break
            if isinstance(event, http1.ResponseHead):
                head = event
            elif isinstance(event, http1.Data):
                body += event.data
            else:
                end = event
                return head, body, end, reader
    return head, body, end, reader


# ---- R15: requests
def test_request_bytes():
    wire = http1.encode_request("POST", "/form?a=1", [("Host", "example.test"), ("X-A", "b")], b"k=v")
    assert wire == b"POST /form?a=1 HTTP/1.1\r\nHost: example.test\r\nX-A: b\r\nContent-Length: 3\r\n\r\nk=v"
    assert http1.encode_request("GET", "/", [("Host", "h")]) == b"GET / HTTP/1.1\r\nHost: h\r\n\r\n"
    assert http1.encode_request("PUT", "/", [("Host", "h")], b"").endswith(b"Content-Length: 0\r\n\r\n")


@pytest.mark.parametrize("method, target, headers", [
    ("GE T", "/", []), ("GET", "/a b", []), ("GET", "/\x00", []),
    ("GET", "/", [("X-A", "1\r\nInjected: yes")]), ("GET", "/", [("Bad Name", "v")]),
    ("GET", "/", [("X", "nul\x00")]),
])
def test_request_injection_is_refused(method, target, headers):
    with pytest.raises(ProtocolError):
        http1.encode_request(method, target, headers)


# ---- R1: status line
@pytest.mark.parametrize("line, status, reason", [
    (b"HTTP/1.1 200 OK", 200, "OK"),
    (b"HTTP/1.1 404 Not Found", 404, "Not Found"),
    (b"HTTP/1.1 200", 200, ""),          # missing reason phrase, no space
    (b"HTTP/1.1 200 ", 200, ""),         # missing reason phrase
    (b"HTTP/1.0 599 Whatever \xe9", 599, "Whatever \xe9"),
])
def test_status_lines_accepted(line, status, reason):
    head, *_ = parse(line + b"\r\nContent-Length: 0\r\n\r\n")
    assert (head.status, head.reason) == (status, reason)


@pytest.mark.parametrize("line", [
    b"HTTP/1.1 Omg", b"HTTP/1000 200 OK", b"HTTP/2.0 200 OK", b"HTTP/1.1 20 OK", b"HTTP/1.1  200 OK",
    b"http/1.1 200 OK", b"HTTP/1.1 2000 OK", b"\x16\x03\x01\x02\x00\x01\x00", b"\x00\xff\xfe garbage",
    b"ICY 200 OK", b"HTTP/1.1 200 OK\x00",
])
def test_malformed_status_lines_rejected(line):
    with pytest.raises(ProtocolError):
        parse(line + b"\r\n\r\n")


def test_tls_bytes_get_a_helpful_message():
    with pytest.raises(ProtocolError, match="TLS bytes"):
        parse(b"\x16\x03\x03\x00\x2a\x02", eof=False)


# ---- R2: line endings
def test_bare_lf_tolerated():
    head, body, end, _ = parse(b"HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\nok")
    assert head.headers.get("x-a") == "b" and body == b"ok" and end.keep_alive


@pytest.mark.parametrize("wire", [b"HTTP/1.1 200 OK\rX: y\r\n\r\n", b"HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n"])
def test_bare_cr_rejected(wire):
    with pytest.raises(ProtocolError, match="bare CR"):
        parse(wire)


# ---- R3, R4, R5: fields
@pytest.mark.parametrize("field, message", [
    (b"NoColonHere", "without a colon"),
    (b"Name : v", "whitespace before the colon"),
    (b"Name\t: v", "whitespace before the colon"),
    (b"Na(me): v", "invalid header name"),
    (b"X: a\x00b", "control character"),
    (b"X: a\x1bb", "control character"),
])
def test_bad_fields_rejected(field, message):
    with pytest.raises(ProtocolError, match=message):
        parse(b"HTTP/1.1 200 OK\r\n" + field + b"\r\nContent-Length: 0\r\n\r\n")


def test_fields_case_insensitive_repeats_in_order_and_ows_trimmed():
    head, *_ = parse(b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie:  b=2 \t\r\nX:\r\nContent-Length: 0\r\n\r\n")
    assert head.headers.get_all("SET-COOKIE") == ["a=1", "b=2"]
    assert head.headers.get("x") == ""


def test_obs_fold_is_unfolded():
    head, *_ = parse(b"HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\n\tthree\r\nContent-Length: 0\r\n\r\n")
    assert head.headers.get("X-Long") == "one two three"


def test_fold_before_any_field_rejected():
    with pytest.raises(ProtocolError, match="folded"):
        parse(b"HTTP/1.1 200 OK\r\n continued\r\n\r\n")


# ---- R6: limits, enforced before the head is complete
def test_head_over_64k_rejected_before_it_ends():
    reader = http1.ResponseReader()
    reader.feed(b"HTTP/1.1 200 OK\r\n")
    with pytest.raises(ProtocolError, match="64 KiB"):
        for _ in range(100):
            reader.feed(b"X-Filler: " + b"a" * 1000 + b"\r\n")
            assert reader.next_event() is http1.NEED_DATA
    assert len(reader._buf) < 70 * 1024


def test_more_than_100_fields_rejected():
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(101))
    with pytest.raises(ProtocolError, match="100"):
        parse(b"HTTP/1.1 200 OK\r\n" + fields + b"\r\n")
    head, *_ = parse(b"HTTP/1.1 200 OK\r\n" + fields[: -len(b"X-100: v\r\n")] + b"\r\n", method="HEAD")
    assert len(head.headers) == 100


# ---- R7: interim responses
def test_1xx_skipped():
    head, body, _, reader = parse(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
                                  b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert head.status == 200 and body == b"ok"
    assert [h.status for h in reader.interim] == [100, 103]


def test_101_refused():
    with pytest.raises(ProtocolError, match="101"):
        parse(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")


# ---- R8: no body
@pytest.mark.parametrize("status, method", [(204, "GET"), (304, "GET"), (200, "HEAD")])
def test_no_body_whatever_the_headers_say(status, method):
    wire = b"HTTP/1.1 %d X\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n" % status
    head, body, end, _ = parse(wire, method=method, eof=False)
    assert head.status == status and body == b"" and end is not None and end.keep_alive


# ---- R9: Transfer-Encoding
def test_te_overrides_cl_and_closes():
    head, body, end, _ = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
                               b"2\r\nok\r\n0\r\n\r\n", eof=False)
    assert body == b"ok" and not end.keep_alive and "Content-Length" in end.close_reason


@pytest.mark.parametrize("te", [b"gzip", b"chunked, gzip", b"chunked, chunked", b"identity"])
def test_chunked_not_last_rejected(te):
    with pytest.raises(ProtocolError):
        parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: " + te + b"\r\n\r\nabc")


def test_codings_before_chunked_are_reported():
    head, body, *_ = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")
    assert head.transfer_codings == ["gzip"] and body == b"x"


# ---- R10: Content-Length
@pytest.mark.parametrize("values", [[b"5", b"10"], [b"5, 10"], [b"+5"], [b"-5"], [b"5a"], [b"0x5"],
                                    [b"1" * 20], [b"1" * 21], [b""], [b"5 5"]])
def test_bad_content_length_rejected(values):
    fields = b"".join(b"Content-Length: " + v + b"\r\n" for v in values)
    with pytest.raises(ProtocolError):
        parse(b"HTTP/1.1 200 OK\r\n" + fields + b"\r\nhelloworld")


@pytest.mark.parametrize("values", [[b"5, 5"], [b"5", b"5"], [b"05"]])
def test_agreeing_content_lengths_accepted(values):
    fields = b"".join(b"Content-Length: " + v + b"\r\n" for v in values)
    _, body, end, _ = parse(b"HTTP/1.1 200 OK\r\n" + fields + b"\r\nhello", eof=False)
    assert body == b"hello" and end.keep_alive


# ---- R11: chunked
def test_chunk_extensions_and_trailers_discarded():
    head, body, end, _ = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                               b"5;name=value;quoted=\"a;b\"\r\nhello\r\n6 ; ext\r\n world\r\n"
                               b"0;last\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n", eof=False)
    assert body == b"hello world" and end.keep_alive
    assert "X-Trailer" not in head.headers


@pytest.mark.parametrize("size", [b"ZZZ", b"0x5", b"+5", b" 5", b"-5", b"1" * 17, b"", b"5.0"])
def test_bad_chunk_sizes_rejected(size):
    with pytest.raises(ProtocolError, match="chunk size"):
        parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + b"\r\nhello\r\n0\r\n\r\n")


def test_sixteen_hex_digits_is_the_most_allowed():
    _, body, *_ = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000002\r\nok\r\n0\r\n\r\n")
    assert body == b"ok"


@pytest.mark.parametrize("after", [b"XX", b"\n0\r\n\r\n", b"\rX"])
def test_chunk_data_must_end_with_crlf(after):
    with pytest.raises(ProtocolError, match="CRLF"):
        parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello" + after + b"0\r\n\r\n")


def test_bad_trailer_rejected():
    with pytest.raises(ProtocolError, match="trailer"):
        parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n")


# ---- R12: close-delimited
def test_close_delimited_body_is_not_reusable():
    _, body, end, _ = parse(b"HTTP/1.1 200 OK\r\n\r\nuntil the end")
    assert body == b"until the end" and not end.keep_alive


# ---- R13: truncation
def test_eof_before_content_length_names_the_shortfall():
    with pytest.raises(ProtocolError, match="after 3 of 10 body bytes \\(7 missing\\)"):
        parse(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")


def test_eof_mid_chunk_names_the_shortfall():
    with pytest.raises(ProtocolError, match="got 2 of 16 bytes"):
        parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab")


def test_eof_before_anything_is_remote_closed_early():
    with pytest.raises(http1.RemoteClosedEarly):
        parse(b"")


def test_eof_mid_head():
    with pytest.raises(ProtocolError, match="middle of the response head"):
        parse(b"HTTP/1.1 200 OK\r\nContent-")


# ---- R14: keep-alive
@pytest.mark.parametrize("wire, reason", [
    (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", "Connection: close"),
    (b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n", "Connection: close"),
    (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", "HTTP/1.0"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n", "unexpected bytes"),
])
def test_not_reusable(wire, reason):
    _, _, end, _ = parse(wire, eof=False)
    assert not end.keep_alive and reason in end.close_reason


# ---- byte-at-a-time and arbitrary splits give the same result
WIRES = [
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX: a\r\n b\r\n\r\n"
    b"3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\n",
    b"HTTP/1.1 200 OK\nContent-Length: 11\n\nhello world",
]


@pytest.mark.parametrize("wire", WIRES)
def test_byte_at_a_time(wire):
    whole = parse(wire, eof=False)
    split = parse(wire, eof=False, step=1)
    assert whole[1] == split[1] and whole[0].headers.items() == split[0].headers.items()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(WIRES), st.lists(st.integers(min_value=1, max_value=200), min_size=1, max_size=40))
def test_any_split(wire, cuts):
    reader = http1.ResponseReader()
    body, pos = b"", 0
    end = None
    for cut in cuts + [len(wire)]:
        reader.feed(wire[pos:pos + cut])
        pos += cut
        while (event := reader.next_event()) is not http1.NEED_DATA:
            if isinstance(event, http1.Data):
                body += event.data
            if isinstance(event, http1.EndOfMessage):
                end = event
                break
        if end or pos >= len(wire):
            break
    assert end is not None and body == parse(wire, eof=False)[1]


# ---- whatever a server sends, only ProtocolError comes out (never IndexError, ValueError, ...)
_PIECES = [b"HTTP/1.1 200 OK\r\n", b"HTTP/1.0 204 \r\n", b"HTTP/1.1 100 Continue\r\n\r\n", b"\r\n", b"\n",
           b"Content-Length: 3\r\n", b"Content-Length: 3, 4\r\n", b"Transfer-Encoding: chunked\r\n",
           b"3\r\nabc\r\n", b"0\r\n\r\n", b"ffffffffffffffff\r\n", b";ext\r\n", b" folded\r\n", b"X: \x00\r\n",
           b"abc", b"\r", b":", b"\x16\x03\x01"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=20)), max_size=12),
       st.sampled_from(["GET", "HEAD"]), st.integers(min_value=1, max_value=7))
def test_fuzzed_responses_raise_only_protocol_errors(pieces, method, step):
    wire = b"".join(pieces)
    try:
        parse(wire, method=method, step=step)
    except ProtocolError:
        pass
