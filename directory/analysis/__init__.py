"""The board's analysis of provision: where there is help, where there is too much of the same,
and where there is none.

Every module here except `data` is pure functions over plain data (the dataclasses in
`records`), so it is tested without Flask or a database. `data` is the one place that reads
the database, with SQL aggregation, and hands plain data over.
"""
