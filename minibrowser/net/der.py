"""The names, dates and alternative names of an X.509 certificate, read from its DER bytes.

`ssl.SSLSocket.getpeercert()` decodes the server's certificate only when it
was verified; with `--insecure` it returns an empty dict, and only the raw
DER bytes are left (`getpeercert(binary_form=True)`).  A user who skips
verification still wants to see whom they are talking to, so this reads
the few fields that are shown, into the same shape `getpeercert()` gives.

DER (ITU-T X.690 §8, §10) is tag, length, value; a certificate (RFC 5280
§4.1) is SEQUENCE { tbsCertificate, signatureAlgorithm, signature }, and
tbsCertificate is SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
issuer, validity, subject, subjectPublicKeyInfo, [1], [2], [3] extensions }.
Certificates come from the server, so every length is checked against the
bytes there are: a malformed one gives an empty dict, never an exception.
"""
from __future__ import annotations

import ipaddress

SEQUENCE, SET = 0x30, 0x31
UTC_TIME, GENERALIZED_TIME = 0x17, 0x18
EXPLICIT_VERSION, EXPLICIT_EXTENSIONS = 0xA0, 0xA3
OCTET_STRING = 0x04

# attribute types (RFC 5280 Appendix A) under the names getpeercert() uses
ATTRIBUTE_NAMES = {
    "2.5.4.3": "commonName", "2.5.4.6": "countryName", "2.5.4.7": "localityName",
    "2.5.4.8": "stateOrProvinceName", "2.5.4.10": "organizationName", "2.5.4.11": "organizationalUnitName",
    "2.5.4.5": "serialNumber", "1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "domainComponent",
}
SUBJECT_ALT_NAME = "2.5.29.17"
# GeneralName choices (RFC 5280 §4.2.1.6), context-specific primitive tags
GENERAL_NAMES = {0x81: "email", 0x82: "DNS", 0x86: "URI", 0x87: "IP Address"}
# string types (X.680 §41) and how their bytes decode
STRING_CODECS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x1E: "utf-16-be",
                 0x1C: "utf-32-be", 0x1A: "ascii"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DERError(ValueError):
    pass


def _element(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """(tag, start of the value, end of the value) of the element at `pos`, inside data[:end]."""
    if pos + 2 > end:
        raise DERError("truncated")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:                    # long form: the next (length & 0x7F) bytes are the length
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > end:
            raise DERError("bad length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > end:
        raise DERError("value past the end")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out = []
    while start < end:
        tag, value_start, value_end = _element(data, start, end)
        out.append((tag, value_start, value_end))
        start = value_end
    return out


def _oid(value: bytes) -> str:
    """Dotted form: the first byte is 40·a + b, then base-128 numbers, high bit = more to come."""
    if not value:
        raise DERError("empty OID")
    first = value[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    number = 0
    for byte in value[1:]:
        number = (number << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(number)
            number = 0
    return ".".join(map(str, parts))


def _string(tag: int, value: bytes) -> str:
    return value.decode(STRING_CODECS.get(tag, "latin-1"), errors="replace")


def _name(data: bytes, start: int, end: int) -> tuple:
    """Name: SEQUENCE OF RelativeDistinguishedName (SET OF { type OID, value }), as getpeercert()
    gives it: a tuple of RDNs, each a tuple of (attribute name, text)."""
    rdns = []
    for tag, set_start, set_end in _children(data, start, end):
        if tag != SET:
            raise DERError("RDN is not a SET")
        pairs = []
        for _tag, pair_start, pair_end in _children(data, set_start, set_end):
            (oid_tag, oid_start, oid_end), (value_tag, value_start, value_end) = \
                _children(data, pair_start, pair_end)[:2]
            oid = _oid(data[oid_start:oid_end])
            pairs.append((ATTRIBUTE_NAMES.get(oid, oid), _string(value_tag, data[value_start:value_end])))
        rdns.append(tuple(pairs))
    return tuple(rdns)


def _time(tag: int, value: bytes) -> str:
    """UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ), written as
    OpenSSL writes it for getpeercert(): 'Jun  1 12:00:00 2030 GMT'."""
    text = value.decode("ascii")
    if tag == UTC_TIME:
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    year, month, day, hour, minute, second = (int(text[:4]), int(text[4:6]), int(text[6:8]),
                                              int(text[8:10]), int(text[10:12]), int(text[12:14]))
    return f"{MONTHS[month - 1]} {day:2d} {hour:02d}:{minute:02d}:{second:02d} {year} GMT"


def _ip_text(raw: bytes) -> str:
    """As OpenSSL prints an address for getpeercert(): IPv6 as eight uncompressed hex groups."""
    if len(raw) == 16:
        return ":".join(f"{int.from_bytes(raw[i:i + 2], 'big'):X}" for i in range(0, 16, 2))
    return str(ipaddress.ip_address(raw))


def _alt_names(data: bytes, start: int, end: int) -> tuple:
    (_tag, seq_start, seq_end), = _children(data, start, end)
    names = []
    for tag, value_start, value_end in _children(data, seq_start, seq_end):
        kind = GENERAL_NAMES.get(tag)
        if kind == "IP Address":
            names.append((kind, _ip_text(data[value_start:value_end])))
        elif kind is not None:
            names.append((kind, data[value_start:value_end].decode("ascii", errors="replace")))
    return tuple(names)


def decode_certificate(der: bytes | None) -> dict:
    """subject, issuer, notBefore, notAfter and subjectAltName of a DER certificate, shaped as
    `getpeercert()` shapes them; {} when the bytes are not a certificate."""
    if not der:
        return {}
    try:
        (cert_tag, cert_start, cert_end), = _children(der, 0, len(der))[:1]
        tbs_tag, tbs_start, tbs_end = _children(der, cert_start, cert_end)[0]
        if cert_tag != SEQUENCE or tbs_tag != SEQUENCE:
            return {}
        fields = _children(der, tbs_start, tbs_end)
        if fields and fields[0][0] == EXPLICIT_VERSION:
            fields = fields[1:]
        # serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, then optional ones
        issuer, validity, subject = fields[2], fields[3], fields[4]
        (before_tag, b0, b1), (after_tag, a0, a1) = _children(der, validity[1], validity[2])[:2]
        cert = {
            "subject": _name(der, subject[1], subject[2]),
            "issuer": _name(der, issuer[1], issuer[2]),
            "notBefore": _time(before_tag, der[b0:b1]),
            "notAfter": _time(after_tag, der[a0:a1]),
        }
        for tag, start, end in fields[6:]:
            if tag != EXPLICIT_EXTENSIONS:
                continue
            (_seq, ext_start, ext_end), = _children(der, start, end)[:1]
            for _ext_tag, one_start, one_end in _children(der, ext_start, ext_end):
                parts = _children(der, one_start, one_end)
                oid = _oid(der[parts[0][1]:parts[0][2]])
                value = parts[-1]
                if oid == SUBJECT_ALT_NAME and value[0] == OCTET_STRING:
                    cert["subjectAltName"] = _alt_names(der, value[1], value[2])
        return cert
    except (DERError, ValueError, IndexError, UnicodeDecodeError):
        return {}
