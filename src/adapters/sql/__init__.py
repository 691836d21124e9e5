"""SQL adapters over SQLAlchemy: schema, mapping, repositories, unit of work, migrations."""
