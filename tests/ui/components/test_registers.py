"""The registers' Streamlit glue (ui/components/registers.py): an empty register still gives the editor its
text columns."""

from monitor.access.scope import local_user
from monitor.registers import edit as registers


def test_an_empty_register_still_gives_the_editor_text_columns(con):
    # A project without deliverables: the editor's text columns were float and the Schedule page failed.
    from monitor.registers.edit import REGISTERS
    from ui.components.registers import _blank_text

    empty = registers.rows(con, "deliverables", "no_such_project", local_user())
    shown = _blank_text("deliverables", empty)
    text = [f.name for f in REGISTERS["deliverables"].fields if f.kind in ("text", "partners")]
    assert empty.empty and all(shown[name].dtype == "str" for name in text)
