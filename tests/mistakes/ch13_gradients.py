MISTAKES = {
    "layer_gradient_norms": {
        "norms of the biases instead of the kernels": """
def layer_gradient_norms(model, X, y):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    biases = [layer.bias if layer.bias is not None else layer.kernel for layer in dense]
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=X, y=y, y_pred=model(X, training=True))
    return [float(tf.norm(g)) for g in tape.gradient(loss, biases)]
""",
        "last layer first": """
def layer_gradient_norms(model, X, y):
    kernels = [layer.kernel for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=X, y=y, y_pred=model(X, training=True))
    return [float(tf.norm(g)) for g in tape.gradient(loss, kernels)][::-1]
""",
        "every other trainable variable taken as the kernels": """
def layer_gradient_norms(model, X, y):
    kernels = model.trainable_variables[::2]
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=X, y=y, y_pred=model(X, training=True))
    return [float(tf.norm(g)) for g in tape.gradient(loss, kernels)]
""",
        "squared norms": """
def layer_gradient_norms(model, X, y):
    kernels = [layer.kernel for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=X, y=y, y_pred=model(X, training=True))
    return [float(tf.reduce_sum(g ** 2)) for g in tape.gradient(loss, kernels)]
""",
        "gradient of the summed predictions instead of the loss": """
def layer_gradient_norms(model, X, y):
    kernels = [layer.kernel for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        output = tf.reduce_sum(model(X, training=True))
    return [float(tf.norm(g)) for g in tape.gradient(output, kernels)]
""",
        "norms of the weights instead of their gradients": """
def layer_gradient_norms(model, X, y):
    return [float(tf.norm(layer.kernel)) for layer in model.layers if isinstance(layer, keras.layers.Dense)]
""",
    },
    "numerical_gradient": {
        "forward difference instead of centred": """
def numerical_gradient(f, theta, eps=1e-7):
    theta = np.array(theta, dtype=float)
    gradient = np.zeros_like(theta)
    for i in range(theta.size):
        plus = theta.copy()
        plus[i] += eps
        gradient[i] = (f(plus) - f(theta)) / eps
    return gradient
""",
        "missing the 2 in 2*eps": """
def numerical_gradient(f, theta, eps=1e-7):
    theta = np.array(theta, dtype=float)
    gradient = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += eps
        minus[i] -= eps
        gradient[i] = (f(plus) - f(minus)) / eps
    return gradient
""",
        "perturbs theta in place and never restores it": """
def numerical_gradient(f, theta, eps=1e-7):
    gradient = np.zeros(theta.shape)
    for i in range(theta.size):
        theta[i] += eps
        f_plus = f(theta)
        theta[i] -= 2 * eps
        f_minus = f(theta)
        gradient[i] = (f_plus - f_minus) / (2 * eps)
    return gradient
""",
        "every entry perturbed at once": """
def numerical_gradient(f, theta, eps=1e-7):
    theta = np.array(theta, dtype=float)
    slope = (f(theta + eps) - f(theta - eps)) / (2 * eps)
    return np.full(theta.shape, slope)
""",
    },
    "gradient_check": {
        "absolute difference, no denominator": """
def gradient_check(f, grad, theta, eps=1e-7):
    g = np.asarray(grad(theta), dtype=float)
    g_num = numerical_gradient(f, theta, eps)
    return float(np.linalg.norm(g - g_num))
""",
        "norm of the sum in the denominator": """
def gradient_check(f, grad, theta, eps=1e-7):
    g = np.asarray(grad(theta), dtype=float)
    g_num = numerical_gradient(f, theta, eps)
    return float(np.linalg.norm(g - g_num) / np.linalg.norm(g + g_num))
""",
        "squared norms": """
def gradient_check(f, grad, theta, eps=1e-7):
    g = np.asarray(grad(theta), dtype=float)
    g_num = numerical_gradient(f, theta, eps)
    return float(np.sum((g - g_num) ** 2) / (np.sum(g ** 2) + np.sum(g_num ** 2)))
""",
        "divides by the norm of the hand-written gradient only": """
def gradient_check(f, grad, theta, eps=1e-7):
    g = np.asarray(grad(theta), dtype=float)
    g_num = numerical_gradient(f, theta, eps)
    return float(np.linalg.norm(g - g_num) / np.linalg.norm(g))
""",
    },
    "clip_by_norm": {
        "clips each element instead of the norm": """
def clip_by_norm(g, max_norm):
    return np.clip(g, -max_norm, max_norm)
""",
        "rescales even when the norm is below the maximum": """
def clip_by_norm(g, max_norm):
    g = np.array(g, dtype=float)
    return g * (max_norm / np.linalg.norm(g))
""",
        "norm of each row instead of the whole gradient": """
def clip_by_norm(g, max_norm):
    g = np.array(g, dtype=float)
    norms = np.linalg.norm(g, axis=-1, keepdims=True)
    return np.where(norms > max_norm, g * max_norm / norms, g)
""",
        "L1 norm instead of L2": """
def clip_by_norm(g, max_norm):
    g = np.array(g, dtype=float)
    norm = np.sum(np.abs(g))
    return g * (max_norm / norm) if norm > max_norm else g
""",
        "clips g in place": """
def clip_by_norm(g, max_norm):
    norm = np.linalg.norm(g)
    if norm > max_norm:
        g *= max_norm / norm
    return g
""",
    },
}
MISTAKES.update({
    "gradient_errors": {
        "one difference for the whole vector, repeated for every block": """
def gradient_errors(net, X, y, eps=1e-6):
    theta = net.get_vector()
    a = net.gradient_vector(X, y)
    b = numerical_gradient(lambda t: net.cost_at(t, X, y), theta, eps)
    d = float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
    return {name: d for name, _ in net.layout}
""",
        "absolute difference per block, no denominator": """
def gradient_errors(net, X, y, eps=1e-6):
    theta = net.get_vector()
    a = net.gradient_vector(X, y)
    b = numerical_gradient(lambda t: net.cost_at(t, X, y), theta, eps)
    return {name: float(np.linalg.norm(a[s] - b[s])) for name, s in net.layout}
""",
        "numerical gradient at zero parameters instead of the network's own": """
def gradient_errors(net, X, y, eps=1e-6):
    theta = np.zeros_like(net.get_vector())
    a = net.gradient_vector(X, y)
    b = numerical_gradient(lambda t: net.cost_at(t, X, y), theta, eps)
    errors = {}
    for name, s in net.layout:
        scale = np.linalg.norm(a[s]) + np.linalg.norm(b[s])
        errors[name] = float(np.linalg.norm(a[s] - b[s]) / scale) if scale else 0.0
    return errors
""",
        "perturbs the network with set_vector and leaves it perturbed": """
def gradient_errors(net, X, y, eps=1e-6):
    a = net.gradient_vector(X, y)
    theta = net.get_vector()

    def cost(t):
        net.set_vector(t)
        return net.cost_at(t, X, y)

    b = numerical_gradient(cost, theta, eps)
    errors = {}
    for name, s in net.layout:
        scale = np.linalg.norm(a[s]) + np.linalg.norm(b[s])
        errors[name] = float(np.linalg.norm(a[s] - b[s]) / scale) if scale else 0.0
    return errors
""",
        "divides by the backpropagated block's norm only": """
def gradient_errors(net, X, y, eps=1e-6):
    theta = net.get_vector()
    a = net.gradient_vector(X, y)
    b = numerical_gradient(lambda t: net.cost_at(t, X, y), theta, eps)
    errors = {}
    for name, s in net.layout:
        scale = np.linalg.norm(a[s])
        errors[name] = float(np.linalg.norm(a[s] - b[s]) / scale) if scale else 0.0
    return errors
""",
        "names in alphabetical order instead of the layout's": """
def gradient_errors(net, X, y, eps=1e-6):
    theta = net.get_vector()
    a = net.gradient_vector(X, y)
    b = numerical_gradient(lambda t: net.cost_at(t, X, y), theta, eps)
    errors = {}
    for name, s in sorted(net.layout, key=lambda pair: pair[0]):
        scale = np.linalg.norm(a[s]) + np.linalg.norm(b[s])
        errors[name] = float(np.linalg.norm(a[s] - b[s]) / scale) if scale else 0.0
    return errors
""",
    },
    "buggy_layer": {
        "the failing layer nearest the input": """
def buggy_layer(errors, tolerance=1e-4):
    failing = [int(name[1:]) for name, d in errors.items() if d > tolerance]
    return min(failing) if failing else None
""",
        "the layer with the largest difference": """
def buggy_layer(errors, tolerance=1e-4):
    name, d = max(errors.items(), key=lambda item: item[1])
    return int(name[1:]) if d > tolerance else None
""",
        "a fixed threshold of 1e-7 instead of tolerance": """
def buggy_layer(errors, tolerance=1e-4):
    failing = [int(name[1:]) for name, d in errors.items() if d > 1e-7]
    return max(failing) if failing else None
""",
        "returns the parameter's name instead of the layer number": """
def buggy_layer(errors, tolerance=1e-4):
    failing = [name for name, d in errors.items() if d > tolerance]
    return failing[-1] if failing else None
""",
        "counts the layers from the output": """
def buggy_layer(errors, tolerance=1e-4):
    L = max(int(name[1:]) for name in errors)
    failing = [int(name[1:]) for name, d in errors.items() if d > tolerance]
    return L + 1 - max(failing) if failing else None
""",
        "0 instead of None when every block passes": """
def buggy_layer(errors, tolerance=1e-4):
    failing = [int(name[1:]) for name, d in errors.items() if d > tolerance]
    return max(failing, default=0)
""",
    },
})
