"""Small Keras models the lectures train again and again, built the same way every time."""
from __future__ import annotations


def dense_classifier(
    input_dim,
    hidden_units,
    n_classes=2,
    activation="relu",
    kernel_regularizer=None,
    dropout=0.0,
    kernel_initializer="glorot_uniform",
    optimizer="adam",
    learning_rate=1e-3,
    steps_per_execution=1,
):
    """A compiled multilayer perceptron for ``n_classes`` classes (sigmoid output when 2).

    ``kernel_regularizer`` (e.g. ``keras.regularizers.L2(1e-3)``) goes on every hidden layer.
    ``dropout`` > 0 puts a Dropout layer after every hidden layer.
    ``steps_per_execution`` > 1 runs that many batches per call into TensorFlow: the same updates,
    less Python overhead per step (what small models on small batches spend most of their time on).
    """
    import keras

    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=activation, kernel_regularizer=kernel_regularizer,
                                     kernel_initializer=kernel_initializer))
        if dropout:
            model.add(keras.layers.Dropout(dropout))
    binary = n_classes == 2
    model.add(keras.layers.Dense(1 if binary else n_classes, activation="sigmoid" if binary else "softmax"))
    if isinstance(optimizer, str):
        optimizer = keras.optimizers.get({"class_name": optimizer, "config": {"learning_rate": learning_rate}})
    model.compile(
        optimizer=optimizer,
        loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model
