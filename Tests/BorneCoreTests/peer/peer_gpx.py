"""gpxpy's figures for GPX files, one JSON line per file (TrackStatsPeerTests).

Usage: python3 peer_gpx.py FILE...
Prints {"file", "tracks", "length_2d", "uphill", "downhill", "min_ele", "max_ele"};
"error" instead when gpxpy cannot read the file.
"""
import json
import sys

import gpxpy

for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8-sig") as f:
            gpx = gpxpy.parse(f)
        up_down = gpx.get_uphill_downhill()
        extremes = gpx.get_elevation_extremes()
        points = sum(len(s.points) for t in gpx.tracks for s in t.segments)
        print(json.dumps({
            "file": path, "track_points": points, "length_2d": gpx.length_2d(),
            "uphill": up_down.uphill, "downhill": up_down.downhill,
            "min_ele": extremes.minimum, "max_ele": extremes.maximum,
        }))
    except Exception as e:  # report, never stop: one bad file must not hide the others
        print(json.dumps({"file": path, "error": str(e)}))
