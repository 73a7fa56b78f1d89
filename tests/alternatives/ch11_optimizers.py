"""Correct answers of exercise 11 written differently from the reference solution."""

ALTERNATIVES = {
    "momentum_step": {
        "new velocity from a copy, explicit subtraction": """
def momentum_step(w, dw, v, lr, mu=0.9):
    velocity = np.array(v, dtype=float, copy=True)
    velocity = velocity * mu
    velocity = velocity - dw * lr
    return np.add(w, velocity), velocity
""",
        "entry by entry over flattened copies": """
def momentum_step(w, dw, v, lr, mu=0.9):
    flat_v = np.array(v, dtype=float).ravel()
    flat_w = np.array(w, dtype=float).ravel()
    flat_g = np.asarray(dw, dtype=float).ravel()
    for i in range(flat_v.size):
        flat_v[i] = mu * flat_v[i] - lr * flat_g[i]
        flat_w[i] = flat_w[i] + flat_v[i]
    return flat_w.reshape(np.shape(w)), flat_v.reshape(np.shape(v))
""",
    },
    "nesterov_step": {
        "the look-ahead written as w + mu*v_new - lr*dw": """
def nesterov_step(w, dw, v, lr, mu=0.9):
    v_new = mu * v - lr * dw
    return w + mu * v_new - lr * dw, v_new
""",
        "in two assignments with np.multiply": """
def nesterov_step(w, dw, v, lr, mu=0.9):
    old = v.copy()
    new = np.multiply(mu, old) - np.multiply(lr, dw)
    w_new = w - np.multiply(mu, old) + np.multiply(1.0 + mu, new)
    return w_new, new
""",
    },
    "adagrad_step": {
        "square with np.square, division with np.divide": """
def adagrad_step(w, dw, cache, lr, eps=1e-8):
    new_cache = np.add(cache, np.square(dw))
    return w - np.divide(lr * dw, np.sqrt(new_cache) + eps), new_cache
""",
        "element by element over a flattened view": """
def adagrad_step(w, dw, cache, lr, eps=1e-8):
    flat_c = np.asarray(cache, dtype=float).ravel().copy()
    flat_w = np.asarray(w, dtype=float).ravel().copy()
    flat_g = np.asarray(dw, dtype=float).ravel()
    for i in range(flat_c.size):
        flat_c[i] += flat_g[i] * flat_g[i]
        flat_w[i] -= lr * flat_g[i] / (flat_c[i] ** 0.5 + eps)
    return flat_w.reshape(np.shape(w)), flat_c.reshape(np.shape(cache))
""",
    },
    "rmsprop_step": {
        "written as cache + (1 - decay) * (dw**2 - cache)": """
def rmsprop_step(w, dw, cache, lr, decay=0.9, eps=1e-8):
    new_cache = cache + (1 - decay) * (dw * dw - cache)
    return w - lr * dw / (new_cache ** 0.5 + eps), new_cache
""",
        "the step computed first, then applied": """
def rmsprop_step(w, dw, cache, lr, decay=0.9, eps=1e-8):
    c = np.multiply(decay, cache) + np.multiply(1.0 - decay, np.power(dw, 2))
    step = lr * dw / (np.sqrt(c) + eps)
    return np.subtract(w, step), c
""",
    },
    "adam_step": {
        "corrections folded into the learning rate, eps corrected alike": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
    return w - lr * (m_new / c1) / (np.sqrt(v_new / c2) + eps), m_new, v_new
""",
        "moving towards dw by (1 - beta)": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = m + (1.0 - beta1) * (dw - m)
    v = v + (1.0 - beta2) * (np.square(dw) - v)
    m_hat = m / (1.0 - np.power(beta1, t))
    v_hat = v / (1.0 - np.power(beta2, t))
    return w - lr * m_hat / (v_hat ** 0.5 + eps), m, v
""",
    },
    "inverse_time_decay": {
        "a float from the start": """
def inverse_time_decay(lr0, epoch, decay_rate):
    return float(lr0) / (1.0 + float(decay_rate) * float(epoch))
""",
        "via Python's pow": """
def inverse_time_decay(lr0, epoch, decay_rate):
    return float(lr0 * pow(1 + decay_rate * epoch, -1))
""",
    },
    "exponential_decay": {
        "math.exp": """
import math
def exponential_decay(lr0, epoch, k):
    return lr0 * math.exp(-k * epoch)
""",
        "as a power of exp(-k)": """
def exponential_decay(lr0, epoch, k):
    return float(lr0 * np.exp(-k) ** epoch)
""",
    },
    "step_decay": {
        "integer division": """
def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** (epoch // every))
""",
        "a loop of drops": """
def step_decay(lr0, epoch, drop, every):
    lr = float(lr0)
    for _ in range(int(epoch) // int(every)):
        lr *= drop
    return lr
""",
    },
    "adam_optimizer": {
        "state filled with setdefault": """
def adam_optimizer(w, dw, state, lr, t):
    m = state.setdefault("first moment", np.zeros(np.shape(w)))
    v = state.setdefault("second moment", np.zeros(np.shape(w)))
    w_new, state["first moment"], state["second moment"] = adam_step(w, dw, m, v, t, lr)
    return np.array(w_new)
""",
        "a tuple under one key, explicit defaults": """
def adam_optimizer(w, dw, state, lr, t):
    m, v = state.get("mv", (0.0 * w, 0.0 * w))
    new_w, m, v = adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8)
    state["mv"] = (m, v)
    return new_w
""",
    },
    "optimizer_race": {
        "written out run by run, explicit optimizer=None": """
def optimizer_race(X, y, seed=0):
    runs = {}
    for lr, name in [(1e-06, "SGD 1e-06"), (1e-05, "SGD 1e-05"), (0.0001, "SGD 0.0001"), (0.001, "SGD 0.001")]:
        net = numpy_net.Network([30, 1], activation="relu", seed=seed)
        runs[name] = net.fit(X, y, epochs=400, batch_size=X.shape[0], lr=lr, optimizer=None, schedule=None)["loss"]
    def decay(lr0, epoch):
        return inverse_time_decay(lr0, epoch, decay_rate=0.003)
    for name, schedule in [("Adam", None), ("Adam + decay", decay)]:
        net = numpy_net.Network([30, 1], seed=seed)
        runs[name] = list(net.fit(X, y, epochs=400, batch_size=len(y), lr=0.1, optimizer=adam_optimizer, schedule=schedule)["loss"])
    return runs
""",
        "arrays instead of lists, Adam runs first": """
def optimizer_race(X, y, seed=0):
    def losses(**options):
        return np.array(numpy_net.Network([X.shape[1], 1], seed=seed).fit(X, y, epochs=400, batch_size=len(X), **options)["loss"])
    runs = {"Adam": losses(lr=0.1, optimizer=adam_optimizer),
            "Adam + decay": losses(lr=0.1, optimizer=adam_optimizer, schedule=lambda a, e: inverse_time_decay(a, e, 0.003))}
    for label, lr in zip(["1e-06", "1e-05", "0.0001", "0.001"], [1e-6, 1e-5, 1e-4, 1e-3]):
        runs["SGD " + label] = losses(lr=lr)
    return runs
""",
    },
    "first_to_target": {
        "sorted candidates, plain loops": """
def first_to_target(runs, target=0.3):
    candidates = []
    for name in runs:
        for step, value in enumerate(runs[name], start=1):
            if value < target:
                candidates.append((step, name))
                break
    if not candidates:
        return None, None
    step, name = min(candidates)
    return name, step
""",
        "argmax over a boolean mask": """
def first_to_target(runs, target=0.3):
    reached = {}
    for name, losses in runs.items():
        mask = np.nan_to_num(np.asarray(losses, dtype=float), nan=np.inf) < target
        if mask.any():
            reached[name] = int(np.argmax(mask)) + 1
    if not reached:
        return (None, None)
    name = min(reached, key=reached.get)
    return (name, reached[name])
""",
    },
}
