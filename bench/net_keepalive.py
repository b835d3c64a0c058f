"""Keep-alive throughput: minibrowser's Fetcher against urllib3's PoolManager.

1,000 sequential GETs of a 10 KB resource over one kept-alive connection on
loopback, for each client, in the same run and against the same server.  The
server is a small threaded socket server that answers from memory, so the
clients' own work dominates.  Prints requests per second and the ratio.

    python bench/net_keepalive.py [--requests 1000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from minibrowser.net import FetchOptions, Fetcher  # noqa: E402

BODY = os.urandom(5 * 1024).hex().encode()[: 10 * 1024]        # 10 KB, incompressible-looking
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % len(BODY)) + BODY


def serve(listener: socket.socket) -> None:
    """Answer every request head on a connection with RESPONSE, until the client leaves."""
    def handle(conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                _, _, buf = buf.partition(b"\r\n\r\n")
                conn.sendall(RESPONSE)

    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def run_minibrowser(url: str, n: int) -> float:
    fetcher = Fetcher(FetchOptions(use_cache=False, hosts_file="/dev/null"))
    fetcher.fetch(url)                                   # warm: connect once
    start = time.perf_counter()
    for _ in range(n):
        response = fetcher.fetch(url)
        assert response.body == BODY and response.connection.reused
    elapsed = time.perf_counter() - start
    fetcher.close()
    return elapsed


def run_urllib3(url: str, n: int) -> float:
    import urllib3
    pool = urllib3.PoolManager()
    pool.request("GET", url)
    start = time.perf_counter()
    for _ in range(n):
        response = pool.request("GET", url)
        assert response.data == BODY
    elapsed = time.perf_counter() - start
    pool.clear()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="best of N rounds for each client")
    args = parser.parse_args()
    try:
        import urllib3
    except ImportError:
        print("urllib3 is needed for the comparison: pip install urllib3", file=sys.stderr)
        return 2
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/resource"
    ours, theirs = [], []
    for _ in range(args.rounds):                         # interleaved, so drift hits both alike
        ours.append(run_minibrowser(url, args.requests))
        theirs.append(run_urllib3(url, args.requests))
    listener.close()
    n = args.requests
    best_ours, best_theirs = min(ours), min(theirs)
    print(f"{n} sequential keep-alive GETs of {len(BODY)} bytes on loopback (best of {args.rounds})")
    print(f"  minibrowser Fetcher    {best_ours:7.3f} s  {n / best_ours:8.0f} req/s")
    print(f"  urllib3 {urllib3.__version__:<8} PoolManager {best_theirs:7.3f} s  {n / best_theirs:8.0f} req/s")
    print(f"  ratio (minibrowser / urllib3 throughput): {best_theirs / best_ours:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
