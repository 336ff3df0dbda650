# The reference computation the benchmark compares `posecheck check` with: the scissor-stance
# checks on every frame, vectorised with numpy. Shared by pandas_csv.py and json_load.py.
import numpy as np

NAMES = ["nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
         "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
         "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
         "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
         "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
         "right_heel", "left_foot_index", "right_foot_index"]
INDEX = {n: i for i, n in enumerate(NAMES)}


def angle(u, v):
    """Unsigned angle between rows of u and v, degrees."""
    dot = (u * v).sum(axis=1)
    cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    return np.degrees(np.arctan2(np.abs(cross), dot))


def grade(xy, vis, width, height):
    """xy: frames × 33 × 2 normalised (y down); vis: frames × 33. Returns frames in form."""
    p = xy * np.array([width, -height])  # pixels, y up
    P = lambda name: p[:, INDEX[name], :]
    up = np.array([[0.0, 1.0]]).repeat(len(p), axis=0)
    knee = {s: 180 - angle(P(s + "_hip") - P(s + "_knee"), P(s + "_ankle") - P(s + "_knee")) for s in ("left", "right")}
    front = "left" if np.nanmean(knee["left"]) > np.nanmean(knee["right"]) else "right"
    back = "right" if front == "left" else "left"
    mid_hip = (P("left_hip") + P("right_hip")) / 2
    mid_shoulder = (P("left_shoulder") + P("right_shoulder")) / 2
    trunk = angle(mid_shoulder - mid_hip, up)
    thigh = P(back + "_knee") - P(back + "_hip")
    hip_ext = angle(thigh, mid_hip - mid_shoulder)
    leg = np.linalg.norm(P(back + "_hip") - P(back + "_ankle"), axis=1)
    lowest = lambda s: np.minimum(np.minimum(P(s + "_heel")[:, 1], P(s + "_foot_index")[:, 1]), P(s + "_ankle")[:, 1])
    feet = np.abs(lowest(front) - lowest(back)) / leg
    confident = (vis[:, [INDEX[s + "_" + j] for s in ("left", "right") for j in ("hip", "knee", "ankle", "shoulder")]] >= 0.5).all(axis=1)
    ok = (np.abs(knee[front] - 90) <= 15) & (knee[back] <= 15) & (trunk <= 15) & (hip_ext >= 10) & (feet <= 0.15) & confident
    return int(ok.sum())
