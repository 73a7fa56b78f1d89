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
