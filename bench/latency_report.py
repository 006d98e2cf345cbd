"""One row of the latency breakdown (bench/latency.sh): the job's timeline and the trainer's phases, in seconds.

Arguments: rows, the upload request's start and the time /predict first answered with the new version (epoch
seconds, this machine's clock), the GET /api/jobs?model= answer and the version's metadata.
"""
import json
import sys
from datetime import datetime

rows, sent, served, jobs_file, version_file = sys.argv[1:6]
job = json.load(open(jobs_file))["jobs"][0]
version = json.load(open(version_file))
t = {name: datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() for name, at in job["timeline"].items()}
trainer_start = datetime.fromisoformat(version["startedAt"].replace("Z", "+00:00")).timestamp()
trainer_end = datetime.fromisoformat(version["endedAt"].replace("Z", "+00:00")).timestamp()
sent, served = float(sent), float(served)

segments = [
    ("upload request -> trigger", t["triggered"] - sent),
    ("validation (+ drift check)", t["submitted"] - t["triggered"]),
    ("job -> trainer process started", t["runStarted"] - t["submitted"]),
    ("trainer JVM start + reading", trainer_start - t["runStarted"]),
]
segments += [(f"trainer: {phase}", seconds) for phase, seconds in version.get("seconds", {}).items()]
segments += [
    ("trainer: saving, run seen complete", t["runEnded"] - trainer_end),
    ("registration + gate", t.get("promoted", t["registered"]) - t["runEnded"]),
    ("champion -> served by /predict", served - t.get("promoted", t["registered"])),
]
total = served - sent
print(f"\n{int(rows):,} rows: upload to served {total:.1f} s (chosen: {version['algorithm']})")
for name, seconds in segments:
    print(f"  {name:<40} {seconds:7.2f} s")
print(f"  {'(accounted for)':<40} {sum(s for _, s in segments):7.2f} s")
