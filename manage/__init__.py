"""Operations commands: database bootstrap, migrations, demo data, serving."""
