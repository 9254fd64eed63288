"""The usual Python way, for comparison: pandas.read_csv, then sklearn's log_loss."""
import sys

import pandas as pd
from sklearn.metrics import log_loss

df = pd.read_csv(sys.argv[1])
print(log_loss(df["y_true"], df["y_pred"]))
