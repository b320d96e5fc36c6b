"""CI fails when the schema the code generates differs from the committed openapi.yaml (as in
Open Zaak): a change to the API is a change to the contract, made on purpose and reviewed."""

import difflib
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "make openapi  (or: PYTHONPATH=. python -m loket spectacular --lang en --validate --file openapi.yaml)"


def test_the_committed_schema_is_the_one_the_code_generates(tmp_path):
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--validate", "--file", str(target))
    generated = target.read_text(encoding="utf-8")
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(True), generated.splitlines(True), "openapi.yaml (committed)", "generated"
                )
            )[:60]
        )
        raise AssertionError(
            f"openapi.yaml is not the schema the code generates. Regenerate it with\n  {COMMAND}\n"
            f"review the difference and commit it.\n\n{diff}"
        )
