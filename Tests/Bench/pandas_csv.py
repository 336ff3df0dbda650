# pandas.read_csv + numpy on a MediaPipe-33 wide CSV: the baseline `posecheck-bench --compare`
# times beside `posecheck check`. Usage: python3 pandas_csv.py FILE.csv [WIDTH HEIGHT]
import sys
import numpy as np
import pandas as pd
from angles import NAMES, grade

df = pd.read_csv(sys.argv[1])
width, height = (float(sys.argv[2]), float(sys.argv[3])) if len(sys.argv) > 3 else (1280.0, 720.0)
xy = np.stack([df[[n + "_x", n + "_y"]].to_numpy() for n in NAMES], axis=1)
vis = df[[n + "_visibility" for n in NAMES]].to_numpy()
print(len(df), grade(xy, vis, width, height))
