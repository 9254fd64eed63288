# Select the two arrays below (or put the cursor in this file with no selection) and run
# "BCE Lens: Compute Loss of Selection" from the command palette.
import numpy as np

# The Keras BinaryCrossentropy docstring example: logits, loss 0.865
y_true = [0, 1, 0, 0]
logits = [-18.6, 0.51, 2.94, -12.8]

# Two labels per sample (batch × labels), probabilities: Keras gives 0.815
labels = np.array([[0, 1], [0, 0]])
probs = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)
