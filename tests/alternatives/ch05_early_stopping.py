"""Correct answers to exercise 05 written differently from the reference (issue #11)."""

ALTERNATIVES = {
    "early_stopping": {
        "a while loop with an explicit best-loss float, NumPy array input": """
def early_stopping(val_losses, patience, min_delta=0.0):
    losses = np.asarray(val_losses, dtype=float)
    best_loss, best_epoch, epoch, wait = float("inf"), 0, 0, 0
    while epoch < len(losses):
        if losses[epoch] < best_loss - min_delta:
            best_loss, best_epoch, wait = losses[epoch], epoch, 0
        else:
            wait += 1
            if wait >= patience and epoch > 0:
                break
        epoch += 1
    return min(epoch, len(losses) - 1), best_epoch
""",
        "counts the epochs since the best by subtraction": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best_epoch = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[best_epoch] - min_delta:
            best_epoch = epoch
        elif epoch - best_epoch >= max(patience, 1):
            return (epoch, best_epoch)
    return (len(val_losses) - 1, best_epoch)
""",
    },
    "should_stop": {
        "a replay of the rule written out again, list slicing": """
def should_stop(val_losses, patience, min_delta=0.0):
    best, waited = None, 0
    for loss in list(val_losses):
        if best is None or loss < best - min_delta:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                return True
    return False
""",
        "through part 1 on the list and on the list without its last loss": """
def should_stop(val_losses, patience, min_delta=0.0):
    stop, best = early_stopping(val_losses, patience, min_delta=min_delta)
    if stop < len(val_losses) - 1:
        return True
    return bool(stop > best and stop - best >= patience)
""",
    },
    "make_callbacks": {
        "every argument named, defaults passed explicitly": """
def make_callbacks(checkpoint_path, patience):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=patience, mode="auto",
                                         restore_best_weights=True)
    keep = keras.callbacks.ModelCheckpoint(filepath=checkpoint_path, monitor="val_loss", save_best_only=True,
                                           save_weights_only=False, mode="auto")
    return [stop, keep]
""",
        "mode='min' spelled out, the list built by append": """
def make_callbacks(checkpoint_path, patience):
    callbacks = []
    callbacks.append(keras.callbacks.EarlyStopping("val_loss", patience=patience, mode="min", restore_best_weights=True))
    callbacks.append(keras.callbacks.ModelCheckpoint(str(checkpoint_path), "val_loss", save_best_only=True, mode="min"))
    return callbacks
""",
    },
    "stop_early": {
        "a named hook function, keyword arguments in another order": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    def hook(val_losses):
        return should_stop(val_losses, patience, min_delta=0.0)
    net = numpy_net.Network(layer_dims=[10, 64, 64, 1], activation="relu", seed=seed)
    history = net.fit(X_train, y_train, validation_data=(X_val, y_val), restore_best=True, early_stopping=hook,
                      lr=0.1, batch_size=32, epochs=EPOCHS, optimizer=None)
    return net, history
""",
        "float32 inputs, the hook through functools.partial": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    import functools
    net = numpy_net.Network([10, 64, 64, 1], seed=seed)
    history = net.fit(np.float32(X_train), y_train, epochs=EPOCHS, batch_size=32, lr=0.1,
                      validation_data=(np.float32(X_val), y_val),
                      early_stopping=functools.partial(should_stop, patience=patience), restore_best=True)
    return net, history
""",
    },
    "read_run": {
        "plain Python lists and min()": """
def read_run(history):
    val, train = list(history["val_loss"]), list(history["loss"])
    best = val.index(min(val))
    if best == len(val) - 1:
        label = "still improving"
    elif train[-1] < train[best]:
        label = "overfitting"
    else:
        label = "not learning"
    return dict(best_epoch=best, epochs_run=history["epochs_run"], diagnosis=label)
""",
        "epochs_run from the length of the lists, a loop for the minimum": """
def read_run(history):
    best = 0
    for epoch, loss in enumerate(history["val_loss"]):
        if loss < history["val_loss"][best]:
            best = epoch
    ran = len(history["val_loss"])
    if best == ran - 1:
        return {"best_epoch": best, "epochs_run": ran, "diagnosis": "still improving"}
    rose = history["loss"][ran - 1] >= history["loss"][best]
    return {"best_epoch": best, "epochs_run": ran, "diagnosis": "not learning" if rose else "overfitting"}
""",
    },
}
