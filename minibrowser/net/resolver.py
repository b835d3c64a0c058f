"""Host name → addresses, the way a browser's own resolver does it.

Sources are asked in order, and every answer says which one gave it:

  override  --resolve HOST:PORT:ADDR pins an address (as curl does)
  literal   the host is already an IP address
  hosts     the hosts file (parsed here; the path is configurable)
  localhost "localhost" and "*.localhost" are loopback (RFC 6761 §6.3)
  cache     an earlier answer whose TTL has not run out
  dns       a stub query (A and AAAA, CNAME chains, UDP then TCP when the
            answer is truncated, 2 s per try) to the system's nameservers
            or to --dns-server; dnspython encodes and decodes the messages
  system    getaddrinfo, the last resort when no nameserver answered
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field

# dnspython is imported where a DNS query is made: file:, data: and IP-literal loads never pay for it

from ..errors import ResolveError
from .events import Recorder

DNS_TRY_TIMEOUT = 2.0
SYSTEM_ANSWER_TTL = 60       # getaddrinfo gives no TTL; keep its answers this long
DEFAULT_HOSTS_FILE = "/etc/hosts"
MAX_CNAME_CHAIN = 16


@dataclass
class Answer:
    host: str
    addresses: list[str]
    source: str                       # override, literal, hosts, localhost, cache, dns, system
    ttl: int | None = None            # seconds; the minimum along the CNAME chain
    cnames: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    server: str | None = None         # the nameserver that answered, for dns
    transport: str | None = None      # "udp" or "tcp", for dns


def parse_hosts(text: str) -> dict[str, list[str]]:
    """hosts(5): an address then names, '#' starts a comment; first lines win order."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        try:
            address = str(ipaddress.ip_address(fields[0].split("%", 1)[0]))
        except ValueError:
            continue
        for name in fields[1:]:
            addresses = table.setdefault(name.lower().rstrip("."), [])
            if address not in addresses:
                addresses.append(address)
    return table


def parse_server(text: str) -> tuple[str, int]:
    """--dns-server ADDR[:PORT]; IPv6 as [ADDR]:PORT."""
    text = text.strip()
    try:
        if text.startswith("["):
            addr, _, port = text[1:].partition("]")
            port = port.lstrip(":")
        elif text.count(":") == 1:
            addr, _, port = text.partition(":")
        else:
            addr, port = text, ""
        ipaddress.ip_address(addr)
        return addr, int(port) if port else 53
    except ValueError:
        raise ResolveError(f"bad DNS server address: {text[:60]!r}") from None


def system_nameservers() -> list[tuple[str, int]]:
    """The nameservers of /etc/resolv.conf (resolv.conf(5))."""
    try:
        with open("/etc/resolv.conf", encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    servers = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            try:
                servers.append((str(ipaddress.ip_address(fields[1].split("%", 1)[0])), 53))
            except ValueError:
                continue
    return servers


class Resolver:
    """Thread-safe; one per Fetcher, so the cache lives for the run."""

    def __init__(self, *, hosts_file: str | None = None, dns_server: str | None = None,
                 overrides: dict[tuple[str, int], str] | None = None,
                 recorder: Recorder | None = None, use_system: bool | None = None) -> None:
        self.hosts_file = hosts_file or DEFAULT_HOSTS_FILE
        self.explicit_server = dns_server is not None
        self.nameservers = [parse_server(dns_server)] if dns_server else None
        self.overrides = {(h.lower(), p): a for (h, p), a in (overrides or {}).items()}
        # An explicit --dns-server is the user's choice: don't quietly ask someone else.
        self.use_system = (not self.explicit_server) if use_system is None else use_system
        self.recorder = recorder or Recorder()
        self._hosts: dict[str, list[str]] | None = None
        self._cache: dict[str, tuple[float, Answer]] = {}
        self._lock = threading.Lock()
        self._failure = threading.local()   # why the last lookup on this thread failed

    # ---- the sources, in order ----
    def resolve(self, host: str, port: int, timeout: float = DNS_TRY_TIMEOUT * 2) -> Answer:
        start = time.perf_counter()
        host = host.lower().rstrip(".")
        self._failure.text = ""
        answer = (self._override(host, port) or self._literal(host) or self._from_hosts(host)
                  or self._localhost(host) or self._from_cache(host))
        if answer is None:
            answer = self._from_dns(host, timeout)
        if answer is None and self.use_system:
            answer = self._from_system(host)
        if answer is None:
            raise ResolveError(f"could not resolve host: {host}{self._why()}")
        answer.elapsed = time.perf_counter() - start
        if answer.source in ("dns", "system"):
            self._store(answer)
        self.recorder.event("resolve", host=host, source=answer.source, addresses=answer.addresses,
                            ttl=answer.ttl, cnames=answer.cnames, server=answer.server,
                            transport=answer.transport, elapsed=round(answer.elapsed, 6))
        if answer.source not in ("literal",):
            extra = f" via {' -> '.join(answer.cnames)}" if answer.cnames else ""
            ttl = f", ttl {answer.ttl}s" if answer.ttl is not None else ""
            self.recorder.info(f"Resolved {host} to {', '.join(answer.addresses)} "
                               f"({answer.source}{ttl}){extra}")
        return answer

    def _override(self, host: str, port: int) -> Answer | None:
        address = self.overrides.get((host, port))
        return Answer(host, [address], "override") if address else None

    @staticmethod
    def _literal(host: str) -> Answer | None:
        try:
            return Answer(host, [str(ipaddress.ip_address(host))], "literal")
        except ValueError:
            return None

    def _from_hosts(self, host: str) -> Answer | None:
        if self._hosts is None:
            try:
                with open(self.hosts_file, encoding="utf-8", errors="replace") as f:
                    table = parse_hosts(f.read())
            except OSError:
                table = {}
            with self._lock:
                self._hosts = table
        addresses = self._hosts.get(host)
        return Answer(host, list(addresses), "hosts") if addresses else None

    @staticmethod
    def _localhost(host: str) -> Answer | None:
        if host == "localhost" or host.endswith(".localhost"):
            return Answer(host, ["::1", "127.0.0.1"], "localhost")
        return None

    def _from_cache(self, host: str) -> Answer | None:
        with self._lock:
            entry = self._cache.get(host)
            if entry is None:
                return None
            expires, answer = entry
            remaining = expires - time.monotonic()
            if remaining <= 0:
                del self._cache[host]
                return None
        return Answer(host, list(answer.addresses), "cache", int(remaining), list(answer.cnames))

    def _store(self, answer: Answer) -> None:
        ttl = answer.ttl if answer.ttl is not None else SYSTEM_ANSWER_TTL
        if ttl > 0:
            with self._lock:
                self._cache[answer.host] = (time.monotonic() + ttl, answer)

    # ---- DNS stub ----
    def _from_dns(self, host: str, timeout: float) -> Answer | None:
        import dns.exception

        servers = self.nameservers if self.nameservers is not None else system_nameservers()
        self._failure.text = "no nameserver configured" if not servers else ""
        for server in servers:
            try:
                answers = self._query_both(host, server, min(timeout, DNS_TRY_TIMEOUT))
            except (dns.exception.DNSException, OSError, ValueError) as exc:
                self._failure.text = f"{server[0]}:{server[1]}: {str(exc) or type(exc).__name__}"
                self.recorder.info(f"DNS server {server[0]}:{server[1]} failed: {self._failure.text}")
                continue
            addresses, cnames, ttls, transports, rcodes = [], [], [], set(), set()
            for found, chain, found_ttls, transport, rcode in answers:
                addresses += found
                cnames = cnames or chain
                ttls += found_ttls
                transports.add(transport)
                rcodes.add(rcode)
            if addresses:
                # Prefer IPv6 first (RFC 8305 §4); the connection interleaves families.
                return Answer(host, addresses, "dns", min(ttls) if ttls else 0, cnames,
                              server=f"{server[0]}:{server[1]}",
                              transport="tcp" if "tcp" in transports else "udp")
            rcode = "NXDOMAIN" if "NXDOMAIN" in rcodes else "no addresses"
            self._failure.text = f"{rcode} from {server[0]}:{server[1]}"
            return None   # an answer, though empty, is authoritative: don't ask the next server
        return None

    def _query_both(self, host: str, server: tuple[str, int], timeout: float) -> list[tuple]:
        """A and AAAA, asked at the same time (two threads), as browsers do."""
        results: dict[str, tuple | BaseException] = {}

        def ask(rdtype: str) -> None:
            try:
                results[rdtype] = self._query(host, rdtype, server, timeout)
            except BaseException as exc:   # handed back to the caller's thread below
                results[rdtype] = exc

        worker = threading.Thread(target=ask, args=("AAAA",), daemon=True)
        worker.start()
        ask("A")
        worker.join(timeout + 1)
        answers = [r for r in (results.get("AAAA"), results.get("A")) if isinstance(r, tuple)]
        failures = [r for r in (results.get("A"), results.get("AAAA")) if isinstance(r, BaseException)]
        if not answers and failures:
            raise failures[0]
        return answers

    def _query(self, host: str, rdtype: str, server: tuple[str, int], timeout: float) -> tuple:
        """One question: UDP first, TCP when the answer comes back truncated (RFC 7766)."""
        import dns.exception
        import dns.flags
        import dns.message
        import dns.query
        import dns.rcode

        query = dns.message.make_query(host, rdtype)
        address, port = server
        response = dns.query.udp(query, address, timeout=timeout, port=port, ignore_trailing=True)
        transport = "udp"
        if response.flags & dns.flags.TC:
            self.recorder.info(f"DNS answer for {host} {rdtype} truncated; retrying over TCP")
            response = dns.query.tcp(query, address, timeout=timeout, port=port)
            transport = "tcp"
        rcode = dns.rcode.to_text(response.rcode())
        if response.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            raise dns.exception.DNSException(f"{rcode} for {host}")
        return (*_follow_chain(response, host, rdtype), transport, rcode)

    def _why(self) -> str:
        failure = getattr(self._failure, "text", "")
        return f" ({failure})" if failure else ""

    # ---- last resort ----
    def _from_system(self, host: str) -> Answer | None:
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            self._failure.text = f"system resolver: {exc}"
            return None
        addresses: list[str] = []
        for family, _, _, _, sockaddr in infos:
            address = str(sockaddr[0]).split("%", 1)[0]
            if address not in addresses:
                addresses.append(address)
        return Answer(host, addresses, "system") if addresses else None


def _follow_chain(response: dns.message.Message, host: str, rdtype: str) -> tuple[list[str], list[str], list[int]]:
    """Walk CNAMEs from the question name; return addresses, the chain and every TTL on the way."""
    import dns.name
    import dns.rdatatype

    wanted = dns.rdatatype.from_text(rdtype)
    name = dns.name.from_text(host)
    cnames: list[str] = []
    ttls: list[int] = []
    for _ in range(MAX_CNAME_CHAIN):
        target = None
        for rrset in response.answer:
            if rrset.name == name and rrset.rdtype == dns.rdatatype.CNAME:
                target = rrset[0].target
                ttls.append(rrset.ttl)
        if target is None:
            break
        cnames.append(target.to_text(omit_final_dot=True))
        name = target
    addresses = []
    for rrset in response.answer:
        if rrset.name == name and rrset.rdtype == wanted:
            ttls.append(rrset.ttl)
            addresses += [rdata.address for rdata in rrset]
    return addresses, cnames, ttls if addresses else []
