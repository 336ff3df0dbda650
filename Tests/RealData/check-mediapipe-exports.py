#!/usr/bin/env python3
"""Sanity figures for the MediaPipe exports made by make-mediapipe-exports.sh, computed here in
plain Python (no PoseCheck code), to compare with what PoseCheck reports on the same files.

For each export: frames, frames with a pose, frames whose hips, knees and ankles all have
visibility >= 0.5 ("legs"), and over the frames with a pose (whatever the visibility)
- knee flexion = 180 - the interior hip-knee-ankle angle, in pixels (x*W, y*H), left and right:
  median, and the share of frames at or under 10 degrees;
- the same from the world landmarks (metres), whose straight legs read more flexed;
- hip width / torso length in pixels (hip width: left hip to right hip; torso: mid-shoulder to
  mid-hip): 10th, 50th and 90th percentiles;
- for the Pose2Sim trials, the knee flexion from the OpenPose BODY_25B JSON that ships with the
  same videos (COCO order 0-16: hips 11/12, knees 13/14, ankles 15/16; the most confident person
  per frame; points under 0.3 confidence left out), as an independent detector to compare with:
  its medians, and the per-frame median and 90th percentile of |MediaPipe - OpenPose| flexion
  (the i-th OpenPose frame file against video frame i).

  python check-mediapipe-exports.py [REAL_DATA_DIR]
"""
import glob
import json
import math
import os
import statistics
import sys

HIP, KNEE, ANKLE, SHOULDER = {"left": 23, "right": 24}, {"left": 25, "right": 26}, {"left": 27, "right": 28}, {"left": 11, "right": 12}


def flexion(a, b, c):
    """180 - the angle at b between b->a and b->c, in degrees."""
    u = [p - q for p, q in zip(a, b)]
    v = [p - q for p, q in zip(c, b)]
    nu, nv = math.sqrt(sum(x * x for x in u)), math.sqrt(sum(x * x for x in v))
    if nu == 0 or nv == 0:
        return None
    cos = max(-1.0, min(1.0, sum(x * y for x, y in zip(u, v)) / (nu * nv)))
    return 180.0 - math.degrees(math.acos(cos))


def percentile(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def fmt(values):
    return f"{statistics.median(values):5.1f}" if values else "  n/a"


def share_small(values, limit=10.0):
    return f"{100 * sum(1 for v in values if v <= limit) / len(values):3.0f}%" if values else " n/a"


def openpose_flexion(folder):
    """Per frame file (in name order), {"left": flexion or None, "right": ...}."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path) as f:
            people = json.load(f).get("people", [])
        out.append({"left": None, "right": None})
        if not people:
            continue
        best = max(people, key=lambda p: sum(p["pose_keypoints_2d"][2::3]))
        k = best["pose_keypoints_2d"]
        pt = lambda i: (k[3 * i], k[3 * i + 1], k[3 * i + 2])
        for side, (h, n, a) in {"left": (11, 13, 15), "right": (12, 14, 16)}.items():
            ph, pn, pa = pt(h), pt(n), pt(a)
            if min(ph[2], pn[2], pa[2]) > 0.3:
                out[-1][side] = flexion(ph[:2], pn[:2], pa[:2])
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    dest = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("POSECHECK_REAL_DATA", os.path.join(here, "..", "..", ".real-data"))
    folder = os.path.join(dest, "mediapipe")
    print(f"{'export':36} {'frames':>6} {'pose':>5} {'legs':>5}  {'knee flexion px L/R (<=10deg)':30} {'world L/R':11} {'hip/torso p10 p50 p90':22} {'OpenPose L/R, frame files, per-frame difference'}")
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        if path.endswith(".world.json"):
            continue
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            doc = json.load(f)
        with open(path[:-5] + ".world.json") as f:
            world = json.load(f)
        w, h = doc["image_width"], doc["image_height"]
        frames = doc["frames"]
        px = {"left": [], "right": []}
        px_by_frame = {}
        wd = {"left": [], "right": []}
        ratio = []
        legs_visible = 0
        for frame, wframe in zip(frames, world["frames"]):
            lms = frame["landmarks"]
            if not lms:
                continue
            p = [(lm["x"] * w, lm["y"] * h) for lm in lms]
            q = [(lm["x"], lm["y"], lm["z"]) for lm in wframe["pose_world_landmarks"]]
            if min(lms[i]["visibility"] for i in range(23, 29)) >= 0.5:
                legs_visible += 1
            for side in ("left", "right"):
                v = flexion(p[HIP[side]], p[KNEE[side]], p[ANKLE[side]])
                if v is not None:
                    px[side].append(v)
                    px_by_frame[(frame["frame"], side)] = v
                v = flexion(q[HIP[side]], q[KNEE[side]], q[ANKLE[side]])
                if v is not None:
                    wd[side].append(v)
            hip_w = math.dist(p[23], p[24])
            mid_s = ((p[11][0] + p[12][0]) / 2, (p[11][1] + p[12][1]) / 2)
            mid_h = ((p[23][0] + p[24][0]) / 2, (p[23][1] + p[24][1]) / 2)
            torso = math.dist(mid_s, mid_h)
            if torso > 0:
                ratio.append(hip_w / torso)
        detected = sum(1 for fr in frames if fr["landmarks"])
        op = ""
        if name.startswith("pose2sim-"):
            trial, cam = name[len("pose2sim-"):].rsplit("-", 1)
            source = doc["source"]  # e.g. S00_P00_T00_StaticTrial/videos/cam01.mp4
            json_dir = os.path.join(dest, "pose2sim-0.7.2/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant",
                                    source.split("/")[0], "pose", cam + "_json")
            o = openpose_flexion(json_dir)
            ol = [fr["left"] for fr in o if fr["left"] is not None]
            orr = [fr["right"] for fr in o if fr["right"] is not None]
            # Per frame (the i-th frame file against video frame i), median |MediaPipe - OpenPose|.
            diff = [abs(px_by_frame[(i, side)] - fr[side]) for i, fr in enumerate(o) for side in ("left", "right")
                    if fr[side] is not None and (i, side) in px_by_frame]
            op = f"{fmt(ol)}/{fmt(orr)}  {len(o):4} files, |MP-OP| median {fmt(diff)} p90 {percentile(diff, 90):5.1f}"
        print(f"{name:36} {len(frames):6} {detected:5} {legs_visible:5}  "
              f"{fmt(px['left'])}/{fmt(px['right'])} ({share_small(px['left'])}/{share_small(px['right'])})      "
              f"{fmt(wd['left'])}/{fmt(wd['right'])} "
              f"{percentile(ratio, 10):6.2f} {percentile(ratio, 50):6.2f} {percentile(ratio, 90):6.2f}    {op}")


if __name__ == "__main__":
    main()
