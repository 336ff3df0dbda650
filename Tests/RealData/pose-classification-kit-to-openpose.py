#!/usr/bin/env python3
"""Writes the real OpenPose BODY_25 keypoints that pose-classification-kit 1.1.5 (MIT) ships as
OpenPose frame files, one folder per pose class, so that PoseCheck reads them as they are.

    pose-classification-kit-to-openpose.py WHEEL OUT

The kit's files (pose_classification_kit/datasets/Body/<Pose>_body.json) hold, per photo of a
person, 25 BODY_25 points as "x", "y" (centred on the body, one scale for both axes, y up) and
"a" (OpenPose's confidence, 0 where the point was not found). Each entry becomes
OUT/<Pose>/<pose>_<000000000NNN>_keypoints.json in pixels of a 1000 x 1000 image (y down, as
OpenPose writes it); a point with confidence 0 is written 0,0,0, as OpenPose does. Entries are
photos, not frames of a video: read each as a single image.
"""
import json
import sys
import zipfile

wheel, out = sys.argv[1], sys.argv[2]
prefix = "pose_classification_kit/datasets/Body/"
with zipfile.ZipFile(wheel) as z:
    for name in sorted(z.namelist()):
        if not (name.startswith(prefix) and name.endswith("_body.json")):
            continue
        pose = name[len(prefix):-len("_body.json")]
        data = json.loads(z.read(name))
        import os
        folder = os.path.join(out, pose)
        os.makedirs(folder, exist_ok=True)
        for i, entry in enumerate(data["data"]):
            points = []
            for x, y, a in zip(entry["x"], entry["y"], entry["a"]):
                if a > 0:
                    points += [round(500 + 500 * x, 3), round(500 - 500 * y, 3), round(a, 4)]
                else:
                    points += [0, 0, 0]
            frame = {"version": 1.3, "people": [{"person_id": [-1], "pose_keypoints_2d": points}]}
            with open(os.path.join(folder, f"{pose.lower()}_{i:012d}_keypoints.json"), "w") as f:
                json.dump(frame, f)
