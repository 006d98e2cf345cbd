#!/usr/bin/python3
"""Summarises `jfr print --events jdk.ExecutionSample` output of the local host under load: each CPU
sample counts for the stage of its innermost frame that belongs to one (this project's classes, the
JDK HTTP server, Jackson, Smile, socket I/O). Prints the share of samples per stage."""
import re
import sys
from collections import Counter

STAGES = [  # first match, from the innermost frame outwards
    ("JSON parse", r"com\.fasterxml\.jackson\.(core\.json\.UTF8StreamJsonParser|databind\.deser)|Requests\.parse"),
    ("JSON write", r"com\.fasterxml\.jackson\.(core\.json\.UTF8JsonGenerator|databind\.ser)|Json\.compact"),
    ("schema check (RowReader)", r"io\.tabml\.serving\.RowReader"),
    ("preprocessing (FeatureEncoder)", r"io\.tabml\.training\.FeatureEncoder"),
    ("scoring (Smile model)", r"smile\.|io\.tabml\.training\.Learners"),
    ("model cache", r"io\.tabml\.serving\.ModelCache"),
    ("function + host glue", r"io\.tabml\.functions"),
    ("HTTP server (JDK)", r"sun\.net\.httpserver|com\.sun\.net\.httpserver"),
    ("sockets and I/O", r"sun\.nio|java\.net|sun\.net"),
]

counts, total, frames = Counter(), 0, []

def flush():
    global total
    if not frames:
        return
    total += 1
    for frame in frames:  # innermost first, as jfr prints them
        stage = next((name for name, pattern in STAGES if re.search(pattern, frame)), None)
        if stage:
            counts[stage] += 1
            return
    counts["other (JDK code outside these)"] += 1

for line in open(sys.argv[1]):
    if line.startswith("jdk.ExecutionSample"):
        flush()
        frames = []
    m = re.match(r"\s+([\w.$<>]+)\(", line)
    if m:
        frames.append(m.group(1))
flush()
print(f"CPU samples of the host under load: {total}")
for name, n in counts.most_common():
    print(f"  {name:32} {100 * n / max(total, 1):5.1f}%")
