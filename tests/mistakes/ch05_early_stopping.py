MISTAKES = {
    "early_stopping": {
        "off-by-one patience (waits one epoch too many)": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, waited = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited > patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
""",
        "min_delta ignored": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, waited = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
""",
        "an equal loss counts as an improvement": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, waited = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss <= best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
""",
        "1-based stop epoch (the number of epochs run)": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, waited = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch + 1, best_epoch
    return len(val_losses), best_epoch
""",
        "best epoch is the overall minimum, min_delta aside": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, waited = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best - min_delta:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, int(np.argmin(val_losses[: epoch + 1]))
    return len(val_losses) - 1, int(np.argmin(val_losses))
""",
        "min_delta added the wrong way": """
def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, waited = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best + min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
""",
    },
    "make_callbacks": {
        "restore_best_weights missing": """
def make_callbacks(checkpoint_path, patience):
    return [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience),
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True),
    ]
""",
        "checkpoint without save_best_only": """
def make_callbacks(checkpoint_path, patience):
    return [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True),
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss"),
    ]
""",
        "watches the training loss": """
def make_callbacks(checkpoint_path, patience):
    return [
        keras.callbacks.EarlyStopping(monitor="loss", patience=patience, restore_best_weights=True),
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="loss", save_best_only=True),
    ]
""",
        "callbacks in the other order": """
def make_callbacks(checkpoint_path, patience):
    return [
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True),
    ]
""",
    },
}

MISTAKES["should_stop"] = {
    "'stops at the last epoch' read as 'stop_epoch is the last index' (true when it never stops too)": """
def should_stop(val_losses, patience, min_delta=0.0):
    stop_epoch, best_epoch = early_stopping(val_losses, patience, min_delta)
    return stop_epoch == len(val_losses) - 1
""",
    "patience 0 stops even after an improving epoch": """
def should_stop(val_losses, patience, min_delta=0.0):
    stop_epoch, best_epoch = early_stopping(val_losses, patience, min_delta)
    return stop_epoch - best_epoch >= patience
""",
    "waits one epoch too many": """
def should_stop(val_losses, patience, min_delta=0.0):
    stop_epoch, best_epoch = early_stopping(val_losses, patience, min_delta)
    return stop_epoch - best_epoch > patience
""",
    "min_delta not passed on": """
def should_stop(val_losses, patience, min_delta=0.0):
    stop_epoch, best_epoch = early_stopping(val_losses, patience)
    waited = stop_epoch - best_epoch
    return waited > 0 and waited >= patience
""",
    "counts epochs since the overall minimum (np.argmin), min_delta aside": """
def should_stop(val_losses, patience, min_delta=0.0):
    waited = len(val_losses) - 1 - int(np.argmin(val_losses))
    return waited > 0 and waited >= patience
""",
}

MISTAKES["stop_early"] = {
    "best weights not restored": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    net = numpy_net.Network([10, 64, 64, 1], seed=seed)
    history = net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, validation_data=(X_val, y_val),
                      early_stopping=lambda val_losses: should_stop(val_losses, patience))
    return net, history
""",
    "patience ignored (the hook always waits 5 epochs)": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    net = numpy_net.Network([10, 64, 64, 1], seed=seed)
    history = net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, validation_data=(X_val, y_val),
                      early_stopping=lambda val_losses: should_stop(val_losses, 5), restore_best=True)
    return net, history
""",
    "no early stopping: trains all EPOCHS epochs": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    net = numpy_net.Network([10, 64, 64, 1], seed=seed)
    history = net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, validation_data=(X_val, y_val),
                      restore_best=True)
    return net, history
""",
    "stops on the training loss (the validation loss only for restoring)": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    net = numpy_net.Network([10, 64, 64, 1], seed=seed)
    train_losses = []
    def hook(val_losses):
        train_losses.append(net.evaluate(X_train, y_train)[0])
        return should_stop(train_losses, patience)
    history = net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, validation_data=(X_val, y_val),
                      early_stopping=hook, restore_best=True)
    return net, history
""",
    "seed ignored": """
def stop_early(X_train, y_train, X_val, y_val, patience=5, seed=0):
    net = numpy_net.Network([10, 64, 64, 1])
    history = net.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, lr=0.1, validation_data=(X_val, y_val),
                      early_stopping=lambda val_losses: should_stop(val_losses, patience), restore_best=True)
    return net, history
""",
}

MISTAKES["read_run"] = {
    "1-based best epoch": """
def read_run(history):
    v, l = np.asarray(history["val_loss"]), np.asarray(history["loss"])
    best = int(np.argmin(v))
    diagnosis = "still improving" if best == len(v) - 1 else ("overfitting" if l[-1] < l[best] else "not learning")
    return {"best_epoch": best + 1, "epochs_run": int(history["epochs_run"]), "diagnosis": diagnosis}
""",
    "best epoch taken from the training loss": """
def read_run(history):
    v, l = np.asarray(history["val_loss"]), np.asarray(history["loss"])
    best = int(np.argmin(l))
    diagnosis = "still improving" if best == len(v) - 1 else ("overfitting" if l[-1] < l[best] else "not learning")
    return {"best_epoch": best, "epochs_run": int(history["epochs_run"]), "diagnosis": diagnosis}
""",
    "every run that stopped after its best epoch called overfitting": """
def read_run(history):
    v = np.asarray(history["val_loss"])
    best = int(np.argmin(v))
    diagnosis = "still improving" if best == len(v) - 1 else "overfitting"
    return {"best_epoch": best, "epochs_run": int(history["epochs_run"]), "diagnosis": diagnosis}
""",
    "the last of two equal minima": """
def read_run(history):
    v, l = np.asarray(history["val_loss"]), np.asarray(history["loss"])
    best = len(v) - 1 - int(np.argmin(v[::-1]))
    diagnosis = "still improving" if best == len(v) - 1 else ("overfitting" if l[-1] < l[best] else "not learning")
    return {"best_epoch": best, "epochs_run": int(history["epochs_run"]), "diagnosis": diagnosis}
""",
    "overfitting judged on the first epoch instead of the best one": """
def read_run(history):
    v, l = np.asarray(history["val_loss"]), np.asarray(history["loss"])
    best = int(np.argmin(v))
    diagnosis = "still improving" if best == len(v) - 1 else ("overfitting" if l[-1] < l[0] else "not learning")
    return {"best_epoch": best, "epochs_run": int(history["epochs_run"]), "diagnosis": diagnosis}
""",
}
