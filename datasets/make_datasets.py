"""Rebuild the data files checked into datasets/ and their SHA256SUMS, byte for byte.

    python datasets/make_datasets.py           # rewrite the files
    python datasets/make_datasets.py --check   # only say whether the files match a fresh build
"""
import argparse
import io
import sys
from pathlib import Path

from dnn_course.data import CHECKSUMS_FILE, DATASETS_DIR, TREE_FEATURES, make_trees


def trees_csv():
    x, y = make_trees()
    out = io.StringIO()
    out.write(",".join(TREE_FEATURES + ("deciduous",)) + "\n")
    for row, label in zip(x, y):
        out.write(",".join(f"{value:.2f}" for value in row) + f",{label}\n")
    return out.getvalue().encode()


BUILDERS = {"trees.csv": trees_csv}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with a fresh build; write nothing")
    args = parser.parse_args(argv)
    import hashlib

    contents = {name: build() for name, build in BUILDERS.items()}
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(contents.items()))
    if args.check:
        stale = [name for name, data in contents.items() if (DATASETS_DIR / name).read_bytes() != data]
        if CHECKSUMS_FILE.read_text() != sums:
            stale.append(CHECKSUMS_FILE.name)
        print("stale: " + ", ".join(stale) if stale else "all data files match a fresh build")
        return 1 if stale else 0
    for name, data in contents.items():
        Path(DATASETS_DIR / name).write_bytes(data)
    CHECKSUMS_FILE.write_text(sums)
    print(f"wrote {', '.join(contents)} and {CHECKSUMS_FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
