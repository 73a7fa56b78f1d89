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
