#!/usr/bin/env bash
# Turns the real videos that fetch-real-data.sh fetches into real MediaPipe Pose exports.
# Nothing here is committed: the venv, the wheels and the exports land in .real-data/ (git-ignored)
# or in $POSECHECK_REAL_DATA.
#
#   Tests/RealData/make-mediapipe-exports.sh            # first run: 129 MB of wheels from PyPI; later runs reuse them
#   Tests/RealData/make-mediapipe-exports.sh --images   # also two photos from scikit-image's data (14 MB more)
#
# 1. Runs fetch-real-data.sh (the Pose2Sim and Sports2D demo videos) if its data is missing.
# 2. Makes the venv $dest/venv from Tests/RealData/mediapipe-requirements.txt: every package pinned by
#    version and SHA-256, no dependency resolution (CPython 3.11 on Linux x86_64; the wheels are kept
#    in $dest/wheels/mediapipe, so a rebuild of the venv downloads nothing).
# 3. Runs mediapipe-export.py on each video, one at a time, into $dest/mediapipe/:
#      pose2sim-<trial>-camNN.json / .world.json / .csv   (Pose2Sim demo, 60 fps, 1080x1920 portrait)
#      sports2d-demo.json / .world.json / .csv             (Sports2D demo, 30 fps)
#    and SOURCES.tsv (each export, its source video and the video's SHA-256, frames, frames with a pose).
# 4. With --images: single-image exports ("fps": null, one frame) of two real photos that
#    scikit-image 0.26.0 (BSD-3-Clause) ships in skimage/data/:
#      skimage-astronaut  astronaut.png, Eileen Collins, NASA, public domain: upper body only, so the
#                         legs are placed below the image (y > 1) with visibility under 0.1;
#      skimage-camera     camera.png, CC0 (Lav Varshney): a man behind a tripod, legs hidden by his
#                         coat, and MediaPipe places one knee on the grass (visibility 0.16).
# Idempotent: an export is made again only when it is missing or when the export script or the
# requirements changed (a stamp in $dest/mediapipe records their SHA-256).
set -euo pipefail
images=false
for arg in "$@"; do
  case $arg in
    --images) images=true ;;
    *) echo "usage: $0 [--images]" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dest=${POSECHECK_REAL_DATA:-$root/.real-data}
requirements=$here/mediapipe-requirements.txt
exporter=$here/mediapipe-export.py

python=${PYTHON:-python3}
if ! "$python" -c 'import sys, platform; sys.exit(0 if sys.version_info[:2] == (3, 11) and platform.machine() == "x86_64" else 1)'; then
  echo "error: the pinned wheels need CPython 3.11 on x86_64; set PYTHON to one ($python is $("$python" -V 2>&1))" >&2
  exit 1
fi

pose2sim=$dest/pose2sim-0.7.2/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant
sports2d=$dest/sports2d-0.8.34/Sports2D/Demo/demo.mp4
if [ ! -f "$sports2d" ] || [ ! -f "$pose2sim/S00_P00_T01_BalancingTrial/videos/cam04.mp4" ]; then
  "$here/fetch-real-data.sh" >/dev/null
fi

# The venv: made again when the requirements change.
venv=$dest/venv
req_sha=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$venv/.posecheck-requirements" 2>/dev/null || true)" != "$req_sha" ]; then
  rm -rf "$venv"
  mkdir -p "$dest/wheels/mediapipe"
  "$python" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
    --only-binary=:all: -r "$requirements" -d "$dest/wheels/mediapipe"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
    --only-binary=:all: --no-index --find-links "$dest/wheels/mediapipe" -r "$requirements"
  echo "$req_sha" > "$venv/.posecheck-requirements"
fi

out=$dest/mediapipe
mkdir -p "$out"
stamp=$(cat "$requirements" "$exporter" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
  rm -f "$out"/*.json "$out"/*.csv "$out"/SOURCES.tsv "$out"/export.log
  echo "$stamp" > "$out/.stamp"
fi

# export NAME VIDEO SOURCE_LABEL
export_one() {
  local name=$1 video=$2 label=$3
  if [ ! -f "$out/$name.json" ] || [ ! -f "$out/$name.world.json" ] || [ ! -f "$out/$name.csv" ]; then
    GLOG_minloglevel=2 TF_CPP_MIN_LOG_LEVEL=2 nice -n 10 "$venv/bin/python" "$exporter" "$video" "$out/$name" \
      --source "$label" --csv --world 2>>"$out/export.log"
  fi
}

for trial in S00_P00_T00_StaticTrial S00_P00_T01_BalancingTrial; do
  for cam in cam01 cam02 cam03 cam04; do
    export_one "pose2sim-${trial#S00_P00_}-$cam" "$pose2sim/$trial/videos/$cam.mp4" "$trial/videos/$cam.mp4"
  done
done
export_one sports2d-demo "$sports2d" demo.mp4

if $images; then
  skimage_wheel=$dest/wheels/scikit_image-0.26.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl
  if [ ! -f "$skimage_wheel" ]; then
    "$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: scikit-image==0.26.0 -d "$dest/wheels"
  fi
  echo "74aa5518ccea28121f57a95374581d3b979839adc25bb03f289b1bc9b99c58af  $skimage_wheel" | sha256sum --check --quiet - \
    || { echo "error: $skimage_wheel does not match its pinned SHA-256" >&2; exit 1; }
  if [ ! -f "$dest/scikit-image-0.26.0/skimage/data/camera.png" ]; then
    "$python" - "$skimage_wheel" "$dest/scikit-image-0.26.0" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in ("skimage/data/astronaut.png", "skimage/data/camera.png"):
        z.extract(name, out)
PY
  fi
  for photo in astronaut camera; do
    export_one "skimage-$photo" "$dest/scikit-image-0.26.0/skimage/data/$photo.png" "$photo.png"
  done
fi

# SOURCES.tsv: what each export came from, and how many frames it has and how many with a pose.
"$venv/bin/python" - "$out" "$dest" <<'PY'
import hashlib, json, os, sys
out, dest = sys.argv[1], sys.argv[2]
sources = {"sports2d-demo": "sports2d-0.8.34/Sports2D/Demo/demo.mp4",
           "skimage-astronaut": "scikit-image-0.26.0/skimage/data/astronaut.png",
           "skimage-camera": "scikit-image-0.26.0/skimage/data/camera.png"}
for trial in ("S00_P00_T00_StaticTrial", "S00_P00_T01_BalancingTrial"):
    for cam in ("cam01", "cam02", "cam03", "cam04"):
        sources[f"pose2sim-{trial[len('S00_P00_'):]}-{cam}"] = \
            f"pose2sim-0.7.2/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant/{trial}/videos/{cam}.mp4"
rows = ["export\tsource\tsource_sha256\tframes\tframes_with_pose\timage_width\timage_height\tfps\ttool"]
for name, source in sources.items():
    if not os.path.exists(os.path.join(out, name + ".json")):
        continue  # the photos without --images
    with open(os.path.join(dest, source), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(out, name + ".json")) as f:
        doc = json.load(f)
    frames = doc["frames"]
    rows.append("\t".join(map(str, [name + ".json", source, sha, len(frames), sum(1 for fr in frames if fr["landmarks"]),
                                    doc["image_width"], doc["image_height"], doc["fps"], doc["tool"]])))
with open(os.path.join(out, "SOURCES.tsv"), "w") as f:
    f.write("\n".join(rows) + "\n")
PY
echo "MediaPipe exports ready in $out"
