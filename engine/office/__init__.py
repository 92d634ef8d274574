"""The fiduciary office (issue 20): many mandates processed in one night by any number of worker processes on any
number of machines, sharing one queue in the office database.

:mod:`.database` (tables, SQLite or PostgreSQL), :mod:`.registry` (the mandates: paths only), :mod:`.queue` (jobs
under leases), :mod:`.steps` (one mandate's night: import, recognise, post, pull, check), :mod:`.worker` (the loop
and the processes), :mod:`.morning` (the morning report).
"""
