#!/usr/bin/env bash
# Tests/RealData/make-pose2sim-trc.sh [OUT]
#   (default: pose2sim-trc in $POSECHECK_REAL_DATA, else in the repository's .real-data/)
#
# About 4 minutes and 1.5 GB of downloads from PyPI, once (4.7 GB on disk, mostly the two
# venvs); later runs reuse everything. The real-data tests for TRC and .mot files skip, naming
# this script, when its output is absent. CI does not run it (its size).
#
# Makes REAL .trc marker files and REAL OpenSim joint-angle .mot files from the real recordings of
# real people that the pose2sim 0.7.2 wheel ships (S00_Demo_Session: OpenPose BODY_25B JSON from
# 4 calibrated cameras, Qualisys calibration, one Config.toml per session/participant/trial),
# with the tools users run, offline (PyPI is the only network needed):
#
#   A. Pose2Sim 0.7.2 (TensorFlow 2.15 marker augmenter), on the whole demo session as shipped:
#      calibration (qca -> toml), personAssociation, triangulation, filtering, markerAugmentation
#      -> OUT/pose2sim-0.7.2/*.trc
#   B. Pose2Sim 0.10.49 + OpenSim 4.6 (both from PyPI), on each demo trial (same 2D JSON, same
#      calibration), with the Config.toml that 0.10.49 ships (Demo_SinglePerson) edited only for this
#      data: pose_model BODY_25B, 60 fps, all frames, the participants' heights/masses from the 0.7.2
#      configs, multi_person for the two-person trial, display_figures off:
#      calibration, personAssociation, triangulation, filtering, markerAugmentation, kinematics
#      (OpenSim scaling + inverse kinematics)
#      -> OUT/pose2sim-0.10.49/*.trc and *.mot
#   OUT/SOURCES.tsv: one line per file (file, tool, input trial, notes); OUT/logs/: the tools' output.
#
# Not done: Sports2D (0.8.34) needs RTMPose/YOLOX ONNX models downloaded at run time
# (download.openmmlab.com / huggingface) for its pose estimation; offline it fails with URLError.
#
# Needs CPython 3.11 on Linux x86_64 (the pins are cp311 manylinux wheels; set PYTHON to choose one)
# and the shared libraries that opencv-python and PyQt5 load (libGL, glib, fontconfig): if they are
# missing and this runs as root with apt-get, it installs libgl1 libglib2.0-0 libfontconfig1.
# Disk: about 3.5 GB of venvs (OUT/.venv-*). Every package is pinned by version and SHA-256 and
# installed without dependency resolution (--no-deps --require-hashes --only-binary=:all:).
# Idempotent: a venv is rebuilt only if its pins changed; a pipeline runs again only if one of its
# outputs is missing or the pins/script changed (stamp files). SOURCES.tsv is rewritten each run.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-${POSECHECK_REAL_DATA:-$root/.real-data}/pose2sim-trc}
mkdir -p "$out"
out=$(cd "$out" && pwd)
python=${PYTHON:-python3}
nice="nice -n 19"
work=$out/.work
logs=$out/logs
mkdir -p "$work" "$logs"
self_sha=$(sha256sum "$0" | cut -d' ' -f1)

if ! "$python" -c 'import sys, platform; sys.exit(0 if sys.version_info[:2] == (3, 11) and platform.machine() == "x86_64" else 1)'; then
  echo "error: the pinned wheels need CPython 3.11 on x86_64; set PYTHON to one ($python is $("$python" -V 2>&1))" >&2
  exit 1
fi

# Shared libraries that cv2 and PyQt5 (imported by Pose2Sim) load.
if ! "$python" -c 'import ctypes; [ctypes.CDLL(l) for l in ("libGL.so.1", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libfontconfig.so.1")]' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing libgl1 libglib2.0-0 libfontconfig1 (needed by opencv-python and PyQt5)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgl1 libglib2.0-0 libfontconfig1 >/dev/null
  else
    echo "error: libGL.so.1 / libglib-2.0.so.0 / libfontconfig.so.1 missing: install libgl1 libglib2.0-0 libfontconfig1" >&2
    exit 1
  fi
fi

# ---------------------------------------------------------------- pins (pip freeze of working venvs)
cat > "$work/req-pose2sim-0.7.2.txt" <<'EOF'
absl-py==2.5.1 --hash=sha256:721200f2f0e9960f2ca9dc3a2a706b201f5f75d812c158f059cbbe29eeafbdb8
anytree==2.13.0 --hash=sha256:4cbcf10df36b1f1cba131b7e487ff3edafc9d6e932a3c70071b5b768bab901ff
asttokens==3.0.2 --hash=sha256:9da13157f5b28becde0bd374fc677dcd3c290614264eff096f167c469cd9f933
astunparse==1.6.3 --hash=sha256:c2652417f2c8b5bb325c885ae329bdf3f86424075c4fd1a128674bc6fba4b8e8
c3d==0.6.0 --hash=sha256:86928e4bd46aac107b1288981e4fee0daaca7ca24524bef6e890a99b7d1421a4
certifi==2026.10.19.post1 --hash=sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2
cffi==2.1.1 --hash=sha256:34e261f78cb6ceaaa36f42f2613f4380d94d9c759a9c73c769ee6e0247364632
charset-normalizer==3.5.3 --hash=sha256:2a6f937e0b70133d1f826d0a253331b6fe1a4c874808cc12e16f2fb8177042f4
contourpy==1.3.3 --hash=sha256:51e79c1f7470158e838808d4a996fa9bac72c498e93d8ebe5119bc1e6becb0db
cryptography==50.0.2 --hash=sha256:9dab55f57c74c3cad24c323bacbbd04be4705ba6eb0d92e920b1fc4837ed5079
cycler==0.12.1 --hash=sha256:85cef7cff222d8644161529808465972e51340599459b8ac3ccbac5a854e0d30
executing==2.3.0 --hash=sha256:736e859c9f8701f11fcf516856f26f562e04776387824b43a35a1dfe21c84122
filterpy==2.0.0 --hash=sha256:c5028eaf31a7181d2d5565a5447e9b1cda746c99b317f62d89018fc791ef1f7e
flatbuffers==25.12.19 --hash=sha256:7634f50c427838bb021c2d66a3d1168e9d199b0607e6329399f04846d42e20b4
fonttools==4.68.0 --hash=sha256:4b9c89b5876f1a74b1341632dfaf4c4c2be565d76c060445df401ebe7a4ceefa
formulaic==1.2.2 --hash=sha256:0f84ff49e3fc9dc0e68ab08a0a9427874021aa6c558e66b44dc634a35739b09b
gast==0.7.0 --hash=sha256:99cbf1365633a74099f69c59bd650476b96baa5ef196fec88032b00b31ba36f7
google-auth==2.63.0 --hash=sha256:cbc065325f67511946d1a66672e4f47e71ed162ef1abd2bb8404ceec407c86ba
google-auth-oauthlib==1.5.0 --hash=sha256:71625fdea21c6c03217eb9ff13741c3096e6d257ebca0ad084dbd6e9f4aa4ef4
google-pasta==0.2.0 --hash=sha256:b32482794a366b5366a32c92a9a9201b107821889935a02b3e51f6b432ea84ed
grpcio==1.85.3 --hash=sha256:f2948333a1f462c0e559b5ea436655ed36822fa448f5713d6de2d483bed6e03f
h5py==3.16.0 --hash=sha256:fb1720028d99040792bb2fb31facb8da44a6f29df7697e0b84f0d79aff2e9bd3
idna==3.21 --hash=sha256:387ab0bbea1ee7a196ea5b24eb007bad0242cc3127fe96713939942bc9e720d7
interface_meta==2.0.1 --hash=sha256:f38016bef9a4429b6d0792d809be7b65e9781820c674bf7f463999086b6e6323
ipython==9.18.1 --hash=sha256:997ce9140d374531a61069c70c0f9ef299d6dd3559ea0f94b8af589726e3c1d5
ipython_pygments_lexers==1.1.1 --hash=sha256:a9462224a505ade19a605f71f8fa63c2048833ce50abc86768a0d81d876dc81c
jedi==0.20.1 --hash=sha256:0fb16d86c4a4c73c37ba518c77419975e30fcc620658a8d14fbb5720cdd34142
keras==2.15.0 --hash=sha256:2dcc6d2e30cf9c951064b63c1f4c404b966c59caf09e01f3549138ec8ee0dd1f
kiwisolver==1.5.1 --hash=sha256:95a02752aa032eef4aed01cda6d9b687c669bd0396bf4519eef8bba22a286720
libclang==18.1.1 --hash=sha256:c533091d8a3bbf7460a00cb6c1a71da93bffe148f172c7d03b1c31fbf8aa2a0b
lxml==6.2.0 --hash=sha256:437145a5bf9cf728200a659fe85d0fe73a33a475ec4d57e6285b6e01418b73b1
markdown==3.11.3 --hash=sha256:e1a31a112232504d753e5c01bb8c2de90d3f0ba986b063e10770cf7695b09e73
markupsafe==3.0.4 --hash=sha256:6da83a088f8ef93b2d483a8232a4dbf4d69d3d8496b568a03c56becac43e1808
matplotlib==3.11.2 --hash=sha256:07d9b9fa60cd4c393692f50d0bb03123242ddf61c99bb0e95e75feb354e7c1a8
matplotlib-inline==0.2.2 --hash=sha256:3c821cf1c209f59fb2d2d64abbf5b23b67bcb2210d663f9918dd851c6da1fcf6
ml-dtypes==0.2.0 --hash=sha256:e85ba8e24cf48d456e564688e981cf379d4c8e644db0a2f719b78de281bac2ca
mpl_interactions==0.24.2 --hash=sha256:bacda7af49007096942d01a4973e7df5b52afaa8385a688a383e34ffee6105d3
narwhals==2.29.0 --hash=sha256:1c69b3dc30240f6e848c5a673cafc86affa44184ecce721e25b7194663ad10dc
numpy==1.26.4 --hash=sha256:666dbfb6ec68962c033a450943ded891bed2d54e6755e35e5835d63f4f6931d5
oauthlib==4.0.1 --hash=sha256:498a298876e996301950a5b053d12c31628bb7b895db03666430c69ce182eb61
opencv-python==4.11.0.86 --hash=sha256:6b02611523803495003bd87362db3e1d2a0454a6a63025dc6658a9830570aa0d
opt_einsum==3.4.0 --hash=sha256:69bb92469f86a1565195ece4ac0323943e83477171b91d24c35afe028a90d7cd
packaging==26.4 --hash=sha256:81383611a09c1bc0b08b76e0fd5829d7c6824c65b27a6aee339da133f4233ea2
pandas==3.0.6 --hash=sha256:47121f9571503f724c9b93e297ab6254ac99c77adf5e9ed085ea419fd585c258
parso==0.8.7 --hash=sha256:a8926eb2a1b915486941fdbd31e86a4baf88fe8c210f25f2f35ecec5b574ca1c
patsy==1.0.3 --hash=sha256:d3dbebe8fd5f46e29912d030b63c6268647b59bf788a99e2af28a30234cf357c
pexpect==4.9.0 --hash=sha256:7236d1e080e4936be2dc3e326cec0af72acf9212a7e1d060210e70a47e253523
pillow==13.0.0 --hash=sha256:a625df9a2a5597fa5e5266e01aefc82604bb85d291e3547981e863560d75da6c
pose2sim==0.7.2 --hash=sha256:9b697cae93307c75c1c16b5ffc6a633e304fced14ecd8189691cba25c0b6d85c
prompt_toolkit==3.0.53 --hash=sha256:01c0891d7f9237d5e339f7d3e42cdae80b7534abb1c7c0e3352efba6231492f2
protobuf==4.25.9 --hash=sha256:438c636de8fb706a0de94a12a268ef1ae8f5ba5ae655a7671fcda5968ba3c9be
psutil==7.2.2 --hash=sha256:076a2d2f923fd4821644f5ba89f059523da90dc9014e85f8e45a5774ca5bc6f9
ptyprocess==0.7.0 --hash=sha256:4b41f3967fce3af57cc7e94b888626c18bf37a083e3651ca8feeb66d492fef35
pure_eval==0.2.4 --hash=sha256:96cae060a313cfaad51bb761278bfb0e62dc0248d9315a81173752dc546cd37a
pyasn1==0.6.5 --hash=sha256:4017b0fce125096b8573b39c989fdb1a4b19cf761e683398184550fea0e66587
pyasn1_modules==0.4.2 --hash=sha256:29253a9207ce32b64c3ac6600edc75368f98473906e8fd1043bd6b5b1de2c14a
pycparser==3.12 --hash=sha256:a076f3f489b39b43ed13563a1dafe42447445bec2e294154ec5c57fcdda4c85e
pygments==2.21.0 --hash=sha256:2363c69b61c4a97c838da3b130dcd6468f4848992b21a82f2a63ec34377137d9
pyparsing==3.3.3 --hash=sha256:ece8c00a69cf01b45d0b1dedabb469c90d8caf996d4fda40f147627a122849a4
pyqt5==5.15.11 --hash=sha256:cd672a6738d1ae33ef7d9efa8e6cb0a1525ecf53ec86da80a9e1b6ec38c8d0f1
pyqt5-qt5==5.15.19 --hash=sha256:31421d9c31fb29a8faee4b8b3c32658fb51a9e8c4c708075121162fa44faf80e
pyqt5_sip==12.20.1 --hash=sha256:36212154c64f91c4d1584ea1792e5e71a7502f53a10a3b52659f660243e461eb
python-dateutil==4.0.0 --hash=sha256:a5e246f79eb80475e691bf93862cead98decd8a498cf53ba0516fcdc0f50dc1c
requests==2.34.2 --hash=sha256:2a0d60c172f83ac6ab31e4554906c0f3b3588d37b5cb939b1c061f4907e278e0
requests-oauthlib==2.0.0 --hash=sha256:7dd8a5c40426b779b0868c404bdef9768deccf22749cde15852df527e6269b36
scipy==1.17.1 --hash=sha256:43af8d1f3bea642559019edfe64e9b11192a8978efbd1539d7bc2aaa23d92de4
six==1.17.0 --hash=sha256:4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274
stack-data==0.6.3 --hash=sha256:d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695
statsmodels==0.15.0 --hash=sha256:b67886b66d9c7ca118526accedb5c6de7ffd74c015dc0492ea0b1690192b65da
tensorboard==2.15.2 --hash=sha256:a6f6443728064d962caea6d34653e220e34ef8df764cb06a8212c17e1a8f0622
tensorboard-data-server==0.7.2 --hash=sha256:ef687163c24185ae9754ed5650eb5bc4d84ff257aabdc33f0cc6f74d8ba54530
tensorflow==2.15.0 --hash=sha256:dee8ec2b2c6c942ae65d25746e53cdc475e82d5fcbbb3009ce47f5963d69ebfc
tensorflow-estimator==2.15.0 --hash=sha256:aedf21eec7fb2dc91150fc91a1ce12bc44dbb72278a08b58e79ff87c9e28f153
tensorflow-io-gcs-filesystem==0.37.1 --hash=sha256:ee7c8ee5fe2fd8cb6392669ef16e71841133041fee8a330eff519ad9b36e4556
termcolor==3.3.0 --hash=sha256:cf642efadaf0a8ebbbf4bc7a31cec2f9b5f21a9f726f4ccbb08192c9c26f43a5
toml==0.10.2 --hash=sha256:806143ae5bfb6a3c6e736a764057db0e6a0e05e338b5630894a5f779cabb4f9b
tqdm==4.70.1 --hash=sha256:c293e525e6fef9c20e8728fd4612df02a0aa31bb5fe91ecd93e123b1b7bffa73
traitlets==5.16.1 --hash=sha256:f775618166caa0396c8e337099240f2bd3e5e917d203b2e6fbe21a58d3cb1f6b
typing_extensions==4.16.0 --hash=sha256:481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8
tzdata==2026.6 --hash=sha256:0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec
urllib3==2.8.0 --hash=sha256:0cf3cae568d36aa9576b28dfb35f11328f1cb974ca7647d9475ebb86c75ac6e3
wcwidth==0.9.4 --hash=sha256:b185c8b927b23af2721be1783499d1cfa5c028b098b0858951b4ae224477f1c2
werkzeug==3.1.9 --hash=sha256:6392e50c78460ba618e5b21f08a71f59c99ce99cdc6cf6e3dd7e6ccca8754fab
wrapt==1.14.2 --hash=sha256:122015da6e0a1d09e1f9fbb8c756b9a8802e6cb01138f5256c121602bc7c7399
EOF
cat > "$work/req-pose2sim-0.10.49.txt" <<'EOF'
anytree==2.13.0 --hash=sha256:4cbcf10df36b1f1cba131b7e487ff3edafc9d6e932a3c70071b5b768bab901ff
asttokens==3.0.2 --hash=sha256:9da13157f5b28becde0bd374fc677dcd3c290614264eff096f167c469cd9f933
av==18.1.0 --hash=sha256:8a032e8d8ebc73dec079364b9b4a6837638a2d106e8472314e685ffbf163e700
c3d==0.6.0 --hash=sha256:86928e4bd46aac107b1288981e4fee0daaca7ca24524bef6e890a99b7d1421a4
caliscope==0.11.8 --hash=sha256:590b55635b2d4dedca6dcc26f1813c6ac27d8b7c8ff1f71f1ec4bea4c5c7a390
contourpy==1.3.3 --hash=sha256:51e79c1f7470158e838808d4a996fa9bac72c498e93d8ebe5119bc1e6becb0db
cycler==0.12.1 --hash=sha256:85cef7cff222d8644161529808465972e51340599459b8ac3ccbac5a854e0d30
executing==2.3.0 --hash=sha256:736e859c9f8701f11fcf516856f26f562e04776387824b43a35a1dfe21c84122
filterpy==2.0.0 --hash=sha256:c5028eaf31a7181d2d5565a5447e9b1cda746c99b317f62d89018fc791ef1f7e
flatbuffers==25.12.19 --hash=sha256:7634f50c427838bb021c2d66a3d1168e9d199b0607e6329399f04846d42e20b4
fonttools==4.68.0 --hash=sha256:4b9c89b5876f1a74b1341632dfaf4c4c2be565d76c060445df401ebe7a4ceefa
formulaic==1.2.2 --hash=sha256:0f84ff49e3fc9dc0e68ab08a0a9427874021aa6c558e66b44dc634a35739b09b
interface_meta==2.0.1 --hash=sha256:f38016bef9a4429b6d0792d809be7b65e9781820c674bf7f463999086b6e6323
ipython==9.18.1 --hash=sha256:997ce9140d374531a61069c70c0f9ef299d6dd3559ea0f94b8af589726e3c1d5
ipython_pygments_lexers==1.1.1 --hash=sha256:a9462224a505ade19a605f71f8fa63c2048833ce50abc86768a0d81d876dc81c
jedi==0.20.1 --hash=sha256:0fb16d86c4a4c73c37ba518c77419975e30fcc620658a8d14fbb5720cdd34142
kiwisolver==1.5.1 --hash=sha256:95a02752aa032eef4aed01cda6d9b687c669bd0396bf4519eef8bba22a286720
lxml==6.2.0 --hash=sha256:437145a5bf9cf728200a659fe85d0fe73a33a475ec4d57e6285b6e01418b73b1
markdown-it-py==4.3.0 --hash=sha256:7aa1511a46c39138de78d9eba92ce47e63124d8003fc98b3a351909e04239efa
matplotlib==3.11.2 --hash=sha256:07d9b9fa60cd4c393692f50d0bb03123242ddf61c99bb0e95e75feb354e7c1a8
matplotlib-inline==0.2.2 --hash=sha256:3c821cf1c209f59fb2d2d64abbf5b23b67bcb2210d663f9918dd851c6da1fcf6
mdurl==0.1.2 --hash=sha256:84008a41e51615a49fc9966191ff91509e3c40b939176e643fd50a5c2196b8f8
mpl_interactions==0.24.2 --hash=sha256:bacda7af49007096942d01a4973e7df5b52afaa8385a688a383e34ffee6105d3
narwhals==2.29.0 --hash=sha256:1c69b3dc30240f6e848c5a673cafc86affa44184ecce721e25b7194663ad10dc
numpy==2.4.6 --hash=sha256:89cd468399cfd2504718f0ba50e410dca55a170b61a02ad92bb18c8a65186e93
onnxruntime==1.32.0 --hash=sha256:5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d
opencv-contrib-python==5.1.0.95 --hash=sha256:7f116724aca4bf599bd1ae0bae0a7ae25c2d0f2ae3c54c3d13da08d045e513a5
opencv-python==5.1.0.95 --hash=sha256:54e3be8acbda657c51227379a657a706a4e88032ce4a070728a8d6531e7c9ffc
opensim==4.6 --hash=sha256:0942d0e34891a760f96902e9e44e56870321b024047f1ab80300a45b4cf9795f
openvino==2026.4.1 --hash=sha256:2d22b1da03f7caf74df30e9f6417d0ab2f637e4a38e08e1dcd294d2c37407aaf
openvino-telemetry==2025.2.0 --hash=sha256:bcb667e83a44f202ecf4cfa49281715c6d7e21499daec04ff853b7f964833599
packaging==26.4 --hash=sha256:81383611a09c1bc0b08b76e0fd5829d7c6824c65b27a6aee339da133f4233ea2
pandas==3.1.1 --hash=sha256:4f1602f614bb83f443381dbcbb94c4ac764b2e50c8d6c965614c5cd83e328c47
parso==0.8.7 --hash=sha256:a8926eb2a1b915486941fdbd31e86a4baf88fe8c210f25f2f35ecec5b574ca1c
patsy==1.0.3 --hash=sha256:d3dbebe8fd5f46e29912d030b63c6268647b59bf788a99e2af28a30234cf357c
pexpect==4.9.0 --hash=sha256:7236d1e080e4936be2dc3e326cec0af72acf9212a7e1d060210e70a47e253523
pillow==13.0.0 --hash=sha256:a625df9a2a5597fa5e5266e01aefc82604bb85d291e3547981e863560d75da6c
platformdirs==4.14.9 --hash=sha256:d0d3a23e7ff282cfa94b77f5a22b81030dcb68ba0430f90c74f4bd8d090782ea
pose2sim==0.10.49 --hash=sha256:403e0dc4065898ba6a595e72a8970950310979253d60e24c2e00b16b36bf21e1
prompt_toolkit==3.0.53 --hash=sha256:01c0891d7f9237d5e339f7d3e42cdae80b7534abb1c7c0e3352efba6231492f2
protobuf==7.36.2 --hash=sha256:89f23aa53c24553a2416fd4fd1ec06f74fa42b14b546d8883128813f775bbfd2
psutil==7.2.2 --hash=sha256:076a2d2f923fd4821644f5ba89f059523da90dc9014e85f8e45a5774ca5bc6f9
ptyprocess==0.7.0 --hash=sha256:4b41f3967fce3af57cc7e94b888626c18bf37a083e3651ca8feeb66d492fef35
pure_eval==0.2.4 --hash=sha256:96cae060a313cfaad51bb761278bfb0e62dc0248d9315a81173752dc546cd37a
pygments==2.21.0 --hash=sha256:2363c69b61c4a97c838da3b130dcd6468f4848992b21a82f2a63ec34377137d9
pyparsing==3.3.3 --hash=sha256:ece8c00a69cf01b45d0b1dedabb469c90d8caf996d4fda40f147627a122849a4
pyside6_essentials==6.12.0 --hash=sha256:16f4b5e41daf49235ae048458243da9efe5f3d8040f9cc5aa454ce69893d3bd9
python-dateutil==4.0.0 --hash=sha256:a5e246f79eb80475e691bf93862cead98decd8a498cf53ba0516fcdc0f50dc1c
rich==15.0.0 --hash=sha256:33bd4ef74232fb73fe9279a257718407f169c09b78a87ad3d296f548e27de0bb
rtmlib==0.0.16 --hash=sha256:ba932b25f7d264d7ec4837545c5e7c392001f48b53e22e514cb1497882389eaa
rtoml==0.14.0 --hash=sha256:3b6ac145e512a5bf3cff0d558f36f673c3bff85f810bea85106fcd189f6f31df
scipy==1.17.1 --hash=sha256:43af8d1f3bea642559019edfe64e9b11192a8978efbd1539d7bc2aaa23d92de4
shiboken6==6.12.0 --hash=sha256:3bde565bb0890044b5c7f63808adddede5abc241e9395a2bfed61919884d6240
stack-data==0.6.3 --hash=sha256:d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695
statsmodels==0.15.0 --hash=sha256:b67886b66d9c7ca118526accedb5c6de7ffd74c015dc0492ea0b1690192b65da
tqdm==4.70.1 --hash=sha256:c293e525e6fef9c20e8728fd4612df02a0aa31bb5fe91ecd93e123b1b7bffa73
traitlets==5.16.1 --hash=sha256:f775618166caa0396c8e337099240f2bd3e5e917d203b2e6fbe21a58d3cb1f6b
typing_extensions==4.16.0 --hash=sha256:481caa481374e813c1b176ada14e97f1f67a4539ce9cfeb3f350d78d6370c2e8
tzdata==2026.6 --hash=sha256:0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec
wcwidth==0.9.4 --hash=sha256:b185c8b927b23af2721be1783499d1cfa5c028b098b0858951b4ae224477f1c2
wrapt==2.5.2 --hash=sha256:0743950d3dda9940e56f81f5334ba051c4fe2e1421e4e4a4ef8eb8fb86a90894
EOF

# make_venv DIR REQUIREMENTS
make_venv() {
  local venv=$1 req=$2 sha
  sha=$(sha256sum "$req" | cut -d' ' -f1)
  if [ "$(cat "$venv/.pins-sha256" 2>/dev/null || true)" != "$sha" ]; then
    echo "making $venv (downloads from PyPI)" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    $nice "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
      --only-binary=:all: -r "$req"
    echo "$sha" > "$venv/.pins-sha256"
  fi
}
venv_a=$out/.venv-pose2sim-0.7.2
venv_b=$out/.venv-pose2sim-0.10.49
make_venv "$venv_a" "$work/req-pose2sim-0.7.2.txt"
make_venv "$venv_b" "$work/req-pose2sim-0.10.49.txt"

# ---------------------------------------------------------------- the demo data, from the 0.7.2 wheel
wheel_sha=$(sed -n 's/^pose2sim==0\.7\.2 --hash=sha256:\([0-9a-f]*\)$/\1/p' "$work/req-pose2sim-0.7.2.txt")
wheel=$work/pose2sim-0.7.2-py3-none-any.whl
if [ ! -f "$wheel" ] || [ "$(sha256sum "$wheel" | cut -d' ' -f1)" != "$wheel_sha" ]; then
  rm -f "$wheel"
  "$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    pose2sim==0.7.2 -d "$work"
fi
[ "$(sha256sum "$wheel" | cut -d' ' -f1)" = "$wheel_sha" ] || { echo "error: $wheel: unexpected SHA-256" >&2; exit 1; }
demo=$work/demo/Pose2Sim/S00_Demo_Session
if [ ! -f "$work/demo/.done" ]; then
  rm -rf "$work/demo"
  "$python" - "$wheel" "$work/demo" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith('Pose2Sim/S00_Demo_Session/')])
EOF
  touch "$work/demo/.done"
fi

export MPLBACKEND=Agg QT_QPA_PLATFORM=offscreen TF_CPP_MIN_LOG_LEVEL=2

# ---------------------------------------------------------------- A: Pose2Sim 0.7.2, whole session
dest_a=$out/pose2sim-0.7.2
stamp_a="$self_sha $(cat "$venv_a/.pins-sha256")"
if [ "$(cat "$dest_a/.stamp" 2>/dev/null || true)" != "$stamp_a" ] || [ "$(ls "$dest_a"/*.trc 2>/dev/null | wc -l)" -ne 18 ]; then
  echo "A: Pose2Sim 0.7.2 on S00_Demo_Session (about 1 min)" >&2
  rm -rf "$work/run-0.7.2" "$dest_a"
  mkdir -p "$work/run-0.7.2" "$dest_a"
  cp -r "$demo" "$work/run-0.7.2/"
  # Pose2Sim 0.7.2's common.py calls mpl.use('qt5agg') at import, which matplotlib refuses on a
  # headless machine unless a Qt application exists: make one (offscreen platform) first.
  ( cd "$work/run-0.7.2/S00_Demo_Session" && $nice "$venv_a/bin/python" -c '
from PyQt5.QtWidgets import QApplication
app = QApplication([])
from Pose2Sim import Pose2Sim
Pose2Sim.calibration()
Pose2Sim.personAssociation()
Pose2Sim.triangulation()
Pose2Sim.filtering()
Pose2Sim.markerAugmentation()
' ) > "$logs/pose2sim-0.7.2.log" 2>&1 || { echo "error: Pose2Sim 0.7.2 failed, see $logs/pose2sim-0.7.2.log" >&2; exit 1; }
  find "$work/run-0.7.2" -path '*/pose-3d/*.trc' -exec cp {} "$dest_a/" \;
  echo "$stamp_a" > "$dest_a/.stamp"
fi

# ---------------------------------------------------------------- B: Pose2Sim 0.10.49 + OpenSim 4.6, per trial
dest_b=$out/pose2sim-0.10.49
stamp_b="$self_sha $(cat "$venv_b/.pins-sha256")"
# trial  participant-folder  multi_person  height  mass   (heights/masses as in the 0.7.2 demo configs)
trials_b="S00_P00_T00_StaticTrial S00_P00_SingleParticipant false 1.72 70.0
S00_P00_T01_BalancingTrial S00_P00_SingleParticipant false 1.72 70.0
S00_P01_T00_StaticTrialParticipant1 S00_P01_MultiParticipants false 1.21 25.0
S00_P01_T01_StaticTrialParticipant2 S00_P01_MultiParticipants false 1.72 70.0
S00_P01_T02_Participants1-2 S00_P01_MultiParticipants true [1.21,1.72] [25.0,70.0]"
if [ "$(cat "$dest_b/.stamp" 2>/dev/null || true)" != "$stamp_b" ]; then
  rm -rf "$work/run-0.10.49" "$dest_b"
  mkdir -p "$dest_b"
  echo "$stamp_b" > "$dest_b/.stamp"
fi
mkdir -p "$work/run-0.10.49" "$dest_b"
config_b=$("$venv_b/bin/python" -c 'import Pose2Sim, os; print(os.path.join(os.path.dirname(Pose2Sim.__file__), "Demo_SinglePerson", "Config.toml"))')
while read -r trial participant multi height mass; do
  [ -f "$dest_b/.done-$trial" ] && continue
  echo "B: Pose2Sim 0.10.49 + OpenSim 4.6 on $trial" >&2
  t=$work/run-0.10.49/$trial
  rm -rf "$t"; mkdir -p "$t/calibration"
  cp "$demo/S00_Calibration/Calib.qca.txt" "$t/calibration/"
  cp -r "$demo/$participant/$trial/pose" "$t/"
  "$venv_b/bin/python" - "$config_b" "$t/Config.toml" "$multi" "$height" "$mass" <<'EOF'
import re, sys
src, dst, multi, height, mass = sys.argv[1:]
s = open(src).read()
for pat, rep in [(r"^multi_person = false", f"multi_person = {multi}"),
                 (r"^participant_height = 'auto'", f"participant_height = {height}"),
                 (r"^participant_mass = 70\.0", f"participant_mass = {mass}"),
                 (r"^frame_rate = 'auto'", "frame_rate = 60"),
                 (r"^frame_range = 'auto'", "frame_range = 'all'"),
                 (r"^pose_model = 'Body_with_feet'", "pose_model = 'BODY_25B'"),
                 (r"^display_figures = true", "display_figures = false")]:
    s, n = re.subn(pat, rep, s, flags=re.M)
    if n != 1:
        sys.exit(f'{src}: expected one line matching {pat!r}, found {n}')
open(dst, 'w').write(s)
EOF
  ( cd "$t" && $nice "$venv_b/bin/python" -c '
from Pose2Sim import Pose2Sim
Pose2Sim.calibration()
Pose2Sim.personAssociation()
Pose2Sim.triangulation()
Pose2Sim.filtering()
Pose2Sim.markerAugmentation()
Pose2Sim.kinematics()
' ) > "$logs/pose2sim-0.10.49-$trial.log" 2>&1 || { echo "error: Pose2Sim 0.10.49 failed on $trial, see $logs/pose2sim-0.10.49-$trial.log" >&2; exit 1; }
  cp "$t"/pose-3d/*.trc "$t"/kinematics/*.mot "$dest_b/"
  touch "$dest_b/.done-$trial"
done <<< "$trials_b"

# ---------------------------------------------------------------- SOURCES.tsv
"$python" - "$out" <<'EOF'
import os, re, sys, glob
out = sys.argv[1]
trials = {
 'S00_P00_T00_StaticTrial': 'S00_P00_SingleParticipant/S00_P00_T00_StaticTrial',
 'S00_P00_T01_BalancingTrial': 'S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial',
 'S00_P01_T00_StaticTrialParticipant1': 'S00_P01_MultiParticipants/S00_P01_T00_StaticTrialParticipant1',
 'S00_P01_T01_StaticTrialParticipant2': 'S00_P01_MultiParticipants/S00_P01_T01_StaticTrialParticipant2',
 'S00_P01_T02_Participants1-2': 'S00_P01_MultiParticipants/S00_P01_T02_Participants1-2',
}
def trc_info(path):
    lines = open(path).read().split('\n')
    h = dict(zip(lines[1].split('\t'), lines[2].split('\t')))
    names = [x for x in lines[3].split('\t')[2:] if x.strip()]
    rows = [l for l in lines[5:] if l.strip()]
    cells = rows[0].split('\t') if rows else []
    nan = sum(1 for r in rows for c in r.split('\t') if c.strip().lower() in ('nan', ''))
    note = (f"{len(rows)} data rows; header NumFrames={h.get('NumFrames')} NumMarkers={h.get('NumMarkers')} "
            f"DataRate={h.get('DataRate')} Units={h.get('Units')}; {len(names)} marker names; "
            f"first Frame#/Time={cells[0] if cells else ''}/{cells[1] if len(cells) > 1 else ''}; empty/NaN cells={nan}")
    if h.get('NumFrames') and h['NumFrames'].isdigit() and int(h['NumFrames']) != len(rows):
        note += '; NOTE header NumFrames differs from the data rows'
    if h.get('NumMarkers') and h['NumMarkers'].isdigit() and int(h['NumMarkers']) != len(names):
        note += '; NOTE header NumMarkers differs from the marker names'
    return note
def mot_info(path):
    lines = open(path).read().split('\n')
    end = next(i for i, l in enumerate(lines) if l.strip() == 'endheader')
    head = dict(l.split('=', 1) for l in lines[:end] if '=' in l)
    cols = lines[end + 1].split('\t')
    rows = [l for l in lines[end + 2:] if l.strip()]
    return (f"{len(rows)} data rows; header nRows={head.get('nRows')} nColumns={head.get('nColumns')} "
            f"inDegrees={head.get('inDegrees')}; {len(cols)} columns incl. time; first time={rows[0].split()[0] if rows else ''}")
out_rows = []
for path in sorted(glob.glob(os.path.join(out, 'pose2sim-*', '*.trc')) + glob.glob(os.path.join(out, 'pose2sim-*', '*.mot'))):
    rel = os.path.relpath(path, out)
    ver = rel.split('/')[0].split('-')[1]
    name = os.path.basename(path)
    trial = next(t for t in sorted(trials, key=len, reverse=True) if name.startswith(t))
    person = re.search(r'_(P\d)_', name[len(trial):] + '_')
    src = f"pose2sim-0.7.2 wheel: Pose2Sim/S00_Demo_Session/{trials[trial]} (OpenPose BODY_25B JSON, 4 cameras, Calib.qca.txt)"
    if person: src += f"; person {person.group(1)} of the multi-person reconstruction"
    if name.endswith('.mot'):
        tool = f"Pose2Sim {ver} kinematics: OpenSim 4.6 scaling + inverse kinematics (Model_Pose2Sim_muscles_flex, LSTM markers)"
        note = mot_info(path)
    elif name.endswith('_LSTM.trc'):
        engine = 'TensorFlow 2.15.0' if ver == '0.7.2' else 'onnxruntime 1.32.0'
        tool = f"Pose2Sim {ver} markerAugmentation (Stanford LSTM v0.3, {engine})"
        note = trc_info(path)
    elif '_filt_' in name:
        tool = f"Pose2Sim {ver} filtering (Butterworth order 4, 6 Hz)"
        note = trc_info(path)
    else:
        tool = f"Pose2Sim {ver} triangulation"
        note = trc_info(path)
    out_rows.append('\t'.join([rel, tool, src, note]))
with open(os.path.join(out, 'SOURCES.tsv'), 'w') as f:
    f.write('file\ttool\tinput_trial\tnotes\n' + '\n'.join(out_rows) + '\n')
print(f"{len(out_rows)} files listed in {os.path.join(out, 'SOURCES.tsv')}", file=sys.stderr)
EOF
