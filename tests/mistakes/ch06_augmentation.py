MISTAKES = {
    "random_flip": {
        "flips up-down instead of left-right": """
def random_flip(images, rng, p=0.5):
    images = np.asarray(images)
    flip = rng.random(len(images)) < p
    out = images.copy()
    out[flip] = images[flip][:, ::-1]
    return out
""",
        "flips every image": """
def random_flip(images, rng, p=0.5):
    rng.random(len(images))
    return np.asarray(images)[:, :, ::-1].copy()
""",
        "modifies the input in place": """
def random_flip(images, rng, p=0.5):
    flip = rng.random(len(images)) < p
    images[flip] = images[flip][:, :, ::-1]
    return images
""",
        "reverses the last axis (the colour channels of an (N, H, W, C) batch)": """
def random_flip(images, rng, p=0.5):
    images = np.asarray(images)
    flip = rng.random(len(images)) < p
    out = images.copy()
    out[flip] = images[flip][..., ::-1]
    return out
""",
        "flips with probability 1 - p": """
def random_flip(images, rng, p=0.5):
    images = np.asarray(images)
    flip = rng.random(len(images)) > p
    out = images.copy()
    out[flip] = images[flip][:, :, ::-1]
    return out
""",
    },
    "random_shift": {
        "np.roll wraps pixels around instead of filling with 0": """
def random_shift(images, max_shift, rng):
    images = np.asarray(images)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    return np.stack([np.roll(image, (dy, dx), axis=(0, 1)) for image, (dy, dx) in zip(images, shifts)])
""",
        "max_shift itself never drawn": """
def random_shift(images, max_shift, rng):
    images = np.asarray(images)
    shifts = rng.integers(-max_shift, max_shift, size=(len(images), 2))
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(shifts):
        out[i, max(0, dy):H - max(0, -dy), max(0, dx):W - max(0, -dx)] = images[i, max(0, -dy):H - max(0, dy), max(0, -dx):W - max(0, dx)]
    return out
""",
        "one shift for the whole batch": """
def random_shift(images, max_shift, rng):
    images = np.asarray(images)
    dy, dx = rng.integers(-max_shift, max_shift + 1, size=2)
    H, W = images.shape[1:3]
    out = np.zeros_like(images)
    out[:, max(0, dy):H - max(0, -dy), max(0, dx):W - max(0, -dx)] = images[:, max(0, -dy):H - max(0, dy), max(0, -dx):W - max(0, dx)]
    return out
""",
        "modifies the input in place": """
def random_shift(images, max_shift, rng):
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(shifts):
        moved = np.zeros_like(images[i])
        moved[max(0, dy):H - max(0, -dy), max(0, dx):W - max(0, -dx)] = images[i, max(0, -dy):H - max(0, dy), max(0, -dx):W - max(0, dx)]
        images[i] = moved
    return images
""",
        "dy and dx swapped": """
def random_shift(images, max_shift, rng):
    images = np.asarray(images)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    for i, (dx, dy) in enumerate(shifts):
        out[i, max(0, dy):H - max(0, -dy), max(0, dx):W - max(0, -dx)] = images[i, max(0, -dy):H - max(0, dy), max(0, -dx):W - max(0, dx)]
    return out
""",
    },
    "augment_dataset": {
        "labels not repeated": """
def augment_dataset(X, y, copies, rng, transform=None):
    if transform is None:
        transform = lambda images, rng: random_shift(images, 1, rng)
    return np.concatenate([X] + [transform(X, rng) for _ in range(copies)]), np.asarray(y)
""",
        "labels repeated element by element (np.repeat) instead of as a block": """
def augment_dataset(X, y, copies, rng, transform=None):
    if transform is None:
        transform = lambda images, rng: random_shift(images, 1, rng)
    return np.concatenate([X] + [transform(X, rng) for _ in range(copies)]), np.repeat(y, copies + 1)
""",
        "the originals left out": """
def augment_dataset(X, y, copies, rng, transform=None):
    if transform is None:
        transform = lambda images, rng: random_shift(images, 1, rng)
    if copies == 0:
        return np.asarray(X).copy(), np.asarray(y).copy()
    return np.concatenate([transform(X, rng) for _ in range(copies)]), np.tile(y, copies)
""",
        "each copy transforms the previous copy": """
def augment_dataset(X, y, copies, rng, transform=None):
    if transform is None:
        transform = lambda images, rng: random_shift(images, 1, rng)
    blocks = [np.asarray(X)]
    for _ in range(copies):
        blocks.append(transform(blocks[-1], rng))
    return np.concatenate(blocks), np.tile(y, copies + 1)
""",
        "one augmented copy repeated": """
def augment_dataset(X, y, copies, rng, transform=None):
    if transform is None:
        transform = lambda images, rng: random_shift(images, 1, rng)
    copy = transform(X, rng)
    return np.concatenate([X] + [copy] * copies), np.tile(y, copies + 1)
""",
    },
    "build_augmentation": {
        "flip argument ignored (RandomFlip's default flips both ways)": """
def build_augmentation(flip="horizontal", rotation=0.1, translation=0.05):
    return keras.Sequential([
        keras.layers.RandomFlip(),
        keras.layers.RandomRotation(rotation),
        keras.layers.RandomTranslation(translation, translation),
    ])
""",
        "translation only along the height": """
def build_augmentation(flip="horizontal", rotation=0.1, translation=0.05):
    return keras.Sequential([
        keras.layers.RandomFlip(flip),
        keras.layers.RandomRotation(rotation),
        keras.layers.RandomTranslation(translation, 0.0),
    ])
""",
        "rotation and translation factors swapped": """
def build_augmentation(flip="horizontal", rotation=0.1, translation=0.05):
    return keras.Sequential([
        keras.layers.RandomFlip(flip),
        keras.layers.RandomRotation(translation),
        keras.layers.RandomTranslation(rotation, rotation),
    ])
""",
        "RandomZoom instead of RandomTranslation": """
def build_augmentation(flip="horizontal", rotation=0.1, translation=0.05):
    return keras.Sequential([
        keras.layers.RandomFlip(flip),
        keras.layers.RandomRotation(rotation),
        keras.layers.RandomZoom(translation),
    ])
""",
    },
}

_STUDY = '''
def augmentation_study(X_train, y_train, X_val, y_val, seeds):
    def as_rows(transform):
        return lambda X_batch, rng: transform(X_batch.reshape(-1, 8, 8), rng).reshape(len(X_batch), -1)
    hooks = {"none": None, "shift": as_rows(lambda images, rng: SHIFT), "flip": as_rows(lambda images, rng: FLIP)}
    results = {name: [] for name in hooks}
    for name, hook in hooks.items():
        for seed in seeds:
            net = numpy_net.Network([64, 64, 10], seed=SEED)
            net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, augment=hook)
            results[name].append(MEASURE)
    return results
'''


def _study(shift="random_shift(images, 1, rng)", flip="random_flip(images, rng, p=0.5)", seed="seed",
           measure="net.evaluate(X_val, y_val)[1]"):
    return _STUDY.replace("SHIFT", shift).replace("FLIP", flip).replace("SEED", seed).replace("MEASURE", measure)


MISTAKES["augmentation_study"] = {
    "flips up-down (axis 1) instead of left-right": _study(flip="np.where((rng.random(len(images)) < 0.5)[:, None, None], images[:, ::-1], images)"),
    "flips every image": _study(flip="images[:, :, ::-1]"),
    "the flip drawn from a fresh generator, not the hook's rng": _study(flip="random_flip(images, np.random.default_rng(0), p=0.5)"),
    "training accuracy reported instead of validation accuracy": _study(measure="net.evaluate(X_train, y_train)[1]"),
    "seed ignored (every run from seed 0)": _study(seed="0"),
}

MISTAKES["verdicts"] = {
    "the population std (ddof=0)": """
def verdicts(results):
    base = np.asarray(results["none"], dtype=float)
    answer = {}
    for name, values in results.items():
        if name != "none":
            d = np.asarray(values, dtype=float) - base
            noise = not (np.all(d > 0) or np.all(d < 0)) or abs(d.mean()) < 2 * d.std() / np.sqrt(len(d))
            answer[name] = "within noise" if noise else ("helps" if d.mean() > 0 else "hurts")
    return answer
""",
    "means compared, no pairing and no sign rule": """
def verdicts(results):
    base = np.asarray(results["none"], dtype=float)
    answer = {}
    for name, values in results.items():
        if name != "none":
            d = np.mean(values) - base.mean()
            answer[name] = "within noise" if abs(d) < 0.005 else ("helps" if d > 0 else "hurts")
    return answer
""",
    "the sign rule forgotten (only two standard errors)": """
def verdicts(results):
    base = np.asarray(results["none"], dtype=float)
    answer = {}
    for name, values in results.items():
        if name != "none":
            d = np.asarray(values, dtype=float) - base
            noise = abs(d.mean()) < 2 * d.std(ddof=1) / np.sqrt(len(d))
            answer[name] = "within noise" if noise else ("helps" if d.mean() > 0 else "hurts")
    return answer
""",
    "one standard error instead of two": """
def verdicts(results):
    base = np.asarray(results["none"], dtype=float)
    answer = {}
    for name, values in results.items():
        if name != "none":
            d = np.asarray(values, dtype=float) - base
            noise = not (np.all(d > 0) or np.all(d < 0)) or abs(d.mean()) < d.std(ddof=1) / np.sqrt(len(d))
            answer[name] = "within noise" if noise else ("helps" if d.mean() > 0 else "hurts")
    return answer
""",
    "'none' given a verdict too": """
def verdicts(results):
    base = np.asarray(results["none"], dtype=float)
    answer = {}
    for name, values in results.items():
        d = np.asarray(values, dtype=float) - base
        noise = not (np.all(d > 0) or np.all(d < 0)) or abs(d.mean()) < 2 * d.std(ddof=1) / np.sqrt(len(d))
        answer[name] = "within noise" if noise else ("helps" if d.mean() > 0 else "hurts")
    return answer
""",
}
