#!/usr/bin/env python3
"""Peer evaluator for OpeningHoursPeerTests: evaluates opening_hours
expressions with the PyPI package opening-hours-py (module opening_hours,
a binding of the Rust crate opening-hours) so the Swift implementation can be
compared with an independent one.

Usage: peer_oh.py [REQUEST.json RESPONSE.json] (default: stdin and stdout).

request:  {"horizon_days": 400, "cases": [{"expr": "...", "at": "2020-05-08T10:00"}, ...],
          "coords": [lat, lon]}   (optional: the place, for sunrise, sunset, dawn, dusk;
                                   the timezone is then found from it: Europe/Paris)
response: [{"state": "open"|"closed"|"unknown", "next": "2020-05-08T12:30"|null,
          "comment": str|null, "error": str|null}, ...]

Times are naive Europe/Paris local times, to the minute. "next" is the start
of the first interval whose state differs from the state at "at" (comment
changes alone are not changes), searched up to the end of the day
at + horizon_days, as the Swift side does; null when there is none.

`peer_oh.py --version` prints the package version.
"""
import json
import sys
from datetime import datetime, timedelta


def main():
    import opening_hours
    if sys.argv[1:] == ["--version"]:
        from importlib.metadata import version
        print(version("opening-hours-py"))
        return
    args = sys.argv[1:]
    if len(args) == 2:
        with open(args[0], encoding="utf-8") as f:
            request = json.load(f)
    else:
        request = json.load(sys.stdin)
    horizon = int(request["horizon_days"])
    coords = request.get("coords")
    out = []
    parsed = {}
    for case in request["cases"]:
        expr, at = case["expr"], datetime.fromisoformat(case["at"])
        try:
            if expr not in parsed:
                if coords:
                    parsed[expr] = opening_hours.OpeningHours(expr, country="FR", coords=tuple(coords))
                else:
                    parsed[expr] = opening_hours.OpeningHours(expr, country="FR")
            oh = parsed[expr]
        except Exception as e:  # noqa: BLE001 - reported to the Swift side
            out.append({"state": None, "next": None, "comment": None, "error": str(e)})
            continue
        limit = datetime(at.year, at.month, at.day) + timedelta(days=horizon + 1)
        # With coords the peer answers in aware Europe/Paris times: keep the
        # local wall-clock time, as without.
        intervals = ((s.replace(tzinfo=None), e, st, c) for s, e, st, c in oh.intervals(at, limit))
        first = next(intervals)
        state, comment = str(first[2]).lower(), first[3] or None
        nxt = None
        for start, _end, st, _c in intervals:
            if str(st).lower() != state:
                nxt = start.strftime("%Y-%m-%dT%H:%M")
                break
        state = state.replace("state.", "")
        out.append({"state": state, "next": nxt, "comment": comment, "error": None})
    if len(args) == 2:
        with open(args[1], "w", encoding="utf-8") as f:
            json.dump(out, f)
    else:
        json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
