"""Train a Keras model on in-memory arrays through tf.data: the same ``History``, 2-3x faster.

On small data sets ``model.fit(x, y, ...)`` spends most of its time re-wrapping the NumPy arrays
every epoch; a lecture that trains several models for dozens of epochs pays that many times.
``fit`` below builds the input pipelines once (shuffled with a fixed seed, validation in one
batch) and hands them to ``model.fit``, so runs stay reproducible after ``seed_everything``.
"""
from __future__ import annotations


def fit(model, x, y, validation_data=None, epochs=1, batch_size=128, callbacks=None, seed=0):
    """``model.fit`` for ``epochs`` epochs on ``(x, y)``, reshuffled each epoch with ``seed``.

    ``validation_data=(x_val, y_val)`` is evaluated after every epoch as one batch, so the
    ``History`` holds ``val_loss`` and the compiled metrics with the ``val_`` prefix.
    """
    import tensorflow as tf

    train = (
        tf.data.Dataset.from_tensor_slices((x, y))
        .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
    )
    validation = None
    if validation_data is not None:
        x_val, y_val = validation_data
        validation = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(len(x_val))
    # shuffle=False: the pipeline already shuffles (Keras would warn that it ignores shuffle=True).
    return model.fit(train, validation_data=validation, epochs=epochs, callbacks=callbacks,
                     shuffle=False, verbose=0)


def reset_to(model, fresh):
    """Give the compiled ``model`` the whole state of ``fresh``, a newly built model of the same layers.

    Copied: every variable (weights, batch-norm statistics, the dropout layers' seed states) and the
    optimizer's (step count, moments, learning rate), built in ``fresh`` first so they hold their
    initial values. Settings that are not variables (a dropout rate, batch norm's momentum) are part
    of the traced graph: models that differ in them must not share one compiled model.
    Training ``model`` afterwards gives the numbers training ``fresh`` would, while ``model`` keeps
    the training and evaluation steps TensorFlow already traced for it.
    """
    ours, theirs = model.variables, fresh.variables
    if [tuple(v.shape) for v in ours] != [tuple(v.shape) for v in theirs]:
        raise ValueError(f"reset_to needs two models of the same layers: {model.name} has variables "
                         f"{[tuple(v.shape) for v in ours]}, {fresh.name} {[tuple(v.shape) for v in theirs]}")
    if type(model.optimizer) is not type(fresh.optimizer):
        raise ValueError(f"reset_to needs the same optimizer: {type(model.optimizer).__name__} "
                         f"and {type(fresh.optimizer).__name__}")
    for variable, value in zip(ours, theirs):
        variable.assign(value)
    # Built before any training, an optimizer holds its initial state (and its learning rate).
    for optimizer, owner in ((model.optimizer, model), (fresh.optimizer, fresh)):
        if not optimizer.built:
            optimizer.build(owner.trainable_variables)
    for variable, value in zip(model.optimizer.variables, fresh.optimizer.variables):
        variable.assign(value)


class CompiledModels:
    """One compiled model per architecture, reset to a newly built one before every run.

    Building a Keras model is cheap; tracing its training step into a TensorFlow graph, in its first
    ``fit``, costs about 2-3 CPU-seconds, most of a short run on a small data set. A lecture that
    trains one architecture from several seeds pays that once::

        cache = CompiledModels()
        for seed in range(3):
            dnn_course.seed_everything(seed)
            model = cache.fresh("wide", lambda: make_model(units=256))

    ``fresh(key, build)`` calls ``build()`` (seeded as the caller seeded) and, when a model was
    cached under ``key``, copies the new model's state into it (``reset_to``) and returns the cached
    one: the same object on every call with that key, so keep its numbers, not the model.
    """

    def __init__(self):
        self._models = {}

    def fresh(self, key, build):
        new = build()
        cached = self._models.setdefault(key, new)
        if cached is not new:
            reset_to(cached, new)
        return cached
