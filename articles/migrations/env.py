"""Alembic environment: migrations run on the connection `articles.migrate` hands over."""

from alembic import context

from articles.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
)
context.run_migrations()
