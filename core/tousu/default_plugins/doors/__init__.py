"""What the default plugins' doors share: the command line's commands, the JSON API and the
web desk build their answers with these, so ``tousu show --json`` and
``GET /api/v1/complaints/{id}`` print one document and every text screen aligns alike.

`documents` (the JSON documents, screened for the viewer by `privacy`), `privacy` (who sees
personal data in clear, the masked views, the audit of views in clear, the masking of free text
in any line a door writes: `mask_text`), `clocks` (a clock explained: its basis, a pause's note,
the years without holiday data), `fields` (``K=V`` pairs read as facts), `queues` (the
register's filters and pages), `render` (the complaint's document, its history lines, a
recorded fact as text), `tables` (terminal tables by display width), `figures` (periods,
durations, money), `texts` (the screens' words), `kit_actors` (the test kit's choice of actor: the kit is a door too). None of
it is a plugin of its own and the kernel imports none of it (`tests/test_architecture.py`): the
App decides what happens and who may see it; these only ask it and render the answer. Domain
plugins render with the kernel's `tousu.render` (`clean`, `dumps`).
"""

from tousu.default_plugins.doors import texts as _texts  # noqa: F401 - registers the doors' words in the catalog
