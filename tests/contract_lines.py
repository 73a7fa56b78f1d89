"""Answer text a released exercise may show: the contract its instructions must name.

``{chapter: {expression: why the instructions must show it}}``. Keep it short: anything here is
text a student could copy instead of working it out.
"""
CONTRACT_LINES: dict[str, dict[str, str]] = {
    "02_bias_variance": {
        '"high bias and high variance"': "one of the four labels diagnose must return; the instructions name them",
        '"high variance"': "one of the four labels diagnose must return; the instructions name them",
        '"low bias and low variance"': "one of the four labels diagnose must return; the instructions name them",
    },
    "05_early_stopping": {
        "epoch, best_epoch": "inside the return value (stop_epoch, best_epoch) that the instructions must name",
        "net, history": "the return value of stop_early, which its instructions must state",
        '"still improving"': "a label read_run returns: the instructions must name it",
        '"overfitting"': "a label read_run returns: the instructions must name it",
        '"not learning"': "a label read_run returns: the instructions must name it",
    },
    "06_augmentation": {
        "X_aug, y_aug": "the return value of augment_dataset, which its instructions must state",
        "numpy_net.Network([64, 64, 10], seed=seed)": "the network the experiment prescribes, so that runs compare",
        '"within noise"': "a label verdicts returns: the instructions must name it",
    },
    "07_noise": {'"within noise"': "one of the three verdicts noise_verdict must return, named by the instructions"},
    "09_normalization": {
        "fit_standardizer(X_train)": "the signature of the graded function, in its def line; later answers call it",
        "histories, (mean, std)": "the return value of scaling_race, which its instructions must state",
    },
    "12_batch_norm": {
        "dZ, dgamma, dbeta": "the order of batchnorm_backward's returned tuple, which numpy_net's batch_norm hook unpacks",
        '"only batch norm"': "one of the four labels which_trains must return",
    },
    "14_capstone": {
        '"high bias and high variance"': "one of chapter 02's four labels diagnose must return; the instructions name them",
        '"high variance"': "one of chapter 02's four labels diagnose must return; the instructions name them",
        '"low bias and low variance"': "one of chapter 02's four labels diagnose must return; the instructions name them",
    },
}
