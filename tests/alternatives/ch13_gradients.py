ALTERNATIVES = {
    "layer_gradient_norms": {
        "compute_loss called positionally, NumPy norms, a loop": """
def layer_gradient_norms(model, X, y):
    kernels = []
    for layer in model.layers:
        if type(layer).__name__ == "Dense":
            kernels.append(layer.kernel)
    with tf.GradientTape() as tape:
        predictions = model(X, training=True)
        loss = model.compute_loss(X, y, predictions)
    norms = []
    for gradient in tape.gradient(loss, kernels):
        norms.append(float(np.sqrt(np.sum(np.square(np.asarray(gradient))))))
    return norms
""",
        "compute_loss with keyword arguments in another order, one tape.gradient per kernel": """
def layer_gradient_norms(model, X, y):
    dense_layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape(persistent=True) as tape:
        predictions = model(X, training=True)
        loss = model.compute_loss(y_pred=predictions, y=y, x=X)
    result = [float(tf.sqrt(tf.reduce_sum(tape.gradient(loss, layer.kernel) ** 2))) for layer in dense_layers]
    del tape
    return result
""",
    },
    "numerical_gradient": {
        "rows of eps * identity, a list comprehension": """
def numerical_gradient(f, theta, eps=1e-7):
    theta = np.asarray(theta, dtype=np.float64)
    steps = eps * np.eye(theta.size)
    return np.array([(f(theta + step) - f(theta - step)) / (2.0 * eps) for step in steps], dtype=float)
""",
        "one working copy, perturbed and restored entry by entry": """
def numerical_gradient(f, theta, eps=1e-7):
    work = np.array(theta, dtype=float, copy=True)
    result = np.empty(work.shape)
    for i in range(work.size):
        original = work[i]
        work[i] = original + eps
        upper = f(work)
        work[i] = original - eps
        lower = f(work)
        work[i] = original
        result[i] = (upper - lower) / (eps + eps)
    return result
""",
    },
    "gradient_check": {
        "norms as square roots of sums of squares": """
def gradient_check(f, grad, theta, eps=1e-7):
    analytic = np.asarray(grad(theta), dtype=float)
    numeric = numerical_gradient(f, theta, eps=eps)
    top = np.sqrt(np.sum((analytic - numeric) ** 2))
    return float(top / (np.sqrt(np.sum(analytic ** 2)) + np.sqrt(np.sum(numeric ** 2))))
""",
        "numerical gradient first, ord=2 passed explicitly, .item()": """
def gradient_check(f, grad, theta, eps=1e-7):
    g_num = numerical_gradient(f, theta, eps)
    g = np.array(grad(np.array(theta, dtype=float)), dtype=float)
    difference = np.linalg.norm(g - g_num, ord=2) / (np.linalg.norm(g, ord=2) + np.linalg.norm(g_num, ord=2))
    return difference.item()
""",
    },
    "clip_by_norm": {
        "a scale factor min(1, max_norm / norm)": """
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.sqrt(np.sum(g * g))
    scale = 1.0 if norm == 0 else min(1.0, max_norm / norm)
    return g * scale
""",
        "a copy scaled in place": """
def clip_by_norm(g, max_norm):
    clipped = np.array(g, dtype=float, copy=True)
    length = np.linalg.norm(clipped.ravel())
    if length > max_norm:
        clipped *= max_norm / length
    return clipped
""",
    },
    "gradient_errors": {
        "your gradient_check on each block, the other blocks held fixed": """
def gradient_errors(net, X, y, eps=1e-6):
    theta = net.get_vector()
    backprop = net.gradient_vector(X, y)
    errors = {}
    for name, block in net.layout:
        def cost_of_block(values, block=block):
            full = theta.copy()
            full[block] = values
            return net.cost_at(full, X, y)
        if not np.any(backprop[block]) and not np.any(numerical_gradient(cost_of_block, theta[block], eps)):
            errors[name] = 0.0
        else:
            errors[name] = gradient_check(cost_of_block, lambda values, block=block: backprop[block], theta[block], eps)
    return errors
""",
        "blocks cut from the parameter dict's sizes, math.fsum norms": """
import math


def gradient_errors(net, X, y, eps=1e-6):
    start = net.get_vector().copy()
    exact = net.gradient_vector(X, y)
    approx = numerical_gradient(lambda t: net.cost_at(t, X, y), start, eps=eps)
    result, position = {}, 0
    for name, value in net.params.items():
        a, b = exact[position:position + value.size], approx[position:position + value.size]
        position += value.size
        norm_a, norm_b = math.sqrt(math.fsum(a * a)), math.sqrt(math.fsum(b * b))
        result[name] = 0.0 if norm_a + norm_b == 0 else math.sqrt(math.fsum((a - b) ** 2)) / (norm_a + norm_b)
    return result
""",
    },
    "buggy_layer": {
        "the layers from the output down, the first one that fails": """
def buggy_layer(errors, tolerance=1e-4):
    by_layer = {}
    for name, d in errors.items():
        layer = int(name.lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        by_layer[layer] = max(by_layer.get(layer, 0.0), d)
    for layer in sorted(by_layer, reverse=True):
        if by_layer[layer] > tolerance:
            return layer
    return None
""",
        "a regular expression and a set": """
import re


def buggy_layer(errors, tolerance=1e-4):
    bad = {int(re.fullmatch(r"[A-Za-z]+(\\d+)", name).group(1)) for name, d in errors.items() if d > tolerance}
    if not bad:
        return None
    return sorted(bad)[-1]
""",
    },
}
