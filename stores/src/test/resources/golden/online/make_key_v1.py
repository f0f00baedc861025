#!/usr/bin/env python3
"""Writes key-v1.hex: the view-qualified key of the key in RowCodecTest.keyEncodingIsUnchanged() in view 'driver_stats',
encoded here independently of the Java codec from the layout documented in RowCodec. Stored keys are
a contract like values: if this encoding changed, existing rows would become unreachable.

Run: python3 make_key_v1.py > key-v1.hex
"""
import struct


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def text(s):
    b = s.encode("utf-8")
    return varint(len(b)) + b


parts = [
    ("view name 'driver_stats'", text("driver_stats")),
    ("2 join keys", varint(2)),
    ("'city' string 'Zürich'", text("city") + bytes([3]) + text("Zürich")),
    ("'driver_id' int64 1001, sign bit flipped", text("driver_id") + bytes([1]) + struct.pack(">Q", 1001 ^ (1 << 63))),
]
print("# view-qualified online key of the key in RowCodecTest.keyEncodingIsUnchanged() (written by make_key_v1.py)")
for comment, data in parts:
    print(f"# {comment}")
    print(data.hex())
