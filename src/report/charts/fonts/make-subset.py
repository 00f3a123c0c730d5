#!/usr/bin/python3
"""Makes the chart font: Noto Sans CJK SC Regular (SIL OFL 1.1) cut down to ASCII, common punctuation
and the 6,763 GB2312 hanzi, so resvg loads it in milliseconds instead of parsing a 19 MB collection
for every chart. Run once with Debian's python3-fonttools; the output is committed.

  /usr/bin/python3 src/report/charts/fonts/make-subset.py
"""
from pathlib import Path
from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
HERE = Path(__file__).parent
OUT = HERE / "NotoSansSC-Subset.otf"
CHARS = HERE / "NotoSansSC-Subset.chars.txt"

chars = set(chr(c) for c in range(0x20, 0x7F))
chars |= set("—–‘’“”…·、。，；：？！（）《》〈〉【】〔〕「」『』％＋－×÷≤≥＜＞＝～℃°±‰№●○■□▲△◆◇★☆→←↑↓　")
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass

coll = TTCollection(SRC)
font = next(f for f in coll.fonts if "Noto Sans CJK SC" in f["name"].getDebugName(1))
cmap = font.getBestCmap()
chars = sorted(c for c in chars if ord(c) in cmap)
opts = subset.Options()
opts.layout_features = ["*"]
opts.name_IDs = ["*"]
opts.notdef_outline = True
opts.hinting = False
s = subset.Subsetter(opts)
s.populate(unicodes=[ord(c) for c in chars])
s.subset(font)
font.save(str(OUT))
CHARS.write_text("".join(chars), encoding="utf-8")
print(OUT, OUT.stat().st_size, "bytes,", len(chars), "characters")
