#!/usr/bin/env python3
"""Writes row-v1.hex: online value format version 1 of RowCodecTest.goldenRow(), encoded here
independently of the Java codec from the layout documented in RowCodec and stores/README.md.

Never regenerate it to make a test pass: a value written by an older release must keep decoding.
Run: python3 make_row_v1.py > row-v1.hex
"""
import struct
from datetime import datetime, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def micros(iso):
    d = datetime.fromisoformat(iso.replace("Z", "+00:00")) - EPOCH
    return (d.days * 86400 + d.seconds) * 1_000_000 + d.microseconds


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63) if n >= 0 else ((-n) << 1) - 1


parts = [
    ("format version 1", bytes([1])),
    ("event time 2024-05-01T12:00:00.123456Z", struct.pack(">q", micros("2024-05-01T12:00:00.123456Z"))),
    ("created time 2024-05-01T12:00:01Z", struct.pack(">q", micros("2024-05-01T12:00:01Z"))),
    ("6 features", varint(6)),
    ("trips int64 -42", bytes([1]) + varint(zigzag(-42))),
    ("rating double 4.5", bytes([2]) + struct.pack(">d", 4.5)),
    ("city string Zürich", bytes([3]) + varint(len("Zürich".encode())) + "Zürich".encode()),
    ("active bool true", bytes([4, 1])),
    ("last_trip timestamp 2024-04-30T23:59:59.000001Z",
     bytes([5]) + varint(zigzag(micros("2024-04-30T23:59:59.000001Z")))),
    ("embedding list<double> [1.0, -0.5]", bytes([6]) + varint(2) + struct.pack(">dd", 1.0, -0.5)),
]
print("# online value, format version 1, of RowCodecTest.goldenRow() (written by make_row_v1.py)")
for comment, data in parts:
    print(f"# {comment}")
    print(data.hex())
