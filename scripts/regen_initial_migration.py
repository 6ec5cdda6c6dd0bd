"""Regenerate the initial migration from the models.

Only for the time before the first release: once a database in the field has run
0001, schema changes must be new revisions (`alembic revision --autogenerate`).
"""

import tempfile
from pathlib import Path

from alembic import command

from storage.db import MIGRATIONS, alembic_config, make_engine

target = MIGRATIONS / "versions" / "0001_initial.py"
target.unlink(missing_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
    command.revision(alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001")
generated = next((MIGRATIONS / "versions").glob("0001_*.py"))
generated.rename(target)
print(f"wrote {target}")
