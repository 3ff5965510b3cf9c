#!/usr/bin/env python
"""Train the project's own spacy-pkuseg word-segmentation model.

Training data: the word-segmented Universal Dependencies sentences in
../shared/data/ud-zh (relative to the repository root):

* gsdsimp-dev.txt  (UD_Chinese-GSDSimp dev, simplified, CC BY-SA 4.0)
* pud-test.txt     (UD_Chinese-PUD test, traditional, CC BY-SA 3.0)
* hk-test.txt      (UD_Chinese-HK test, traditional, CC BY-SA 4.0)

gsdsimp-test.txt is never used for training; it is the held-out test set on
which word-level precision / recall / F1 are measured.

Traditional-script files are converted to simplified script word by word with
OpenCC (t2s); if the phrase-level conversion of a word changes its length the
word is converted character by character instead, so word boundaries are kept.
Full-width ASCII forms (U+FF01..U+FF5E) are folded to half-width in training
and test text, because the pipeline segments text after that normalisation.

The model (features.msgpack + weights.npz, nothing else is needed to load it)
is written to --out, together with METRICS.json (size, load time, F1).

Usage:
    .venv/bin/python scripts/train_segmenter.py [--iters N] [--out DIR] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (REPO_ROOT / ".." / "shared" / "data" / "ud-zh").resolve()
DEFAULT_OUT = REPO_ROOT / "models" / "pkuseg_ud_zh"
DEFAULT_CORPUS = (REPO_ROOT / ".." / "shared" / "corpus").resolve()
DEFAULT_PKUSEG_PYTHON = Path("/tmp/pkuseg-venv/bin/python")

# (file name, is traditional script)
TRAIN_FILES = [
    ("gsdsimp-dev.txt", False),
    ("pud-test.txt", True),
    ("hk-test.txt", True),
]
TEST_FILE = "gsdsimp-test.txt"

# Files that make up a loadable spacy_pkuseg model.
MODEL_FILES = ("features.msgpack", "weights.npz")
# Files in the output folder that this script does not own and must keep.
KEEP_FILES = ("README.md", "METRICS.json")


# --------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------

_FW_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FW_TABLE[0x3000] = 0x20  # ideographic space -> space


def fold_fullwidth(text: str) -> str:
    """Fold full-width ASCII forms (and the ideographic space) to half-width."""
    return text.translate(_FW_TABLE)


class T2S:
    """Traditional -> simplified conversion that never changes a word's length."""

    def __init__(self) -> None:
        from opencc import OpenCC

        self.cc = OpenCC("t2s")
        self.char_fallbacks = 0

    def word(self, word: str) -> str:
        conv = self.cc.convert(word)
        if len(conv) == len(word):
            return conv
        self.char_fallbacks += 1
        out = []
        for ch in word:
            c = self.cc.convert(ch)
            out.append(c if len(c) == 1 else ch)
        return "".join(out)


def read_words(path: Path, t2s: T2S | None) -> list[list[str]]:
    """Read one sentence a line, words separated by spaces; normalise words."""
    sents = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            out = []
            for w in words:
                w2 = t2s.word(w) if t2s is not None else w
                w2 = fold_fullwidth(w2)
                assert len(w2) == len(w), (path, w, w2)
                # a folded ideographic space inside a word would split it
                out.extend(p for p in w2.split(" ") if p)
            sents.append(out)
    return sents


def split_sentences(text: str) -> list[str]:
    """Split raw Chinese text into sentences (after full-width folding)."""
    out = []
    for para in fold_fullwidth(text).splitlines():
        for sent in re.findall(r"[^。！？!?；;]+[。！？!?；;]*[”’\"')）]*", para):
            sent = " ".join(sent.split())
            if re.search(r"[\u4e00-\u9fff]", sent):
                out.append(sent)
    return out


def write_words(path: Path, sents: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            f.write(" ".join(s) + "\n")


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, i = set(), 0
    for w in words:
        out.add((i, i + len(w)))
        i += len(w)
    return out


def evaluate(seg, sents: list[list[str]]) -> dict:
    """Word-level precision/recall/F1 on character-offset spans."""
    n_gold = n_pred = n_ok = 0
    for gold in sents:
        text = "".join(gold)
        pred = seg.cut(text)
        if "".join(pred) != text:
            raise RuntimeError(f"segmenter changed the text: {text!r} -> {pred!r}")
        g, p = spans(gold), spans(pred)
        n_gold += len(g)
        n_pred += len(p)
        n_ok += len(g & p)
    prec = n_ok / n_pred if n_pred else 0.0
    rec = n_ok / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "gold_words": n_gold,
        "pred_words": n_pred,
        "correct_words": n_ok,
    }


def dir_size_bytes(path: Path, names=None) -> int:
    total = 0
    for p in path.iterdir():
        if p.is_file() and (names is None or p.name in names):
            total += p.stat().st_size
    return total


def load_times(model_dir: Path, n: int = 3) -> tuple[list[float], list[float]]:
    import spacy_pkuseg

    walls, cpus = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        spacy_pkuseg.pkuseg(model_name=str(model_dir))
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return walls, cpus


# --------------------------------------------------------------------------
# Silver data (optional, --silver): raw sentences segmented by the general
# model of the PyPI package `pkuseg` (MIT), which must be installed in a
# separate throw-away venv, never in the project's venv:
#     python3 -m venv /tmp/pkuseg-venv
#     /tmp/pkuseg-venv/bin/pip install numpy cython wheel
#     /tmp/pkuseg-venv/bin/pip install --no-build-isolation pkuseg
# This script re-runs itself with that interpreter (--_label-silver mode,
# which imports nothing but the standard library and pkuseg).
# --------------------------------------------------------------------------


def _label_silver_main(in_file: str, out_file: str) -> int:
    import pkuseg  # the PyPI package, only present in the throw-away venv

    seg = pkuseg.pkuseg(user_dict=None)  # default (bundled) model, no dictionary merging
    n = 0
    with open(in_file, encoding="utf-8") as fi, open(out_file, "w", encoding="utf-8") as fo:
        for line in fi:
            line = line.strip()
            if not line:
                continue
            words = seg.cut(line)
            assert "".join(words) == "".join(line.split()), (line, words)
            fo.write(" ".join(words) + "\n")
            n += 1
    print(f"pkuseg labelled {n} sentences", file=sys.stderr)
    return 0


def raw_silver_sentences(corpus_dir: Path, ud_train_sents, with_ud: bool) -> list[str]:
    raw = []
    for sub in ("dev", "seeds"):
        for p in sorted((corpus_dir / sub).glob("*.txt")):
            raw.extend(split_sentences(p.read_text(encoding="utf-8")))
    if with_ud:
        raw.extend("".join(s) for s in ud_train_sents)
    seen, out = set(), []
    for r in raw:
        if r not in seen:
            seen.add(r)
            out.append(r)
    return out


def label_silver(pkuseg_python: Path, raw: list[str], tmp: Path) -> list[list[str]]:
    if not pkuseg_python.exists():
        raise SystemExit(
            f"--silver needs the PyPI package pkuseg in a throw-away venv; "
            f"{pkuseg_python} does not exist (see the comment in this script)"
        )
    raw_file, out_file = tmp / "silver_raw.txt", tmp / "silver.txt"
    raw_file.write_text("\n".join(raw) + "\n", encoding="utf-8")
    subprocess.run(
        [str(pkuseg_python), str(Path(__file__).resolve()), "--_label-silver", str(raw_file), str(out_file)],
        check=True,
    )
    return read_words(out_file, None)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_label-silver"]:
        return _label_silver_main(argv[1], argv[2])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder with the ud-zh *.txt files (default: %(default)s)",
    )
    ap.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="model output folder (default: %(default)s)"
    )
    ap.add_argument("--iters", type=int, default=20, help="training iterations (default: %(default)s)")
    ap.add_argument(
        "--feature-trim",
        type=int,
        default=0,
        help="drop features seen at most this many times in training "
        "(spacy_pkuseg config.featureTrim; default: %(default)s)",
    )
    ap.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed for the trainer's example shuffling (Python's random module; "
        "spacy_pkuseg does not seed it itself). Default: %(default)s",
    )
    ap.add_argument(
        "--holdout",
        type=int,
        default=0,
        help="hold the last N gsdsimp-dev sentences out of training and "
        "use them to monitor training (for choosing --iters without "
        "looking at the test set). Default 0: train on everything and "
        "monitor on a sample of the training data.",
    )
    ap.add_argument(
        "--extra-train",
        type=Path,
        action="append",
        default=[],
        help="additional word-segmented training file (one sentence a "
        "line, words separated by spaces, simplified script); can be "
        "given several times",
    )
    ap.add_argument(
        "--silver",
        action="store_true",
        help="also train on silver data: sentences of the raw texts in "
        "--corpus (dev/*.txt, seeds/*.txt) segmented by the PyPI "
        "package pkuseg's default model, run with --pkuseg-python",
    )
    ap.add_argument(
        "--silver-ud-raw",
        action="store_true",
        help="with --silver, also add the UD training sentences re-segmented by pkuseg (never gsdsimp-test)",
    )
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="raw text corpus for --silver (default: %(default)s)",
    )
    ap.add_argument(
        "--pkuseg-python",
        type=Path,
        default=DEFAULT_PKUSEG_PYTHON,
        help="python of the throw-away venv that has the PyPI package "
        "pkuseg, for --silver (default: %(default)s)",
    )
    ap.add_argument("--no-eval", action="store_true", help="train only")
    ap.add_argument(
        "--measure-only",
        action="store_true",
        help="do not train: re-measure the model in --out and rewrite its METRICS.json",
    )
    args = ap.parse_args(argv)

    data_dir: Path = args.data.resolve()
    out_dir: Path = args.out if args.out.is_absolute() else (Path.cwd() / args.out)
    out_dir = out_dir.resolve()

    test_sents = read_words(data_dir / TEST_FILE, None)
    if args.measure_only:
        old = out_dir / "METRICS.json"
        prev = json.loads(old.read_text(encoding="utf-8")) if old.exists() else {}
        train_info = {k: v for k, v in prev.items() if k in TRAIN_KEYS}
    else:
        train_info = train(args, data_dir, out_dir, test_sents)
        if args.no_eval:
            return 0

    m = measure(out_dir, test_sents)
    metrics = {"model": out_dir.name, **m, **train_info}
    metrics["python"] = platform.python_version()
    metrics["spacy_pkuseg"] = _version("spacy-pkuseg")
    (out_dir / "METRICS.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )

    print()
    print(f"model:      {out_dir}")
    print(
        f"size:       {m['size_mb']} MB ({m['size_bytes']} bytes: "
        + ", ".join(f"{k} {v}" for k, v in m["files"].items())
        + ")"
    )
    print(
        f"load time:  {m['load_time_s']:.3f} s wall, {m['load_cpu_s']:.3f} s CPU "
        f"(median of 3; wall {m['load_times_s']})"
    )
    print(
        f"test F1:    {m['f1']:.4f} (P {m['precision']:.4f}, R {m['recall']:.4f}) on {TEST_FILE}, "
        "pkuseg(model_name=...) defaults (user_dict='default')"
    )
    print(
        f"            {m['f1_user_dict_none']:.4f} (P {m['precision_user_dict_none']:.4f}, "
        f"R {m['recall_user_dict_none']:.4f}) with user_dict=None (no default.pkl merging)"
    )
    if "train_time_s" in train_info:
        print(f"train time: {train_info['train_time_s']} s wall, {train_info.get('train_cpu_s')} s CPU")
    return 0


TRAIN_KEYS = (
    "train_iters",
    "seed",
    "feature_trim",
    "train_sentences",
    "train_words",
    "train_sources",
    "holdout_gsdsimp_dev",
    "silver",
    "silver_ud_raw",
    "train_time_s",
    "train_cpu_s",
)


def train(args, data_dir: Path, out_dir: Path, test_sents) -> dict:
    import spacy_pkuseg
    from spacy_pkuseg.config import config as pkuseg_config

    # ---- data ------------------------------------------------------------
    t2s = T2S()
    train_sents: list[list[str]] = []
    monitor_sents: list[list[str]] = []
    counts = {}
    for name, trad in TRAIN_FILES:
        if name == TEST_FILE:  # paranoia: never train on the test set
            raise SystemExit("refusing to train on the test set")
        sents = read_words(data_dir / name, t2s if trad else None)
        if name == "gsdsimp-dev.txt" and args.holdout > 0:
            monitor_sents = sents[-args.holdout :]
            sents = sents[: -args.holdout]
        counts[name] = len(sents)
        train_sents.extend(sents)
    for extra in args.extra_train:
        sents = read_words(extra, None)
        counts[str(extra)] = len(sents)
        train_sents.extend(sents)
    if not monitor_sents:
        # spacy_pkuseg.train() needs a file to report a score on after each
        # iteration; it does not select anything with it.  Use a sample of
        # the training data (the score is then a training-set score).
        monitor_sents = train_sents[::10]

    with tempfile.TemporaryDirectory(prefix="pkuseg_train_") as tmp:
        tmp = Path(tmp)
        if args.silver:
            raw = raw_silver_sentences(args.corpus.resolve(), list(train_sents), args.silver_ud_raw)
            test_raw = {"".join(s) for s in test_sents}
            raw = [r for r in raw if "".join(r.split()) not in test_raw]
            silver = label_silver(args.pkuseg_python, raw, tmp)
            counts["silver (pkuseg)"] = len(silver)
            train_sents.extend(silver)
        n_words = sum(len(s) for s in train_sents)
        print(f"training sentences: {len(train_sents)} ({n_words} words) {counts}")
        print(f"t2s words converted char by char (length changed): {t2s.char_fallbacks}")
        print(f"monitor sentences: {len(monitor_sents)}; test sentences: {len(test_sents)}")

        # ---- train -------------------------------------------------------
        pkuseg_config.featureTrim = args.feature_trim
        random.seed(args.seed)
        train_file, monitor_file = tmp / "train.txt", tmp / "monitor.txt"
        write_words(train_file, train_sents)
        write_words(monitor_file, monitor_sents)
        model_tmp = tmp / "model"
        t0, c0 = time.perf_counter(), time.process_time()
        spacy_pkuseg.train(str(train_file), str(monitor_file), str(model_tmp), train_iter=args.iters)
        train_seconds, train_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"training took {train_seconds:.1f} s ({train_cpu:.1f} s CPU)")

        # Copy only what is needed to load the model; drop everything else the
        # trainer may have left (its logs go to a temp dir of its own).
        out_dir.mkdir(parents=True, exist_ok=True)
        for p in out_dir.iterdir():
            if p.name not in KEEP_FILES:
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink()
        for name in MODEL_FILES:
            shutil.copy2(model_tmp / name, out_dir / name)
        leftovers = sorted(p.name for p in model_tmp.iterdir() if p.name not in MODEL_FILES)
        if leftovers:
            print(f"not copied (training by-products): {leftovers}")

    return {
        "train_iters": args.iters,
        "seed": args.seed,
        "feature_trim": args.feature_trim,
        "train_sentences": len(train_sents),
        "train_words": n_words,
        "train_sources": counts,
        "holdout_gsdsimp_dev": args.holdout,
        "silver": args.silver,
        "silver_ud_raw": args.silver_ud_raw,
        "train_time_s": round(train_seconds, 1),
        "train_cpu_s": round(train_cpu, 1),
    }


def measure(out_dir: Path, test_sents) -> dict:
    import spacy_pkuseg

    size_model = dir_size_bytes(out_dir, MODEL_FILES)
    walls, cpus = load_times(out_dir, 3)
    seg = spacy_pkuseg.pkuseg(model_name=str(out_dir))  # user_dict="default"
    t0 = time.perf_counter()
    scores = evaluate(seg, test_sents)
    seg_seconds = time.perf_counter() - t0
    seg_nodict = spacy_pkuseg.pkuseg(model_name=str(out_dir), user_dict=None)
    scores_nodict = evaluate(seg_nodict, test_sents)
    return {
        "size_mb": round(size_model / 1e6, 2),
        "size_bytes": size_model,
        "files": {n: (out_dir / n).stat().st_size for n in MODEL_FILES},
        "load_time_s": round(statistics.median(walls), 3),
        "load_cpu_s": round(statistics.median(cpus), 3),
        "load_times_s": [round(t, 3) for t in walls],
        "load_note": "spacy_pkuseg.pkuseg(model_name=<dir>) in one process, median of 3, "
        "wall clock and process CPU time",
        "test_set": f"{TEST_FILE} (500 sentences; full-width ASCII folded to half-width)",
        "f1": scores["f1"],
        "precision": scores["precision"],
        "recall": scores["recall"],
        "f1_note": "word spans; 'f1' uses pkuseg(model_name=<dir>) defaults, i.e. "
        "user_dict='default', which merges words found in spacy_pkuseg's bundled "
        "dicts/default.pkl; 'f1_user_dict_none' uses user_dict=None (no merging)",
        "f1_user_dict_none": scores_nodict["f1"],
        "precision_user_dict_none": scores_nodict["precision"],
        "recall_user_dict_none": scores_nodict["recall"],
        "test_counts": {k: scores[k] for k in ("gold_words", "pred_words", "correct_words")},
        "test_counts_user_dict_none": {
            k: scores_nodict[k] for k in ("gold_words", "pred_words", "correct_words")
        },
        "test_segment_time_s": round(seg_seconds, 2),
    }


def _version(dist: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
