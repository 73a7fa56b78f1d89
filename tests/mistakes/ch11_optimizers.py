MISTAKES = {
    "momentum_step": {
        "velocity and parameters updated in place (changes the caller's arrays)": """
def momentum_step(w, dw, v, lr, mu=0.9):
    v *= mu
    v -= lr * dw
    w += v
    return w, v
""",
        "PyTorch's convention: v = mu*v + dw, w = w - lr*v": """
def momentum_step(w, dw, v, lr, mu=0.9):
    v = mu * v + dw
    return w - lr * v, v
""",
        "parameters moved by the old velocity": """
def momentum_step(w, dw, v, lr, mu=0.9):
    new_v = mu * v - lr * dw
    return w + v, new_v
""",
        "dampened gradient (1 - mu)": """
def momentum_step(w, dw, v, lr, mu=0.9):
    v = mu * v - (1 - mu) * lr * dw
    return w + v, v
""",
    },
    "nesterov_step": {
        "plain momentum, no look-ahead": """
def nesterov_step(w, dw, v, lr, mu=0.9):
    v = mu * v - lr * dw
    return w + v, v
""",
        "sign of the mu * v_prev term flipped": """
def nesterov_step(w, dw, v, lr, mu=0.9):
    v_prev = v
    v = mu * v - lr * dw
    return w + mu * v_prev + (1 + mu) * v, v
""",
        "(1 - mu) instead of (1 + mu)": """
def nesterov_step(w, dw, v, lr, mu=0.9):
    v_prev = v
    v = mu * v - lr * dw
    return w - mu * v_prev + (1 - mu) * v, v
""",
        "v_prev aliases v, which is then updated in place": """
def nesterov_step(w, dw, v, lr, mu=0.9):
    v_prev = v
    v *= mu
    v -= lr * dw
    return w - mu * v_prev + (1 + mu) * v, v
""",
    },
    "adagrad_step": {
        "no memory: cache = dw**2": """
def adagrad_step(w, dw, cache, lr, eps=1e-8):
    cache = dw ** 2
    return w - lr * dw / (np.sqrt(cache) + eps), cache
""",
        "square root missing": """
def adagrad_step(w, dw, cache, lr, eps=1e-8):
    cache = cache + dw ** 2
    return w - lr * dw / (cache + eps), cache
""",
        "step divided by the old cache": """
def adagrad_step(w, dw, cache, lr, eps=1e-8):
    w = w - lr * dw / (np.sqrt(cache) + eps)
    return w, cache + dw ** 2
""",
        "cache accumulated in place": """
def adagrad_step(w, dw, cache, lr, eps=1e-8):
    cache += dw ** 2
    return w - lr * dw / (np.sqrt(cache) + eps), cache
""",
    },
    "rmsprop_step": {
        "decay and 1 - decay swapped": """
def rmsprop_step(w, dw, cache, lr, decay=0.9, eps=1e-8):
    cache = (1 - decay) * cache + decay * dw ** 2
    return w - lr * dw / (np.sqrt(cache) + eps), cache
""",
        "square root missing": """
def rmsprop_step(w, dw, cache, lr, decay=0.9, eps=1e-8):
    cache = decay * cache + (1 - decay) * dw ** 2
    return w - lr * dw / (cache + eps), cache
""",
        "(1 - decay) forgotten on the new squared gradient": """
def rmsprop_step(w, dw, cache, lr, decay=0.9, eps=1e-8):
    cache = decay * cache + dw ** 2
    return w - lr * dw / (np.sqrt(cache) + eps), cache
""",
        "cache updated in place": """
def rmsprop_step(w, dw, cache, lr, decay=0.9, eps=1e-8):
    cache *= decay
    cache += (1 - decay) * dw ** 2
    return w - lr * dw / (np.sqrt(cache) + eps), cache
""",
    },
    "adam_step": {
        "no bias correction": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    return w - lr * m / (np.sqrt(v) + eps), m, v
""",
        "t treated as counting from 0 (t + 1 in the correction)": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
""",
        "returns the corrected averages as the state": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat
""",
        "square root of v_hat missing": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (v_hat + eps), m, v
""",
        "beta1 and beta2 swapped": """
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta2 * m + (1 - beta2) * dw
    v = beta1 * v + (1 - beta1) * dw ** 2
    m_hat = m / (1 - beta2 ** t)
    v_hat = v / (1 - beta1 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
""",
    },
    "inverse_time_decay": {
        "linear decay instead of inverse time": """
def inverse_time_decay(lr0, epoch, decay_rate):
    return float(lr0 * (1 - decay_rate * epoch))
""",
        "operator precedence: lr0 / (1 + decay_rate) * epoch": """
def inverse_time_decay(lr0, epoch, decay_rate):
    return float(lr0 / (1 + decay_rate) * epoch)
""",
        "compounded per epoch: lr0 / (1 + decay_rate) ** epoch": """
def inverse_time_decay(lr0, epoch, decay_rate):
    return float(lr0 / (1 + decay_rate) ** epoch)
""",
    },
    "exponential_decay": {
        "sign of the exponent": """
def exponential_decay(lr0, epoch, k):
    return float(lr0 * np.exp(k * epoch))
""",
        "k used as the per-epoch factor": """
def exponential_decay(lr0, epoch, k):
    return float(lr0 * k ** epoch)
""",
        "operator precedence: exp(-k) * epoch": """
def exponential_decay(lr0, epoch, k):
    return float(lr0 * np.exp(-k) * epoch)
""",
    },
    "step_decay": {
        "no floor: smooth decay": """
def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** (epoch / every))
""",
        "first drop at epoch 0": """
def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** (epoch // every + 1))
""",
        "rounded instead of floored": """
def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** round(epoch / every))
""",
    },
}

MISTAKES["adam_optimizer"] = {
    "averages restarted at every step (state not kept)": """
def adam_optimizer(w, dw, state, lr, t):
    w_new, m, v = adam_step(w, dw, np.zeros_like(w), np.zeros_like(w), t, lr)
    return w_new
""",
    "the step count ignored (always the first step's correction)": """
def adam_optimizer(w, dw, state, lr, t):
    if not state:
        state["m"], state["v"] = np.zeros_like(w), np.zeros_like(w)
    w_new, state["m"], state["v"] = adam_step(w, dw, state["m"], state["v"], 1, lr)
    return w_new
""",
    "one state shared by every parameter": """
_shared = {}
def adam_optimizer(w, dw, state, lr, t):
    key = t
    m = _shared.get("m") if _shared.get("m") is not None and np.shape(_shared["m"]) == np.shape(w) else np.zeros_like(w)
    v = _shared.get("v") if _shared.get("v") is not None and np.shape(_shared["v"]) == np.shape(w) else np.zeros_like(w)
    w_new, _shared["m"], _shared["v"] = adam_step(w, dw, m, v, t, lr)
    return w_new
""",
    "w updated in place": """
def adam_optimizer(w, dw, state, lr, t):
    if not state:
        state["m"], state["v"] = np.zeros_like(w), np.zeros_like(w)
    w_new, state["m"], state["v"] = adam_step(w, dw, state["m"], state["v"], t, lr)
    w[...] = w_new
    return w
""",
}

_RACE = '''
def optimizer_race(X, y, seed=0):
    def run(lr, optimizer=None, schedule=None):
        net = numpy_net.Network([X.shape[1], 1], seed=SEED)
        return net.fit(X, y, epochs=STEPS, batch_size=BATCH, lr=lr, optimizer=optimizer, schedule=schedule)["loss"]

    runs = {f"SGD {lr:g}": run(lr) for lr in (1e-6, 1e-5, 1e-4, 1e-3)}
    runs["Adam"] = run(ADAM_LR, adam_optimizer)
    runs["Adam + decay"] = run(ADAM_LR, adam_optimizer, SCHEDULE)
    return runs
'''
_RIGHT = {"SEED": "seed", "STEPS": "400", "BATCH": "len(X)", "ADAM_LR": "0.1",
          "SCHEDULE": "lambda lr0, epoch: inverse_time_decay(lr0, epoch, 0.003)"}


def _race(**changes):
    source = _RACE
    for key, value in {**_RIGHT, **changes}.items():
        source = source.replace(key, value)
    return source


MISTAKES["optimizer_race"] = {
    "mini-batches of 64 instead of full-batch steps": _race(BATCH="64"),
    "the schedule decays per epoch by the wrong rate (0.03)": _race(SCHEDULE="lambda lr0, epoch: inverse_time_decay(lr0, epoch, 0.03)"),
    "Adam at lr 0.01": _race(ADAM_LR="0.01"),
    "the seed ignored": _race(SEED="0"),
    "the schedule's epoch counted from 1": _race(SCHEDULE="lambda lr0, epoch: inverse_time_decay(lr0, epoch + 1, 0.003)"),
}

MISTAKES["first_to_target"] = {
    "the lowest final loss instead of the first to the target": """
def first_to_target(runs, target=0.3):
    name = min(runs, key=lambda k: runs[k][-1])
    below = [i for i, value in enumerate(runs[name]) if value < target]
    return (name, below[0] + 1) if below else (None, None)
""",
    "steps counted from 0": """
def first_to_target(runs, target=0.3):
    best = (None, None)
    for name, losses in runs.items():
        below = [i for i, value in enumerate(losses) if value < target]
        if below and (best[1] is None or below[0] < best[1]):
            best = (name, below[0])
    return best
""",
    "at or below the target (<=) and nan counted": """
def first_to_target(runs, target=0.3):
    best = (None, None)
    for name, losses in runs.items():
        below = [i for i, value in enumerate(losses) if not value > target]
        if below and (best[1] is None or below[0] + 1 < best[1]):
            best = (name, below[0] + 1)
    return best
""",
    "the last run to get there": """
def first_to_target(runs, target=0.3):
    best = (None, None)
    for name, losses in runs.items():
        below = [i for i, value in enumerate(losses) if value < target]
        if below and (best[1] is None or below[0] + 1 > best[1]):
            best = (name, below[0] + 1)
    return best
""",
}
