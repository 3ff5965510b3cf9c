"""A pipeline packaged with `spacy package` requires meeting-ner (issue 17).

spaCy writes a package's requirements from the distributions that provide the
pipeline's registered functions, found through their `top_level.txt`
(`spacy.util.packages_distributions`). hatchling writes no such file; `hatch_build.py`
does. These tests run the README's packaging block: assemble with a pattern file of
one's own, package as a wheel, install that wheel in a new venv with meeting-ner's
wheel beside it, and load it there, away from the checkout.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import spacy
from packaging.requirements import Requirement
from spacy.cli.package import get_third_party_dependencies

from meeting_ner import __version__

from conftest import ROOT

MAJOR, MINOR = (int(part) for part in __version__.split(".")[:2])
REQUIREMENT = f"meeting-ner>={__version__},<{MAJOR}.{MINOR + 1}.0"
PACKAGE = "zh_meeting_custom"
# in the README's block: found only thanks to the user's own pattern file
TEXT = "3月5日，青禾联盟召开工作会议，首席数据官王立新出席会议并讲话。"
OWN = [("青禾联盟", "AGENCY"), ("首席数据官", "POSITION")]


def readme_packaging_block() -> tuple[str, str]:
    """The README's packaging block, cut where the machine that uses the package begins."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Package a pipeline with your own patterns\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S).group(1)
    build, use = re.split(r"^(?=# on the machine that uses it)", block, maxsplit=1, flags=re.M)
    return build, use


def shell_env(bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    return result


def requires_dist(wheel: Path) -> list[str]:
    """The Requires-Dist lines of a wheel's METADATA, extras left out."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(name).decode("utf-8")
    lines = re.findall(r"^Requires-Dist: (.+)$", metadata, flags=re.M)
    return [line.strip() for line in lines if "extra ==" not in line]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A folder with meeting-ner's wheel in `dist/` (built through its sdist, as
    `python -m build` does, so the sdist must carry the hook) and `configs/`."""
    work = tmp_path_factory.mktemp("package")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (work / "configs").symlink_to(ROOT / "configs", target_is_directory=True)
    return work


@pytest.fixture(scope="module")
def meeting_ner_wheel(work) -> Path:
    return next((work / "dist").glob("meeting_ner-*.whl"))


@pytest.fixture(scope="module")
def packaged(work) -> Path:
    """The README block's first part run in `work`: the assembled pipeline and its wheel."""
    build, _ = readme_packaging_block()
    run_bash(build, work, shell_env(Path(sys.executable).parent))
    return next((work / "packages" / f"{PACKAGE}-1.0.0" / "dist").glob(f"{PACKAGE}-1.0.0-*.whl"))


def test_wheel_has_top_level_txt(meeting_ner_wheel):
    with zipfile.ZipFile(meeting_ner_wheel) as zf:
        dist_info = f"meeting_ner-{__version__}.dist-info"
        assert zf.read(f"{dist_info}/top_level.txt").decode() == "meeting_ner\n"
        assert f"{dist_info}/top_level.txt," in zf.read(f"{dist_info}/RECORD").decode()


def test_spacy_finds_meeting_ner_in_this_install(nlp):
    """In the venv the tests run in (an editable install for development), as
    `spacy package` looks: the loaded pipeline's config, its functions' modules."""
    distributions = spacy.util.packages_distributions()
    assert distributions.get("meeting_ner") == ["meeting-ner"], (
        "no top_level.txt for meeting-ner: reinstall it (pip install -e .)"
    )
    assert REQUIREMENT in get_third_party_dependencies(nlp.config)


def test_packaged_wheel_requires_meeting_ner(packaged, work):
    meta = json.loads((work / "packages" / f"{PACKAGE}-1.0.0" / "meta.json").read_text(encoding="utf-8"))
    assert REQUIREMENT in meta["requirements"]
    requirements = [Requirement(line) for line in requires_dist(packaged)]
    assert [r.specifier for r in requirements if r.name == "meeting-ner"] == [
        Requirement(REQUIREMENT).specifier
    ]


def test_package_without_build_wheel_requires_meeting_ner(packaged, work):
    """The default `--build sdist`: the same requirements in meta.json and the sdist."""
    out = work / "packages_sdist"
    out.mkdir()
    subprocess.run(
        [sys.executable, "-m", "spacy", "package", "my_pipeline", str(out), "--name", "meeting_custom"]
        + ["--version", "1.0.0"],
        cwd=work,
        check=True,
        capture_output=True,
        timeout=600,
    )
    meta = json.loads((out / f"{PACKAGE}-1.0.0" / "meta.json").read_text(encoding="utf-8"))
    assert REQUIREMENT in meta["requirements"]
    assert next((out / f"{PACKAGE}-1.0.0" / "dist").glob(f"{PACKAGE}-1.0.0.tar.gz"))


def test_packaged_pipeline_installs_and_loads_in_a_new_venv(packaged, work, meeting_ner_wheel, nlp):
    # the user's patterns are what finds these: the shipped pipeline does not
    assert not set(OWN) & {(e.text, e.label_) for e in nlp(TEXT).ents}
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # meeting-ner's own dependencies, as its wheel's metadata lists them, from the index
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *requires_dist(meeting_ner_wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    # the README's second part with no index: meeting-ner can only come from dist/,
    # and only because the package requires it
    env = shell_env(env_dir / "bin")
    env["PIP_NO_INDEX"] = "1"
    _, use = readme_packaging_block()
    shown = run_bash(use, work, env)
    assert "青禾联盟" in shown.stdout
    subprocess.run([str(python), "-m", "pip", "check"], check=True, capture_output=True, timeout=300)
    probe = (
        "import json, sys, spacy\n"
        "import meeting_ner\n"
        f"assert meeting_ner.__file__.startswith({str(env_dir)!r}), meeting_ner.__file__\n"
        f"nlp = spacy.load({PACKAGE!r})\n"
        "doc = nlp(sys.stdin.read())\n"
        "print(json.dumps([[e.text, e.label_] for e in doc.ents], ensure_ascii=False))\n"
    )
    result = subprocess.run(
        [str(python), "-c", probe],
        input=TEXT,
        cwd=env_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(OWN) <= {tuple(ent) for ent in json.loads(result.stdout)}
    # where meeting-ner is the built wheel rather than an editable install, spaCy finds
    # it too: `spacy package` there writes the same requirement
    out = work / "packages_from_wheel"
    out.mkdir()
    subprocess.run(
        [str(python), "-m", "spacy", "package", "my_pipeline", str(out), "--name", "meeting_custom"]
        + ["--version", "1.0.0", "--build", "none"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    meta = json.loads((out / f"{PACKAGE}-1.0.0" / "meta.json").read_text(encoding="utf-8"))
    assert REQUIREMENT in meta["requirements"]
