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
