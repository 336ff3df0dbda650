# json.load + numpy on the other keypoint exports the benchmark times (`posecheck-bench`):
#   keypoints_load.py openpose DIR    an OpenPose folder, one BODY_25 document per frame
#   keypoints_load.py coco FILE       a COCO keypoints file (images + annotations)
#   keypoints_load.py vision FILE     an Apple Vision export (joints by name, normalised, y up)
# Each is loaded whole, its keypoints gathered into arrays, and the scissor-stance checks of
# angles.py run on every frame (points a skeleton lacks, heels and toes, stand at the ankle).
import json
import os
import sys
import numpy as np
from angles import grade, INDEX

BODY25 = {"nose": 0, "right_shoulder": 2, "right_elbow": 3, "right_wrist": 4, "left_shoulder": 5, "left_elbow": 6,
          "left_wrist": 7, "right_hip": 9, "right_knee": 10, "right_ankle": 11, "left_hip": 12, "left_knee": 13,
          "left_ankle": 14, "left_foot_index": 19, "left_heel": 21, "right_foot_index": 22, "right_heel": 24}
COCO17 = {"nose": 0, "left_shoulder": 5, "right_shoulder": 6, "left_elbow": 7, "right_elbow": 8, "left_wrist": 9,
          "right_wrist": 10, "left_hip": 11, "right_hip": 12, "left_knee": 13, "right_knee": 14, "left_ankle": 15,
          "right_ankle": 16}
VISION = ["nose", "leftShoulder", "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist", "leftHip",
          "rightHip", "leftKnee", "rightKnee", "leftAnkle", "rightAnkle"]
VISION_INDEX = {"nose": 0, "left_shoulder": 1, "right_shoulder": 2, "left_elbow": 3, "right_elbow": 4, "left_wrist": 5,
                "right_wrist": 6, "left_hip": 7, "right_hip": 8, "left_knee": 9, "right_knee": 10, "left_ankle": 11,
                "right_ankle": 12}


def arrays(rows, mapping):
    """rows: per frame a flat [x, y, c] list; mapping: MediaPipe name -> point index."""
    k = np.array(rows, dtype=float).reshape(len(rows), -1, 3)
    xy = np.full((len(rows), 33, 2), np.nan)
    vis = np.zeros((len(rows), 33))
    for name, i in mapping.items():
        xy[:, INDEX[name]] = k[:, i, :2]
        vis[:, INDEX[name]] = k[:, i, 2]
    for side in ("left", "right"):
        for part in ("heel", "foot_index"):
            if side + "_" + part not in mapping:
                xy[:, INDEX[side + "_" + part]] = xy[:, INDEX[side + "_ankle"]]
    return xy, vis


kind, path = sys.argv[1], sys.argv[2]
if kind == "openpose":
    rows = []
    for name in sorted(os.listdir(path)):
        with open(os.path.join(path, name)) as f:
            people = json.load(f)["people"]
        rows.append(people[0]["pose_keypoints_2d"] if people else [0.0] * 75)
    xy, vis = arrays(rows, BODY25)
    print(len(rows), grade(xy, vis, 1, 1))
elif kind == "coco":
    with open(path) as f:
        doc = json.load(f)
    annotations = sorted(doc["annotations"], key=lambda a: a["image_id"])
    xy, vis = arrays([a["keypoints"] for a in annotations], COCO17)
    print(len(annotations), grade(xy, vis, 1, 1))
elif kind == "vision":
    with open(path) as f:
        doc = json.load(f)
    rows = []
    for frame in doc["frames"]:
        joints = frame["joints"]
        rows.append([v for name in VISION for v in ((joints[name]["x"], joints[name]["y"], joints[name]["confidence"]) if name in joints else (0, 0, 0))])
    xy, vis = arrays(rows, VISION_INDEX)
    print(len(rows), grade(xy, vis, doc.get("imageWidth", 1280), -doc.get("imageHeight", 720)))
