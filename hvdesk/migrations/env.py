"""Alembic environment: runs on the engine handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from hvdesk.model import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        raise RuntimeError("hvdesk migrations run through hvdesk.migrations.upgrade()")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things: copy-and-move tables instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
