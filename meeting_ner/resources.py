"""Where the data that ships with the package lives.

In a checkout, `patterns/`, `configs/` and `models/` sit at the top of the repository;
in an installed wheel the build copies them into the package. Both layouts are found.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` (`patterns`, `configs` or `models`) of this installation."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"meeting_ner: no '{name}' folder beside {PACKAGE_DIR}")


def config_path() -> Path:
    """The configuration of the whole pipeline."""
    return data_dir("configs") / "meeting_ner.cfg"


def segmenter_model_dir() -> Path:
    """The pkuseg model the project trains and ships (see `scripts/train_segmenter.py`)."""
    return data_dir("models") / "pkuseg_ud_zh"
