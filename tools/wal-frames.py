#!/usr/bin/env python3
"""Which tables and indexes the frames of a SQLite WAL file belong to.

Every COMMIT appends one frame per page it changed, so this says where the commit's write volume
goes (BENCHMARKS.md, "2026-12-05"). Run it on a copy of a data folder taken while the server is
stopped without a checkpoint (SIGKILL), or on a copy of a running server's files:

    tools/wal-frames.py DATA/optin.sqlite-wal DATA/optin.sqlite

Only the frames since the last checkpoint are in the file (the frames whose salt matches the
header's). Pages are named through SQLite's dbstat table as they are now, so a page freed and
reused since it was written counts for its new owner.
"""
import collections
import sqlite3
import struct
import sys


def frames_of(wal):
    data = open(wal, "rb").read()
    if len(data) < 32:
        sys.exit(f"{wal}: not a WAL file (shorter than its 32-byte header)")
    magic, _, page_size = struct.unpack(">III", data[:12])
    if magic not in (0x377F0682, 0x377F0683):
        sys.exit(f"{wal}: not a WAL file (magic {magic:#x})")
    salt = data[16:24]
    pages, commits, off = [], 0, 32
    while off + 24 + page_size <= len(data):
        page, db_size = struct.unpack(">II", data[off : off + 8])
        if data[off + 8 : off + 16] != salt:
            break  # a frame of an earlier generation of the file
        pages.append(page)
        commits += db_size != 0
        off += 24 + page_size
    return pages, commits, page_size


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pages, commits, page_size = frames_of(sys.argv[1])
    db = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)
    owner = dict(db.execute("SELECT pageno, name FROM dbstat"))
    counts = collections.Counter(owner.get(p, "(free or new)") for p in pages)
    total = max(len(pages), 1)
    print(f"{len(pages)} frames of {page_size} bytes in {commits} commits")
    for name, n in counts.most_common():
        print(f"{name:32} {n:8} {100 * n / total:5.1f}%")


if __name__ == "__main__":
    main()
