#!/usr/bin/env python3
"""Decodes a PNG (standard library only) and checks it is a picture, not a blank canvas.

usage: png_check.py FILE [MIN_WIDTH MIN_HEIGHT]
Prints the size, the share of pixels that are not the background colour and the number of
distinct colours; exits 1 when the image is blank (under 0.5% of pixels differ from the most
common colour, or fewer than 3 colours) or smaller than asked.
"""
import struct
import sys
import zlib
from collections import Counter


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or interlace != 0 or color not in (2, 6):
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path = sys.argv[1]
    min_w = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    min_h = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    width, height, bpp, rows = decode(path)
    colors = Counter()
    for line in rows[::2]:  # every other row: plenty for a histogram
        for x in range(0, width * bpp, bpp * 2):
            colors[line[x:x + 3]] += 1
    total = sum(colors.values())
    background, most = colors.most_common(1)[0]
    ink = 1.0 - most / total
    print(f"{path}: {width}x{height}, {100 * ink:.1f}% non-background pixels, {len(colors)} colours")
    if width < min_w or height < min_h:
        print(f"FAIL: smaller than {min_w}x{min_h}")
        return 1
    if ink < 0.005 or len(colors) < 3:
        print("FAIL: the image is blank")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
