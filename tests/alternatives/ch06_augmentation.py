"""Correct answers to exercise 06 written differently from the reference (issue #11)."""

ALTERNATIVES = {
    "random_flip": {
        "np.where over a broadcast mask, np.flip on axis 2": """
def random_flip(images, rng, p=0.5):
    images = np.asarray(images)
    flip = rng.random(len(images)) < p
    mask = flip.reshape((-1,) + (1,) * (images.ndim - 1))
    return np.where(mask, np.flip(images, axis=2), images)
""",
        "a loop over the images with np.fliplr": """
def random_flip(images, rng, p=0.5):
    draws = rng.random(len(images))
    out = np.array(images, copy=True)
    for i in range(len(out)):
        if draws[i] < p:
            out[i] = np.fliplr(images[i])
    return out
""",
    },
    "random_shift": {
        # Images that share a shift are rolled together: one np.roll per image costs 10 times the
        # reference on every training batch of the study.
        "np.roll of each group of equal shifts, then the wrapped rows and columns zeroed": """
def random_shift(images, max_shift, rng):
    images = np.asarray(images)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    out = np.empty_like(images)
    for dy, dx in {tuple(shift) for shift in shifts.tolist()}:
        group = np.all(shifts == (dy, dx), axis=1)
        moved = np.roll(images[group], (dy, dx), axis=(1, 2))
        if dy > 0:
            moved[:, :dy] = 0
        elif dy < 0:
            moved[:, dy:] = 0
        if dx > 0:
            moved[:, :, :dx] = 0
        elif dx < 0:
            moved[:, :, dx:] = 0
        out[group] = moved
    return out
""",
        "a zero-padded canvas, then a window cut out of it": """
def random_shift(images, max_shift, rng):
    images = np.asarray(images)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    m = max_shift
    H, W = images.shape[1], images.shape[2]
    pad = [(0, 0), (m, m), (m, m)] + [(0, 0)] * (images.ndim - 3)
    canvas = np.pad(images, pad)
    out = np.zeros_like(images)
    for i, (dy, dx) in enumerate(shifts):
        out[i] = canvas[i, m - dy:m - dy + H, m - dx:m - dx + W]
    return out
""",
    },
    "augment_dataset": {
        "a loop appending blocks, np.tile for the labels": """
def augment_dataset(X, y, copies, rng, transform=None):
    if transform is None:
        def transform(images, r):
            return random_shift(images, 1, r)
    X = np.asarray(X)
    blocks = [X]
    for _ in range(copies):
        blocks.append(transform(X, rng))
    return np.concatenate(blocks, axis=0), np.tile(np.asarray(y), copies + 1)
""",
        "np.vstack and list multiplication for the labels": """
def augment_dataset(X, y, copies, rng, transform=None):
    transform = transform or (lambda images, r: random_shift(images, 1, r))
    copies_made = [transform(np.asarray(X), rng) for _ in range(copies)]
    X_aug = np.vstack([np.asarray(X)] + copies_made) if copies else np.asarray(X).copy()
    return X_aug, np.array(list(y) * (copies + 1))
""",
    },
    "build_augmentation": {
        "layers added one by one, keyword arguments": """
def build_augmentation(flip="horizontal", rotation=0.1, translation=0.05):
    model = keras.Sequential()
    model.add(keras.layers.RandomFlip(mode=flip))
    model.add(keras.layers.RandomRotation(factor=rotation))
    model.add(keras.layers.RandomTranslation(height_factor=translation, width_factor=translation))
    return model
""",
        "symmetric factors written as (-f, f) tuples": """
def build_augmentation(flip="horizontal", rotation=0.1, translation=0.05):
    return keras.Sequential([
        keras.layers.RandomFlip(flip),
        keras.layers.RandomRotation((-rotation, rotation)),
        keras.layers.RandomTranslation((-translation, translation), (-translation, translation)),
    ])
""",
    },
    "augmentation_study": {
        "named hooks with explicit reshapes, the seed loop outside": """
def augmentation_study(X_train, y_train, X_val, y_val, seeds):
    def shift_rows(X_batch, rng):
        return random_shift(X_batch.reshape(len(X_batch), 8, 8), 1, rng).reshape(len(X_batch), 64)

    def flip_rows(X_batch, rng):
        return random_flip(X_batch.reshape(len(X_batch), 8, 8), rng, p=0.5).reshape(len(X_batch), 64)

    results = {"none": [], "shift": [], "flip": []}
    for seed in seeds:
        for name, hook in (("flip", flip_rows), ("none", None), ("shift", shift_rows)):
            net = numpy_net.Network(layer_dims=[64, 64, 10], activation="relu", seed=seed)
            net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, augment=hook, optimizer=None)
            loss, accuracy = net.evaluate(X_val, y_val)
            results[name].append(float(accuracy))
    return results
""",
        "accuracy computed from predict": """
def augmentation_study(X_train, y_train, X_val, y_val, seeds):
    hooks = {
        "none": None,
        "shift": lambda Xb, rng: random_shift(Xb.reshape(-1, 8, 8), max_shift=1, rng=rng).reshape(Xb.shape),
        "flip": lambda Xb, rng: random_flip(Xb.reshape(-1, 8, 8), rng=rng).reshape(Xb.shape),
    }
    results = {}
    for name, hook in hooks.items():
        accuracies = []
        for seed in list(seeds):
            net = numpy_net.Network([64, 64, 10], seed=seed)
            net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, augment=hook)
            accuracies.append(np.mean(net.predict(X_val) == np.asarray(y_val)))
        results[name] = accuracies
    return results
""",
    },
    "verdicts": {
        "through dnn_course.multiseed.paired_difference": """
def verdicts(results):
    import pandas as pd
    from dnn_course.multiseed import paired_difference
    frame = pd.DataFrame([{"config": name, "seed": seed, "acc": float(accuracy)}
                          for name, accuracies in results.items() for seed, accuracy in enumerate(accuracies)])
    answer = {}
    for name in results:
        if name != "none":
            d = paired_difference(frame, "acc", "none", name)
            answer[name] = "within noise" if d["within_noise"] else ("helps" if d["mean"] > 0 else "hurts")
    return answer
""",
        "plain Python, the standard error from statistics.stdev": """
def verdicts(results):
    import math
    import statistics
    answer = {}
    for name, values in results.items():
        if name == "none":
            continue
        d = [a - b for a, b in zip(values, results["none"])]
        mean = sum(d) / len(d)
        if all(x > 0 for x in d) and mean >= 2 * statistics.stdev(d) / math.sqrt(len(d)):
            answer[name] = "helps"
        elif all(x < 0 for x in d) and -mean >= 2 * statistics.stdev(d) / math.sqrt(len(d)):
            answer[name] = "hurts"
        else:
            answer[name] = "within noise"
    return answer
""",
    },
}
