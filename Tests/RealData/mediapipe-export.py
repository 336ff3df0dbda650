#!/usr/bin/env python3
"""Runs MediaPipe Pose (the legacy mediapipe.solutions.pose, model_complexity 1) on a video or an
image of a real person and writes the export the way people's own scripts write it:

  OUT.json        {"format": "mediapipe_pose_landmarks", "tool": "mediapipe 0.10.21",
                   "source": ..., "fps": ..., "image_width": W, "image_height": H,
                   "landmark_names": [33 lowercase names],
                   "frames": [{"frame": i, "timestamp_ms": t,
                               "landmarks": [{"x","y","z","visibility"} x 33] or []}]}
                  x, y normalised by W and H, z on roughly the scale of x (MediaPipe's own).
  OUT.world.json  (--world) the same shape with "pose_world_landmarks" (metres, origin between
                  the hips) in each frame instead of "landmarks".
  OUT.csv         (--csv) frame,timestamp_ms,image_width,image_height,nose_x,nose_y,nose_z,
                  nose_visibility,... (33 x 4); the landmark cells are empty when nothing was
                  detected.

Settings are MediaPipe's defaults except where named: static_image_mode False for a video (True for
an image), model_complexity 1, smooth_landmarks True, enable_segmentation False,
min_detection_confidence 0.5, min_tracking_confidence 0.5. Nothing is random: the CPU graph gives
the same numbers for the same frames, so a rerun writes the same files.

Timestamps are frame / fps (not the container's per-frame times), in milliseconds, rounded to
3 decimals. An image is one frame with timestamp_ms 0 and "fps": null.

  python mediapipe-export.py INPUT OUT_STEM [--source NAME] [--csv] [--world]
"""
import argparse
import csv
import json
import os
import sys

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}


def landmark_dicts(landmark_list):
    return [{"x": lm.x, "y": lm.y, "z": lm.z, "visibility": lm.visibility} for lm in landmark_list.landmark]


def read_frames(path):
    """Returns (fps or None, is_image, an iterable of RGB frames)."""
    import cv2
    if os.path.splitext(path)[1].lower() in IMAGE_EXTENSIONS:
        image = cv2.imread(path, cv2.IMREAD_COLOR)
        if image is None:
            sys.exit(f"error: cannot read image {path}")
        return None, True, [cv2.cvtColor(image, cv2.COLOR_BGR2RGB)]
    capture = cv2.VideoCapture(path)
    if not capture.isOpened():
        sys.exit(f"error: cannot open video {path}")
    fps = capture.get(cv2.CAP_PROP_FPS) or None

    def frames():
        while True:
            ok, image = capture.read()
            if not ok:
                break
            yield cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        capture.release()
    return fps, False, frames()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("out_stem", help="writes OUT_STEM.json (and .world.json, .csv)")
    parser.add_argument("--source", help="the source name written in the export (default: the input's file name)")
    parser.add_argument("--csv", action="store_true", help="also write OUT_STEM.csv")
    parser.add_argument("--world", action="store_true", help="also write OUT_STEM.world.json")
    args = parser.parse_args()

    import mediapipe as mp
    pose_module = mp.solutions.pose
    names = [landmark.name.lower() for landmark in pose_module.PoseLandmark]
    assert len(names) == 33

    fps, is_image, frames = read_frames(args.input)
    image_frames, world_frames = [], []
    width = height = None
    with pose_module.Pose(static_image_mode=is_image, model_complexity=1, smooth_landmarks=True,
                          enable_segmentation=False, min_detection_confidence=0.5,
                          min_tracking_confidence=0.5) as pose:
        for index, rgb in enumerate(frames):
            h, w = rgb.shape[:2]
            if width is None:
                width, height = w, h
            elif (w, h) != (width, height):
                sys.exit(f"error: frame {index} is {w}x{h}, the first was {width}x{height}")
            result = pose.process(rgb)
            t = 0.0 if is_image else round(index * 1000.0 / fps, 3)
            image = landmark_dicts(result.pose_landmarks) if result.pose_landmarks else []
            world = landmark_dicts(result.pose_world_landmarks) if result.pose_world_landmarks else []
            image_frames.append({"frame": index, "timestamp_ms": t, "landmarks": image})
            world_frames.append({"frame": index, "timestamp_ms": t, "pose_world_landmarks": world})
    if width is None:
        sys.exit(f"error: no frames in {args.input}")

    header = {
        "format": "mediapipe_pose_landmarks",
        "tool": f"mediapipe {mp.__version__}",
        "source": args.source or os.path.basename(args.input),
        "fps": fps,
        "image_width": width,
        "image_height": height,
        "landmark_names": names,
    }
    out_dir = os.path.dirname(args.out_stem)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)

    def write_json(path, document):
        with open(path + ".tmp", "w") as f:
            json.dump(document, f)
            f.write("\n")
        os.replace(path + ".tmp", path)

    write_json(args.out_stem + ".json", {**header, "frames": image_frames})
    if args.world:
        write_json(args.out_stem + ".world.json",
                   {**header, "format": "mediapipe_pose_world_landmarks", "frames": world_frames})
    if args.csv:
        path = args.out_stem + ".csv"
        with open(path + ".tmp", "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["frame", "timestamp_ms", "image_width", "image_height"]
                            + [f"{n}_{c}" for n in names for c in ("x", "y", "z", "visibility")])
            for frame in image_frames:
                cells = [v for lm in frame["landmarks"] for v in (lm["x"], lm["y"], lm["z"], lm["visibility"])]
                writer.writerow([frame["frame"], frame["timestamp_ms"], width, height]
                                + (cells or [""] * (33 * 4)))
        os.replace(path + ".tmp", path)

    detected = sum(1 for frame in image_frames if frame["landmarks"])
    print(f"{args.out_stem}.json: {len(image_frames)} frames, {detected} with a pose, {width}x{height}, fps {fps}")


if __name__ == "__main__":
    main()
