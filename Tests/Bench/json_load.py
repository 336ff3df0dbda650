# json.load + numpy on a MediaPipe JSON export ({"frames": [{"pose_landmarks": [...]}, ...]}):
# the baseline `posecheck-bench --compare` times beside `posecheck check`.
import json
import sys
import numpy as np
from angles import grade

with open(sys.argv[1]) as f:
    doc = json.load(f)
frames = doc["frames"]
xy = np.array([[(m["x"], m["y"]) for m in fr["pose_landmarks"]] for fr in frames], dtype=float)
vis = np.array([[m["visibility"] for m in fr["pose_landmarks"]] for fr in frames], dtype=float)
print(len(frames), grade(xy, vis, doc.get("image_width", 1280), doc.get("image_height", 720)))
