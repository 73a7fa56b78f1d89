"""Six independent, correct answers to two small functions, and one student who copied another.

Each style was written on its own (cumulative sums, loops, convolution, stride tricks...), as six
students would; ``COPIED`` is style 6 with every variable renamed, independent lines swapped, comments
added and the spacing changed: what a student who copies and disguises hands in.
"""
from __future__ import annotations

from grader import authoring as a

CHAPTER = "stats"
SIGNATURES = {
    "moving_average": 'def moving_average(x, window):\n    """Mean of each run of `window` consecutive values of x; ValueError unless 1 <= window <= len(x)."""\n',
    "confusion_matrix": 'def confusion_matrix(y_true, y_pred, n_classes):\n    """counts[i, j]: how many examples of class i were predicted as j."""\n',
}

MOVING_AVERAGE = [
    """x = np.asarray(x, dtype=float)
if window < 1 or window > len(x):
    raise ValueError("window must lie between 1 and len(x)")
sums = np.cumsum(np.concatenate([[0.0], x]))
return (sums[window:] - sums[:-window]) / window""",
    """values = list(map(float, x))
if not 1 <= window <= len(values):
    raise ValueError(f"bad window {window}")
out = []
for start in range(len(values) - window + 1):
    chunk = values[start:start + window]
    out.append(sum(chunk) / window)
return np.array(out)""",
    """arr = np.asarray(x, float)
n = arr.shape[0]
if window <= 0:
    raise ValueError("window too small")
if window > n:
    raise ValueError("window too large")
kernel = np.ones(window) / window
return np.convolve(arr, kernel, mode="valid")""",
    """from numpy.lib.stride_tricks import sliding_window_view
data = np.asarray(x, dtype=np.float64)
if window < 1 or window > data.size:
    raise ValueError("window out of range")
return sliding_window_view(data, window).mean(axis=1)""",
    """x = np.asarray(x, dtype=float)
if window not in range(1, len(x) + 1):
    raise ValueError("window must be in 1..len(x)")
return np.array([x[i:i + window].mean() for i in range(len(x) - window + 1)])""",
    """seq = np.asarray(x, dtype=float)
if window < 1:
    raise ValueError("window < 1")
if len(seq) < window:
    raise ValueError("window > len(x)")
result = np.empty(len(seq) - window + 1)
running = seq[:window].sum()
result[0] = running / window
for i in range(1, len(result)):
    running += seq[i + window - 1] - seq[i - 1]
    result[i] = running / window
return result""",
]

CONFUSION_MATRIX = [
    """counts = np.zeros((n_classes, n_classes), dtype=int)
for t, p in zip(y_true, y_pred):
    counts[t, p] += 1
return counts""",
    """y_true = np.asarray(y_true, dtype=int)
y_pred = np.asarray(y_pred, dtype=int)
flat = y_true * n_classes + y_pred
return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)""",
    """matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
np.add.at(matrix, (np.asarray(y_true), np.asarray(y_pred)), 1)
return matrix""",
    """truth, guess = np.asarray(y_true), np.asarray(y_pred)
return np.array([[int(np.sum((truth == i) & (guess == j))) for j in range(n_classes)]
                 for i in range(n_classes)])""",
    """table = [[0] * n_classes for _ in range(n_classes)]
for index in range(len(y_true)):
    table[int(y_true[index])][int(y_pred[index])] += 1
return np.array(table)""",
    """result = np.zeros((n_classes, n_classes), dtype=int)
pairs = np.stack([np.asarray(y_true), np.asarray(y_pred)], axis=1)
values, counts = np.unique(pairs, axis=0, return_counts=True)
for (i, j), c in zip(values, counts):
    result[i, j] = c
return result""",
]

# Style 6, disguised: renamed, the two checks and two set-up lines swapped, comments, other spacing.
COPIED = {
    "moving_average": """data   = np.asarray(x, dtype=float)
# check the window
if len(data) < window:
    raise ValueError("window too big")
if window < 1:
    raise ValueError("window too small")
total = data[:window].sum()          # first window
averages = np.empty(len(data) - window + 1)
averages[0] = total / window
for k in range(1, len(averages)):
    total += data[k + window - 1] - data[k - 1]   # slide by one
    averages[k] = total / window
return averages""",
    "confusion_matrix": """both = np.stack([np.asarray(y_true), np.asarray(y_pred)], axis=1)
cm = np.zeros((n_classes, n_classes), dtype=int)
uniq, freq = np.unique(both, axis=0, return_counts=True)
for (row, col), n in zip(uniq, freq):
    cm[row, col] = n
return cm""",
}


def indent(body: str) -> str:
    return "\n".join("    " + line if line else line for line in body.splitlines())


def answers(style: int) -> dict[str, str]:
    """Style ``style`` (0-5) as answer cells: signature, docstring, body."""
    return {"moving_average": SIGNATURES["moving_average"] + indent(MOVING_AVERAGE[style]),
            "confusion_matrix": SIGNATURES["confusion_matrix"] + indent(CONFUSION_MATRIX[style])}


def copied_answers() -> dict[str, str]:
    return {name: SIGNATURES[name] + indent(body) for name, body in COPIED.items()}


def source_notebook():
    """The instructor's notebook for the ``stats`` chapter (style 0 as the solution)."""
    def solution(name, body):
        return a.solution(name, SIGNATURES[name] + "    ### BEGIN SOLUTION\n" + indent(body) + "\n    ### END SOLUTION")

    return a.notebook([
        a.markdown("# Stats\nTwo small functions."),
        a.code("import numpy as np"),
        solution("moving_average", MOVING_AVERAGE[0]),
        a.tests("test_moving_average", 2, 'assert np.allclose(moving_average([1, 2, 3, 4], 2), [1.5, 2.5, 3.5]), "means of pairs"'),
        solution("confusion_matrix", CONFUSION_MATRIX[0]),
        a.tests("test_confusion_matrix", 2, 'assert confusion_matrix([0, 1, 1], [0, 1, 0], 2).tolist() == [[1, 0], [1, 1]], "counts"'),
    ])
