#!/usr/bin/env python3
"""Independent figures for RealDataTests: computed from the raw Pose2Sim demo JSON, without PoseCheck.

Usage: python3 Tests/RealData/check-pose2sim.py [corpus]   (default: .real-data, or $POSECHECK_REAL_DATA)

1. Knee flexion (180 - interior hip-knee-ankle angle) in the standing trial, per camera, read with
   BODY_25B's indices (COCO-17 order for 0-16: 11/12 hips, 13/14 knees, 15/16 ankles), and for
   comparison with BODY_25's (12/13/14 left, 9/10/11 right).
2. The balancing trial's people: the participant followed frame to frame (nearest mid-hip), its
   largest step, the nearest other person, and the frames where the most confident person
   (mean confidence) is someone else.
"""
import glob, json, math, os, re, sys

corpus = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("POSECHECK_REAL_DATA", ".real-data")
session = os.path.join(corpus, "pose2sim-0.7.2/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant")


def frames(folder):
    files = glob.glob(os.path.join(folder, "*.json"))
    files.sort(key=lambda f: int(re.findall(r"\d+", os.path.basename(f))[-1]))
    return [json.load(open(f))["people"] for f in files]


def flexion(k, hip, knee, ankle):
    ux, uy = k[3 * hip] - k[3 * knee], k[3 * hip + 1] - k[3 * knee + 1]
    vx, vy = k[3 * ankle] - k[3 * knee], k[3 * ankle + 1] - k[3 * knee + 1]
    return 180 - math.degrees(math.atan2(abs(ux * vy - uy * vx), ux * vx + uy * vy))


for cam in range(1, 5):
    people = frames(f"{session}/S00_P00_T00_StaticTrial/pose/cam0{cam}_json")
    k = [p[0]["pose_keypoints_2d"] for p in people]
    left = [flexion(x, 11, 13, 15) for x in k]
    right = [flexion(x, 12, 14, 16) for x in k]
    left25 = [flexion(x, 12, 13, 14) for x in k]
    right25 = [flexion(x, 9, 10, 11) for x in k]
    print(f"static cam0{cam}: {len(k)} frames, BODY_25B knees left {min(left):.2f}-{max(left):.2f} right {min(right):.2f}-{max(right):.2f};"
          f" as BODY_25: left {min(left25):.0f} right {min(right25):.0f}")


def mid_hip(k):
    hips = [(k[3 * i], k[3 * i + 1]) for i in (11, 12) if k[3 * i + 2] > 0]
    return (sum(x for x, _ in hips) / len(hips), sum(y for _, y in hips) / len(hips)) if hips else None


for cam in range(1, 5):
    previous, largest_step, nearest_other, elsewhere = None, 0.0, math.inf, []
    for n, people in enumerate(frames(f"{session}/S00_P00_T01_BalancingTrial/pose/cam0{cam}_json")):
        keypoints = [p["pose_keypoints_2d"] for p in people]
        hips = [mid_hip(k) for k in keypoints]
        confidence = [sum(k[2::3]) / (len(k) // 3) for k in keypoints]
        best = max(range(len(keypoints)), key=lambda i: confidence[i])
        if previous is None:
            current = hips[best]
        else:
            current = min((h for h in hips if h), key=lambda h: math.dist(h, previous))
            largest_step = max(largest_step, math.dist(current, previous))
        nearest_other = min([nearest_other] + [math.dist(h, current) for h in hips if h and h != current])
        if hips[best] and math.dist(hips[best], current) > 200:
            elsewhere.append(n)
        previous = current
    print(f"balancing cam0{cam}: largest step {largest_step:.1f} px, nearest other person {nearest_other:.0f} px,"
          f" most confident elsewhere on frames {elsewhere}")
