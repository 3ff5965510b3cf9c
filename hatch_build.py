"""Hatch build hook: write `top_level.txt` into the wheel's `.dist-info`.

spaCy finds the distribution that provides a pipeline's registered functions through
the `top_level.txt` of installed distributions (`spacy.util.packages_distributions`),
and only through it: that is how `spacy package` writes `meeting-ner>=X.Y.0,<X.Y+1.0`
into a packaged pipeline's requirements. setuptools writes the file; hatchling does
not, so this hook does, for the wheel and for editable installs (`pip install -e .`).

hatchling's `extra_metadata` build data would put it in `.dist-info/extra_metadata/`,
where nothing reads it, so the file goes in as a forced inclusion at the
`.dist-info` path instead (and RECORD lists it as usual).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TopLevelHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        packages = self.build_config.target_config.get("packages", [])
        names = sorted({os.path.basename(str(package).rstrip("/")) for package in packages})
        if not names:
            raise ValueError("hatch_build.py: [tool.hatch.build.targets.wheel] packages is empty")
        self._tmp = tempfile.mkdtemp(prefix="meeting_ner_top_level_")
        source = os.path.join(self._tmp, "top_level.txt")
        with open(source, "w", encoding="utf-8") as f:
            f.write("".join(f"{name}\n" for name in names))
        dist_info = f"{self.build_config.builder.artifact_project_id}.dist-info"
        build_data["force_include"][source] = f"{dist_info}/top_level.txt"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
